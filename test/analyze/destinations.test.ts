import { findingsOf, GATEWAY_WORKLOAD, publicGateway } from './support';

const GATEWAY = publicGateway("['apps/shop.example.com', 'other/api.example.com']");

/** The reviews Service (ports 9080, 9090 unless given) and its two versions' Deployments in apps. */
function reviews(ports = '[{name: http, port: 9080}, {name: http-admin, port: 9090}]'): string {
  return `
---
apiVersion: v1
kind: Service
metadata: {name: reviews, namespace: apps}
spec:
  selector: {app: reviews}
  ports: ${ports}
` + ['v1', 'v2'].map((v) => `
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: reviews-${v}, namespace: apps}
spec:
  selector: {matchLabels: {app: reviews, version: ${v}}}
  template:
    metadata: {labels: {app: reviews, version: ${v}}}
    spec: {containers: [{name: reviews, image: reviews}]}
`).join('');
}

function destinationRule(host = 'reviews', subsets = '[{name: v1, labels: {version: v1}}, {name: v2, labels: {version: v2}}]'): string {
  return `
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: reviews, namespace: apps}
spec:
  host: ${host}
  subsets: ${subsets}
`;
}

/** A VirtualService in apps for shop.example.com on istio-system/public with one http rule. */
function virtualService(rule: string, hosts = '[shop.example.com]'): string {
  return `
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: shop, namespace: apps}
spec:
  hosts: ${hosts}
  gateways: [istio-system/public]
  http: [${rule}]
`;
}

const BASE = GATEWAY_WORKLOAD + GATEWAY + reviews() + destinationRule();

