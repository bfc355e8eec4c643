// Generates src/imports/ from the vendored CRDs in crds/ with `cdk8s import`.
// Only the kinds the constructs use are imported, to keep the generated code small.
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const YAML = require('yaml');

const root = path.join(__dirname, '..');
const outArg = process.argv.indexOf('--output');
const output = outArg > 0 ? path.resolve(process.argv[outArg + 1]) : path.join(root, 'src/imports');
const wanted = [
  { file: 'crds/istio-networking.yaml', crds: ['gateways.networking.istio.io', 'virtualservices.networking.istio.io', 'destinationrules.networking.istio.io'] },
  { file: 'crds/cert-manager-certificate.yaml', crds: ['certificates.cert-manager.io'] },
];

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'crd-import-'));
try {
  for (const { file, crds } of wanted) {
    const docs = YAML.parseAllDocuments(fs.readFileSync(path.join(root, file), 'utf8'))
      .map((d) => d.toJS())
      .filter((crd) => crds.includes(crd?.metadata?.name));
    if (docs.length !== crds.length) throw new Error(`${file}: expected CRDs ${crds.join(', ')}`);
    // The constructs emit the storage version only (networking.istio.io/v1, cert-manager.io/v1).
    for (const crd of docs) crd.spec.versions = crd.spec.versions.filter((v) => v.storage);
    const input = path.join(tmp, path.basename(file));
    fs.writeFileSync(input, docs.map((crd) => YAML.stringify(crd)).join('---\n'));
    execFileSync(path.join(root, 'node_modules/.bin/cdk8s'), ['import', input, '--output', output,
      '--language', 'typescript', '--no-check-upgrade'], { stdio: ['ignore', 'ignore', 'inherit'], cwd: root });
  }
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
