// Regenerates a generated file or directory into a temporary place and fails with a one-line
// hint when the committed copy differs: `node scripts/check-generated.js api|imports|schemas`.
const { execSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.join(__dirname, '..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'check-generated-'));
const checks = {
  api: {
    committed: 'API.md',
    generate: (out) => execSync(`npx projen docgen:to ${out}`, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] }),
    fresh: (out) => path.join(out, 'API.md'),
    fix: 'npx projen docgen',
  },
  imports: {
    committed: 'src/imports',
    generate: (out) => execSync(`node scripts/import-crds.js --output ${out}`, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] }),
    fresh: (out) => out,
    fix: 'npx projen import',
  },
  schemas: {
    committed: 'crd-validators',
    generate: (out) => execSync(`node -r ts-node/register/transpile-only scripts/generate-crd-validators.ts --output ${out}`,
      { cwd: root, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, TS_NODE_PROJECT: 'tsconfig.dev.json' } }),
    fresh: (out) => out,
    fix: 'npx projen schemas',
  },
};

function snapshot(p) {
  if (!fs.existsSync(p)) return null;
  if (!fs.statSync(p).isDirectory()) return fs.readFileSync(p, 'utf8');
  return Object.fromEntries(fs.readdirSync(p).sort().map((f) => [f, snapshot(path.join(p, f))]));
}

const check = checks[process.argv[2]];
let stale;
try {
  check.generate(tmp);
  stale = JSON.stringify(snapshot(path.join(root, check.committed))) !== JSON.stringify(snapshot(check.fresh(tmp)));
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
if (stale) {
  console.error(`${check.committed} is stale: regenerate it with \`${check.fix}\` and commit the result`);
  process.exit(1);
}