describe('IST0101 ReferencedResourceNotFound (host, host:port, mirror host)', () => {
  // Cases after istio/istio pkg/config/analysis/analyzers/testdata/virtualservice_destinationhosts.yaml.
  test.each([
    ['a short Service name', '{route: [{destination: {host: reviews, port: {number: 9080}}}]}'],
    ['a full Service name', '{route: [{destination: {host: reviews.apps.svc.cluster.local, port: {number: 9080}}}]}'],
    ['a mirror of a Service', '{route: [{destination: {host: reviews, port: {number: 9080}}}], mirror: {host: reviews, port: {number: 9090}}}'],
  ])('%s is found', (_what, rule) => {
    expect(findingsOf('IST0101', BASE + virtualService(rule))).toEqual([]);
  });

  test('a ServiceEntry host (wildcard) is found', () => {
    const entry = `
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: external, namespace: apps}
spec: {hosts: ['*.payments.example.net'], ports: [{number: 443, name: https, protocol: HTTPS}], resolution: DNS}
`;
    expect(findingsOf('IST0101', BASE + entry + virtualService('{route: [{destination: {host: eu.payments.example.net}}]}'))).toEqual([]);
  });

  test('a host that is no Service nor ServiceEntry is an error saying what was looked for', () => {
    expect(findingsOf('IST0101', BASE + virtualService('{route: [{destination: {host: ratings, port: {number: 9080}}}]}'))).toEqual([{
      code: 'IST0101',
      level: 'Error',
      resource: 'VirtualService apps/shop',
      message: expect.stringMatching(/^Referenced host not found: "ratings" \(http\[0\]\.route\[0\]; looked for a Service ratings.apps.svc.cluster.local/),
    }]);
  });

  test('a short name resolves in the VirtualService namespace only', () => {
    const elsewhere = BASE + virtualService('{route: [{destination: {host: reviews, port: {number: 9080}}}]}').replace('namespace: apps}\nspec:\n  hosts', 'namespace: web}\nspec:\n  hosts');
    expect(findingsOf('IST0101', elsewhere)[0].message).toMatch(/reviews.web.svc.cluster.local/);
  });

  test('a port the Service does not expose is an error (host:port)', () => {
    expect(findingsOf('IST0101', BASE + virtualService('{route: [{destination: {host: reviews, port: {number: 8080}}}]}'))).toEqual([{
      code: 'IST0101',
      level: 'Error',
      resource: 'VirtualService apps/shop',
      message: expect.stringMatching(/^Referenced host:port not found: "reviews:8080" \(http\[0\]\.route\[0\]; Service apps\/reviews exposes 9080, 9090\)/),
    }]);
  });

  test('a mirror host that does not exist is an error (mirror host)', () => {
    const rule = '{route: [{destination: {host: reviews, port: {number: 9080}}}], mirror: {host: reviews-shadow, port: {number: 9080}}}';
    expect(findingsOf('IST0101', BASE + virtualService(rule))).toEqual([expect.objectContaining({
      level: 'Error',
      resource: 'VirtualService apps/shop',
      message: expect.stringMatching(/^Referenced mirror host not found: "reviews-shadow" \(http\[0\]\.mirror;/),
    })]);
  });
});

describe('IST0101 ReferencedResourceNotFound (host+subset, mirror+subset in destinationrule)', () => {
  // Cases after istio/istio pkg/config/analysis/analyzers/testdata/virtualservice_destinationrules.yaml.
  test('a subset the DestinationRule defines is fine', () => {
    expect(findingsOf('IST0101', BASE + virtualService('{route: [{destination: {host: reviews, subset: v2, port: {number: 9080}}}]}'))).toEqual([]);
  });

  test('a subset no DestinationRule defines is an error', () => {
    expect(findingsOf('IST0101', BASE + virtualService('{route: [{destination: {host: reviews, subset: v3, port: {number: 9080}}}]}'))).toEqual([{
      code: 'IST0101',
      level: 'Error',
      resource: 'VirtualService apps/shop',
      message: expect.stringMatching(/^Referenced host\+subset in destinationrule not found: "reviews\+v3" .*no DestinationRule for host reviews.apps.svc.cluster.local/),
    }]);
  });

  test('a mirror subset no DestinationRule defines is an error', () => {
    const rule = '{route: [{destination: {host: reviews, port: {number: 9080}}}], mirror: {host: reviews, subset: v9, port: {number: 9080}}}';
    expect(findingsOf('IST0101', BASE + virtualService(rule))).toEqual([expect.objectContaining({
      resource: 'VirtualService apps/shop',
      message: expect.stringMatching(/^Referenced mirror\+subset in destinationrule not found: "reviews\+v9"/),
    })]);
  });
});

describe('IST0112 VirtualServiceDestinationPortSelectorRequired', () => {
  // Cases after istio/istio pkg/config/analysis/analyzers/testdata/virtualservice_destinationhosts.yaml (multi-port Services).
  test('no port is fine when the Service has a single port', () => {
    expect(findingsOf('IST0112', GATEWAY_WORKLOAD + GATEWAY + reviews('[{name: http, port: 9080}]') + virtualService('{route: [{destination: {host: reviews}}]}')))
      .toEqual([]);
  });

  test('no port on a multi-port Service is an error', () => {
    expect(findingsOf('IST0112', BASE + virtualService('{route: [{destination: {host: reviews}}]}'))).toEqual([{
      code: 'IST0112',
      level: 'Error',
      resource: 'VirtualService apps/shop',
      message: expect.stringMatching(/^destination "reviews" \(http\[0\]\.route\[0\]\) has no port, but Service apps\/reviews exposes ports 9080, 9090/),
    }]);
  });
});

describe('IST0132 VirtualServiceHostNotFoundInGateway', () => {
  // Cases after istio/istio pkg/config/analysis/analyzers/testdata/virtualservice_host_not_found_gateway.yaml.
  const route = '{route: [{destination: {host: reviews, port: {number: 9080}}}]}';

  test.each([
    ['the exact server host', '[shop.example.com]'],
    ['a wildcard covering the server host', "['*.example.com']"],
  ])('%s is fine', (_what, hosts) => {
    expect(findingsOf('IST0132', BASE + virtualService(route, hosts))).toEqual([]);
  });

  test('a host the Gateway offers only to another namespace is a warning', () => {
    expect(findingsOf('IST0132', BASE + virtualService(route, '[api.example.com]'))).toEqual([{
      code: 'IST0132',
      level: 'Warning',
      resource: 'VirtualService apps/shop',
      message: expect.stringMatching(/^none of the hosts api.example.com matches a server host of Gateway istio-system\/public \(for namespace apps it accepts shop.example.com;/),
    }]);
  });
});

describe('IST0174 UnknownDestinationRuleHost', () => {
  // Cases after istio/istio pkg/config/analysis/analyzers/testdata/destinationrule-with-fake-host.yaml.
  test('a DestinationRule for an existing Service is fine', () => {
    expect(findingsOf('IST0174', BASE)).toEqual([]);
  });

  test('a DestinationRule for a host nothing defines is a warning', () => {
    expect(findingsOf('IST0174', GATEWAY_WORKLOAD + reviews() + destinationRule('ratings'))).toEqual([{
      code: 'IST0174',
      level: 'Warning',
      resource: 'DestinationRule apps/reviews',
      message: expect.stringMatching(/^host "ratings" \(ratings.apps.svc.cluster.local\) matches no Service or ServiceEntry host/),
    }]);
  });
});

describe('IST0173 DestinationRuleSubsetNotSelectPods', () => {
  // Cases after istio/istio pkg/config/analysis/analyzers/testdata/destinationrule-subsets-not-select-pods.yaml.
  test('subsets matching the versions\' pods are fine', () => {
    expect(findingsOf('IST0173', BASE)).toEqual([]);
  });

  test('a subset whose labels no pod of the Service carries is an error', () => {
    const found = findingsOf('IST0173', GATEWAY_WORKLOAD + reviews() + destinationRule('reviews', '[{name: v1, labels: {version: v1}}, {name: v3, labels: {version: v3}}]'));
    expect(found).toEqual([{
      code: 'IST0173',
      level: 'Error',
      resource: 'DestinationRule apps/reviews',
      message: expect.stringMatching(/^subset v3 selects no pod: none of the 2 pod\(s\) .* carries app=reviews,version=v3/),
    }]);
  });

  test('is not judged when the Service\'s pods are not in the manifests', () => {
    const withoutPods = reviews().split('\n---\n').slice(0, 2).join('\n---\n');
    expect(findingsOf('IST0173', withoutPods + destinationRule('reviews', '[{name: v3, labels: {version: v3}}]'))).toEqual([]);
  });

  // A subset matches pod labels plus the node's: kubernetes.io/hostname from spec.nodeName, and the region, zone and
  // subzone labels of that Node when it is in the input (istio/istio pkg/config/analysis/analyzers/destinationrule/
  // subset.go PodNotSelectedAnalyzer.Analyze, pilot/pkg/serviceregistry/util/label/label.go AugmentLabels). Cases
  // after analyzers_test.go "DestinationRuleSubsetsWithTopologyLabels" and "DestinationRuleEmptyTopologyLabels".
  const service = reviews().split('\n---\n').slice(0, 2).join('\n---\n');
  const pod = (labels = '{app: reviews, version: v1}', nodeName = 'worker-1') => `
---
apiVersion: v1
kind: Pod
metadata: {name: reviews-v1-7d9f, namespace: apps, labels: ${labels}}
spec: {nodeName: ${nodeName}, containers: [{name: reviews, image: reviews}]}
`;
  const node = (labels: string) => `
---
apiVersion: v1
kind: Node
metadata: {name: worker-1, labels: ${labels}}
`;
  const EU_NODE = node('{topology.kubernetes.io/region: eu-central-1, topology.kubernetes.io/zone: eu-central-1b, topology.istio.io/subzone: rack-3}');
  const subsetFindings = (yaml: string, labels: string) => findingsOf('IST0173', yaml + destinationRule('reviews', `[{name: pick, labels: ${labels}}]`));

  test.each([
    ['the region of the pod\'s Node', '{topology.kubernetes.io/region: eu-central-1}'],
    ['the zone of the pod\'s Node', '{topology.kubernetes.io/zone: eu-central-1b}'],
    ['the subzone of the pod\'s Node', '{topology.istio.io/subzone: rack-3}'],
    ['the pod\'s node name', '{kubernetes.io/hostname: worker-1}'],
    ['a pod label and the Node\'s region', '{version: v1, topology.kubernetes.io/region: eu-central-1}'],
  ])('a subset selecting by %s is fine', (_what, labels) => {
    expect(subsetFindings(service + pod() + EU_NODE, labels)).toEqual([]);
  });

  test.each([
    ['another region', '{topology.kubernetes.io/region: us-east-1}'],
    ['a pod label the pod lacks, with the Node\'s region', '{version: v2, topology.kubernetes.io/region: eu-central-1}'],
  ])('a subset selecting by %s is an error', (_what, labels) => {
    expect(subsetFindings(service + pod() + EU_NODE, labels)).toEqual([{
      code: 'IST0173',
      level: 'Error',
      resource: 'DestinationRule apps/reviews',
      message: expect.stringMatching(/^subset pick selects no pod: .*topology\.kubernetes\.io\/region=.* \(a Pod with spec\.nodeName also carries kubernetes\.io\/hostname/),
    }]);
  });

  test('without the Node in the manifests, only the node name is known', () => {
    expect(subsetFindings(service + pod(), '{kubernetes.io/hostname: worker-1}')).toEqual([]);
    expect(subsetFindings(service + pod(), '{topology.kubernetes.io/region: eu-central-1}')).toHaveLength(1);
  });

  test('a Node without a zone gives no subzone', () => {
    const zoneless = node('{topology.kubernetes.io/region: eu-central-1, topology.istio.io/subzone: rack-3}');
    expect(subsetFindings(service + pod() + zoneless, '{topology.kubernetes.io/region: eu-central-1}')).toEqual([]);
    expect(subsetFindings(service + pod() + zoneless, '{topology.istio.io/subzone: rack-3}')).toHaveLength(1);
  });

  test('an empty Node label is not added, so a subset asking for it empty selects nothing', () => {
    const empty = node('{topology.kubernetes.io/region: ""}');
    expect(subsetFindings(service + pod() + empty, '{version: v1}')).toEqual([]);
    expect(subsetFindings(service + pod() + empty, '{topology.kubernetes.io/region: ""}')).toHaveLength(1);
  });

  test('the Node\'s label replaces a pod label of the same key', () => {
    const labelled = pod('{app: reviews, version: v1, topology.kubernetes.io/region: on-prem}');
    expect(subsetFindings(service + labelled + EU_NODE, '{topology.kubernetes.io/region: eu-central-1}')).toEqual([]);
    expect(subsetFindings(service + labelled + EU_NODE, '{topology.kubernetes.io/region: on-prem}')).toHaveLength(1);
  });

  test('a pod template without a nodeName may land on any node, so its node labels are not held against a subset', () => {
    const templates = reviews();
    expect(subsetFindings(templates, '{version: v1, topology.kubernetes.io/zone: eu-central-1b}')).toEqual([]);
    expect(subsetFindings(templates, '{version: v3, topology.kubernetes.io/zone: eu-central-1b}')).toHaveLength(1);
    // No node sets an empty value.
    expect(subsetFindings(templates, '{version: v1, topology.kubernetes.io/zone: ""}')).toHaveLength(1);
  });

  test('a pod template with a nodeName is judged as a Pod on that node', () => {
    const pinned = reviews().replace(/spec: \{containers:/g, 'spec: {nodeName: worker-1, containers:') + EU_NODE;
    expect(subsetFindings(pinned, '{version: v1, topology.kubernetes.io/zone: eu-central-1b}')).toEqual([]);
    expect(subsetFindings(pinned, '{version: v1, topology.kubernetes.io/zone: eu-central-1a}')).toHaveLength(1);
  });
});
