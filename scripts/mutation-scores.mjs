// Prints the mutation score of each mutated file from the reports of `npm run test:mutation`, and fails when one is
// below the floor: Stryker's own break threshold applies to a whole run, not to each file.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const FLOOR = 90;
const DIR = 'reports/mutation';

/** Stryker's score: detected (killed, timed out) over valid (detected, survived, not covered) mutants. */
function score(mutants) {
  const count = (...states) => mutants.filter((m) => states.includes(m.status)).length;
  const detected = count('Killed', 'Timeout');
  const valid = detected + count('Survived', 'NoCoverage');
  return { score: valid === 0 ? 100 : (100 * detected) / valid, detected, valid };
}

const rows = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort().flatMap((report) => {
  const { files } = JSON.parse(readFileSync(join(DIR, report), 'utf8'));
  return Object.entries(files).map(([file, { mutants }]) => ({ file, ...score(mutants) }));
});
if (rows.length === 0) {
  console.error(`no mutation reports in ${DIR}/: run npm run test:mutation`);
  process.exit(1);
}
for (const row of rows) {
  console.log(`${row.score.toFixed(2).padStart(6)}%  ${String(row.detected).padStart(4)}/${String(row.valid).padEnd(4)}  ${row.file}`);
}
const low = rows.filter((row) => row.score < FLOOR);
if (low.length > 0) {
  console.error(`below ${FLOOR}%: ${low.map((row) => row.file).join(', ')}`);
  process.exit(1);
}
