/** Rewrites the analyzer catalogue table in README.md from the analyzers' own descriptions. */
import * as fs from 'fs';
import * as path from 'path';
import { catalogueMarkdown, END, START } from './catalogue-markdown';

const readme = path.join(__dirname, '..', 'README.md');
const text = fs.readFileSync(readme, 'utf8');
const start = text.indexOf(START);
const end = text.indexOf(END);
if (start < 0 || end < 0) {
  console.error(`README.md: the markers of the analyzer catalogue are missing (${START} ... ${END})`);
  process.exit(1);
}
fs.writeFileSync(readme, `${text.slice(0, start + START.length)}\n${catalogueMarkdown()}\n${text.slice(end)}`);
