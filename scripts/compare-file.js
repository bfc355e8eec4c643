// Exits 1 with a one-line hint when two files differ (used to keep generated files fresh).
const fs = require('fs');
const [committed, fresh, fix] = process.argv.slice(2);
const read = (p) => (fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : null);
if (read(committed) !== read(fresh)) {
  console.error(`${committed} is stale: regenerate it with \`${fix}\` and commit the result`);
  process.exit(1);
}
