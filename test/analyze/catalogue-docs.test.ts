import * as fs from 'fs';
import * as path from 'path';
import { catalogueMarkdown, END, START } from '../../scripts/catalogue-markdown';
import { ANALYZERS } from '../../src';

describe('the analyzer catalogue', () => {
  test('README documents every analyzer (regenerate with scripts/update-readme-catalogue.ts)', () => {
    const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf(START) + START.length, readme.indexOf(END)).trim();
    expect(section).toEqual(catalogueMarkdown());
  });

  test('codes are istioctl codes or our own range, with istioctl levels', () => {
    for (const a of ANALYZERS) {
      expect(a.code).toMatch(/^(IST\d{4}|CIG1\d{3})$/);
      expect(['Error', 'Warning', 'Info']).toContain(a.level);
      expect(a.description.length).toBeGreaterThan(20);
      expect(a.fix.length).toBeGreaterThan(10);
    }
  });
});
