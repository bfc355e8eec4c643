// The Pulumi example under Pulumi's unit-test mocks, in an app that installed the packed library: loads the
// example's TypeScript as Pulumi's runtime does (transpiled to CommonJS), builds the component, and prints the
// resource types it registers, its node ports and the engine's decision for a request on the component.
const fs = require('fs');
const ts = require('typescript');
const pulumi = require('@pulumi/pulumi');

require.extensions['.ts'] = (module, filename) => {
  const { outputText } = ts.transpileModule(fs.readFileSync(filename, 'utf8'), {
    fileName: filename,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020, esModuleInterop: true },
  });
  module._compile(outputText, filename);
};

const types = [];
pulumi.runtime.setMocks({
  newResource: (args) => {
    types.push(args.type);
    return { id: `${args.name}-id`, state: args.inputs };
  },
  call: (args) => args.inputs,
}, 'article-ingress', 'dev', false);

/** Resolves once no registration has reached the mocks for 100 ms. */
async function settled() {
  let count = -1;
  while (count !== types.length) {
    count = types.length;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function main() {
  const { articleIngress } = require('./article-ingress');
  const { TrafficEngine } = require('cdk8s-istio-gateway');
  const ingress = articleIngress();
  const nodePorts = await new Promise((resolve) => ingress.nodePorts.apply(resolve));
  await settled();
  const decision = TrafficEngine.fromChart(ingress).route({ nodePort: 30080, host: 'counter.lab.example.com', path: '/' });
  console.log(`registered: ${[...new Set(types)].sort().join(', ')}`);
  console.log(`nodePorts: ${JSON.stringify(nodePorts)}`);
  console.log(`route: ${decision.action} to ${decision.destinations.map((d) => `${d.host}:${d.port}`).join(', ')}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
