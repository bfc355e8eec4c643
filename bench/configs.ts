/**
 * Generated manifests for the benchmarks: a gateway workload plus N VirtualServices.
 */

/** The gateway Deployment, Service and Gateway every benchmark config starts from. */
export function gatewayObjects(hosts: string[] = ['*']): unknown[] {
  const labels = { app: 'istio-ingressgateway', istio: 'ingressgateway' };
  return [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'istio-ingressgateway', namespace: 'istio-system' },
      spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'istio-proxy', image: 'auto' }] } } },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'istio-ingressgateway', namespace: 'istio-system' },
      spec: { type: 'NodePort', selector: labels, ports: [{ name: 'http2', port: 80, targetPort: 80, nodePort: 30080 }] },
    },
    {
      apiVersion: 'networking.istio.io/v1',
      kind: 'Gateway',
      metadata: { name: 'public', namespace: 'istio-system' },
      spec: { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts }] },
    },
  ];
}

/**
 * `services` VirtualServices, one host each (`svc-<i>.example.com`), with `rulesPerHost` rules:
 * prefix matches `/api/v<j>/`, every third one also on a header, and a final catch-all.
 */
export function manyVirtualServices(services: number, rulesPerHost: number): unknown[] {
  const objects = gatewayObjects();
  for (let i = 0; i < services; i++) {
    const http = [];
    for (let j = 0; j < rulesPerHost - 1; j++) {
      http.push({
        name: `r${j}`,
        match: [{ uri: { prefix: `/api/v${j}/` }, ...(j % 3 === 0 ? { headers: { 'x-tenant': { exact: `t${j}` } } } : {}) }],
        route: [{ destination: { host: `svc-${i}-v${j}`, port: { number: 8080 } } }],
      });
    }
    http.push({ name: 'default', route: [{ destination: { host: `svc-${i}`, port: { number: 80 } } }] });
    objects.push({
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: `svc-${i}`, namespace: 'apps' },
      spec: { hosts: [`svc-${i}.example.com`], gateways: ['istio-system/public'], http },
    });
  }
  return objects;
}

/**
 * 1,000 VirtualServices x 10 rules, half of them on one host, so that the shadowing analysis
 * scans one virtual host of 5,000 routes (its worst case) and 500 small ones.
 */
export function sharedHostVirtualServices(): unknown[] {
  const objects = gatewayObjects();
  for (let v = 0; v < 1000; v++) {
    objects.push({
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: `vs-${v}`, namespace: 'apps' },
      spec: {
        hosts: [v % 2 === 0 ? 'shop.example.com' : `svc-${v}.example.com`],
        gateways: ['istio-system/public'],
        http: Array.from({ length: 10 }, (_, r) => ({
          match: [{ uri: { prefix: `/s${v}/r${r}` }, headers: { 'x-v': { regex: `v${r}[0-9]+` } } }],
          route: [{ destination: { host: `svc-${v}` } }],
        })),
      },
    });
  }
  return objects;
}

/** Strings the YAML core schema would read as something else (null, booleans, numbers), or that need quotes. */
const NOT_PLAIN = /^(?:[-+.0-9~]|null$|Null$|NULL$|true$|True$|TRUE$|false$|False$|FALSE$)|[^A-Za-z0-9._/-]/;

/**
 * `objects` as a multi-document YAML stream in the block style `cdk8s synth` and `kubectl get -o yaml` write, for the
 * command line benchmarks. Written directly: `yaml.stringify` takes about half a minute for 20,000 documents. It
 * covers what the generators here produce (mappings, lists, strings, numbers, booleans, null), quoting strings as
 * JSON (which YAML reads alike) unless they are plain words.
 */
export function manifestsYaml(objects: readonly unknown[]): string {
  const out: string[] = [];
  const scalar = (value: unknown): string => (typeof value === 'string' && (value === '' || NOT_PLAIN.test(value)) ? JSON.stringify(value) : String(value));
  const isNode = (value: unknown): value is object => value !== null && typeof value === 'object' && Object.keys(value).length > 0;
  const empty = (value: object) => (Array.isArray(value) ? '[]' : '{}');
  const inline = (value: unknown): string => (value !== null && typeof value === 'object' ? empty(value) : scalar(value));
  const node = (value: object, indent: string, first: string): void => {
    // `first` prefixes the first line (a list item's `- `); the other lines take `indent`.
    let prefix = first;
    if (Array.isArray(value)) {
      for (const item of value) {
        if (isNode(item)) {
          node(item, `${indent}  `, `${prefix}- `);
        } else {
          out.push(`${prefix}- ${inline(item)}`);
        }
        prefix = indent;
      }
      return;
    }
    for (const [key, item] of Object.entries(value)) {
      if (isNode(item)) {
        out.push(`${prefix}${scalar(key)}:`);
        node(item, `${indent}  `, `${indent}  `);
      } else {
        out.push(`${prefix}${scalar(key)}: ${inline(item)}`);
      }
      prefix = indent;
    }
  };
  for (const object of objects) {
    out.push('---');
    node(object as object, '', '');
  }
  return `${out.join('\n')}\n`;
}
