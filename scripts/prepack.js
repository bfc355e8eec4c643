// Before `npm pack` or `npm publish`: compile src/ into a clean lib/ and bundle the command line, so the package never ships a stale or
// missing build (a fresh clone has no lib/).
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
fs.rmSync(path.join(root, 'lib'), { recursive: true, force: true });
fs.rmSync(path.join(root, 'tsconfig.tsbuildinfo'), { force: true });
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: root, stdio: 'inherit' });
execFileSync(process.execPath, [path.join(__dirname, 'bundle-cli.js'), path.join(root, 'lib')], { cwd: root, stdio: 'inherit' });
