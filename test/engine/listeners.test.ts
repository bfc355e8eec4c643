/**
 * Gateway workloads, Service port translation, server merging and filter chain selection:
 * everything that happens before a request reaches a route table (reference §0, §a, §b).
 */
import {
  CHART_GATEWAY, EngineCase, engineFromYaml, fqdn, gateway, gatewayDeployment, gatewayService, httpServer, onlyTo, routeAllTo, runCases, tcpTo,
  virtualService,
} from './gateway-fixtures';

const REF = '/work/shared/reference/ISTIO-ROUTING-SEMANTICS.md';
const GATEWAY_GO = 'istio/istio pilot/pkg/model/gateway.go';
const CORE_GATEWAY_GO = 'istio/istio pilot/pkg/networking/core/gateway.go';
const SERVICE_TARGETS = 'istio/istio pilot/pkg/serviceregistry/kube/controller/controller.go GetProxyServiceTargetsByPod';
const OVERLAPPING_PROTOCOLS = 'controller_test.go TestGetProxyServiceTargetsWithMultiIPsAndTargetPorts "single proxy ip multiple ports same target port with overlapping protocols"';
const FILTER_CHAIN_MANAGER = 'envoyproxy/envoy source/common/listener_manager/filter_chain_manager_impl.cc (addFilterChains, findFilterChainForServerName)';

/** A route-everything VirtualService `name` in default for `hosts` bound to `gateways`, to Service `name`:80. */
function vsTo(name: string, hosts: string, gateways: string, created?: string): string {
  return virtualService(name, 'default', hosts, gateways, routeAllTo(name, 80), created);
}

/** Matches a decision whose trace names the Envoy listener. */
function onListener(name: string): Record<string, unknown> {
  return { trace: expect.arrayContaining([`listener ${name}`]) };
}

/** An HTTPS SIMPLE server on `port` for `hosts` (YAML flow list). */
function httpsServer(hosts: string, name = 'https', port = 443): string {
  return `
- port: {number: ${port}, name: ${name}, protocol: HTTPS}
  hosts: ${hosts}
  tls: {mode: SIMPLE, credentialName: ${name}-cert}
`;
}

/** A second gateway workload, `istio-system/other-gateway` labelled `istio: other`, with its own Service. */
const OTHER_WORKLOAD = gatewayDeployment({ name: 'other-gateway', labels: 'istio: other' })
  + gatewayService('- {name: http2, port: 80, targetPort: 8080, nodePort: 31080}', { name: 'other-gateway', selector: 'istio: other' });

const COUNTER_APP = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: counter, namespace: default}
spec:
  selector: {matchLabels: {app: counter}}
  template:
    metadata: {labels: {app: counter}}
    spec:
      containers:
      - {name: counter, image: counter:1, ports: [{containerPort: 8080}]}
---
apiVersion: v1
kind: Service
metadata: {name: counter, namespace: default}
spec:
  selector: {app: counter}
  ports: [{name: http, port: 80, targetPort: 8080}]
---
`;

const WORKLOADS: EngineCase[] = [
  {
    name: 'a Gateway selector is a subset match on the pod labels',
    source: `${REF} §a.1; istio/istio pilot/pkg/model/push_context.go mergeGateways (SubsetOf)`,
    manifests: gatewayDeployment({ labels: 'istio: ingressgateway\napp: istio-ingressgateway\nversion: v1' }) + gatewayService('- {name: http2, port: 80}')
      + gateway('gw', httpServer(80, '["*"]')) + vsTo('counter', '["*"]', '[istio-system/gw]'),
    request: { port: 80, host: 'counter.example.com' },
    expect: { action: 'route', gateway: 'istio-system/gw', virtualService: 'default/counter', ...onlyTo(fqdn('counter'), 80) },
  },
  {
    name: 'a selector label the pods lack does not select them',
    source: `${REF} §a.1 (every selector key/value must be present)`,
    manifests: gatewayDeployment() + gatewayService('- {name: http2, port: 80}')
      + gateway('gw', httpServer(80, '["*"]'), { selector: 'istio: ingressgateway\nzone: west' })
      + gateway('real', httpServer(80, '["*"]')) + vsTo('counter', '["*"]', '[istio-system/gw]'),
    request: { port: 80, host: 'counter.example.com', gateway: 'istio-system/istio-ingressgateway' },
    expect: { action: 'no_route', status: 404, gateway: 'istio-system/real' },
  },
  {
    name: 'an empty selector applies to every gateway workload (first workload)',
    source: `${REF} §a.1; istio/istio pilot/pkg/model/push_context.go mergeGateways (empty selector is a subset of any labels)`,
    manifests: CHART_GATEWAY + OTHER_WORKLOAD + gateway('everywhere', httpServer(80, '["*"]'), { selector: '{}' }) + vsTo('counter', '["*"]', '[istio-system/everywhere]'),
    request: { port: 80, host: 'counter.example.com', gateway: 'istio-system/istio-ingressgateway' },
    expect: { action: 'route', gateway: 'istio-system/everywhere', ...onListener('0.0.0.0_80') },
  },
  {
    name: 'an empty selector applies to every gateway workload (second workload, its own port mapping)',
    source: `${REF} §a.1, §a.3`,
    manifests: CHART_GATEWAY + OTHER_WORKLOAD + gateway('everywhere', httpServer(80, '["*"]'), { selector: '{}' }) + vsTo('counter', '["*"]', '[istio-system/everywhere]'),
    request: { port: 80, host: 'counter.example.com', gateway: 'istio-system/other-gateway' },
    expect: { action: 'route', gateway: 'istio-system/everywhere', ...onListener('0.0.0.0_8080') },
  },
  {
    name: 'a Gateway without a selector field applies to every gateway workload, not to application pods',
    source: `${REF} §a.1 (only router-mode proxies consume Gateways); istio/istio pilot/pkg/model/push_context.go mergeGateways (GetSelector() == nil)`,
    manifests: CHART_GATEWAY + COUNTER_APP + gateway('everywhere', httpServer(80, '["*"]'), { selector: 'none' }) + vsTo('counter', '["*"]', '[istio-system/everywhere]'),
    request: { port: 80, host: 'counter.example.com' },
    expect: { action: 'route', gateway: 'istio-system/everywhere', virtualService: 'default/counter' },
  },
  {
    name: 'a Gateway in another namespace configures the istio-system pods and uses their Service',
    source: `${REF} §a.1 (cross-namespace by default, PILOT_SCOPE_GATEWAY_TO_NAMESPACE=false), §a.3`,
    manifests: gatewayDeployment() + gatewayService('- {name: http2, port: 80, targetPort: 8080, nodePort: 30080}')
      + gateway('apps-gw', httpServer(80, '["*.apps.example.com"]'), { namespace: 'apps' })
      + virtualService('shop', 'apps', '["shop.apps.example.com"]', '[apps-gw]', routeAllTo('shop', 80)),
    request: { nodePort: 30080, host: 'shop.apps.example.com' },
    expect: {
      action: 'route',
      gateway: 'apps/apps-gw',
      virtualService: 'apps/shop',
      ...onlyTo(fqdn('shop', 'apps'), 80),
      ...onListener('0.0.0.0_8080'),
    },
  },
  {
    name: 'a Gateway that selects no Deployment in the manifests implies its workload',
    source: `${REF} §a.1 (a Gateway applies even if nothing else in the manifests describes the pods); engine contract (gateway optional with one workload)`,
    manifests: gateway('gw', httpServer(80, '["*"]')) + vsTo('counter', '["*"]', '[istio-system/gw]'),
    request: { port: 80, host: 'counter.example.com' },
    expect: { action: 'route', gateway: 'istio-system/gw', virtualService: 'default/counter', trace: expect.arrayContaining([expect.stringContaining('implied')]) },
  },
  {
    name: 'an implied workload takes the Service that selects its labels, even from another namespace than the Gateway',
    source: `${REF} §a.1, §a.3 (the Service in the pods' namespace translates ports)`,
    manifests: gatewayService('- {name: http2, port: 80, targetPort: 8080, nodePort: 30080}')
      + gateway('apps-gw', httpServer(80, '["*"]'), { namespace: 'apps' }) + virtualService('shop', 'apps', '["*"]', '[apps-gw]', routeAllTo('shop', 80)),
    request: { nodePort: 30080, host: 'shop.example.com' },
    expect: { action: 'route', gateway: 'apps/apps-gw', virtualService: 'apps/shop', ...onListener('0.0.0.0_8080') },
  },
  {
    name: 'request.gateway names the workload by its Service',
    source: 'engine contract: gateway is NS/NAME of its Service, Deployment or a Gateway selecting it',
    manifests: CHART_GATEWAY + OTHER_WORKLOAD + gateway('main', httpServer(80, '["*"]')) + gateway('other', httpServer(80, '["*"]'), { selector: 'istio: other' })
      + vsTo('main', '["*"]', '[istio-system/main]') + vsTo('other', '["*"]', '[istio-system/other]'),
    request: { port: 80, host: 'x.example.com', gateway: 'istio-system/other-gateway' },
    expect: { action: 'route', gateway: 'istio-system/other', virtualService: 'default/other' },
  },
  {
    name: 'request.gateway names the workload by its Deployment',
    source: 'engine contract: gateway is NS/NAME of its Service, Deployment or a Gateway selecting it',
    manifests: CHART_GATEWAY + OTHER_WORKLOAD + gateway('main', httpServer(80, '["*"]')) + gateway('other', httpServer(80, '["*"]'), { selector: 'istio: other' })
      + vsTo('main', '["*"]', '[istio-system/main]') + vsTo('other', '["*"]', '[istio-system/other]'),
    request: { port: 80, host: 'x.example.com', gateway: 'istio-system/istio-ingressgateway' },
    expect: { action: 'route', gateway: 'istio-system/main', virtualService: 'default/main' },
  },
  {
    name: 'request.gateway names the workload by a Gateway that selects it',
    source: 'engine contract: gateway is NS/NAME of its Service, Deployment or a Gateway selecting it',
    manifests: CHART_GATEWAY + OTHER_WORKLOAD + gateway('main', httpServer(80, '["*"]')) + gateway('other', httpServer(80, '["*"]'), { selector: 'istio: other' })
      + vsTo('main', '["*"]', '[istio-system/main]') + vsTo('other', '["*"]', '[istio-system/other]'),
    request: { port: 80, host: 'x.example.com', gateway: 'istio-system/other' },
    expect: { action: 'route', gateway: 'istio-system/other', virtualService: 'default/other', ...onListener('0.0.0.0_8080') },
  },
  {
    name: 'several workloads and no request.gateway is a RequestError',
    source: 'engine contract: gateway is optional only when the manifests hold one workload',
    manifests: CHART_GATEWAY + OTHER_WORKLOAD + gateway('main', httpServer(80, '["*"]')) + gateway('other', httpServer(80, '["*"]'), { selector: 'istio: other' }),
    request: { port: 80, host: 'x.example.com' },
    expect: { requestError: /2 gateway workloads.*gateway: NS\/NAME/ },
  },
  {
    name: 'no request.gateway: the one workload the manifests define is chosen, beside Gateways for pods installed elsewhere',
    source: 'engine contract, A request (gateway: optional when the manifests define exactly one gateway workload\'s pods)',
    manifests: CHART_GATEWAY + gateway('main', httpServer(80, '["*"]')) + gateway('helm', httpServer(80, '["*"]'), { selector: 'istio: elsewhere' })
      + vsTo('main', '["*"]', '[istio-system/main]') + vsTo('helm', '["*"]', '[istio-system/helm]'),
    request: { port: 80, host: 'x.example.com' },
    expect: { action: 'route', gateway: 'istio-system/main', virtualService: 'default/main', trace: expect.arrayContaining(['gateway workload istio-system/istio-ingressgateway']) },
  },
  {
    name: 'no request.gateway, two workloads defined by the manifests and one implied: still a RequestError',
    source: 'engine contract, A request (gateway: optional only when the manifests define exactly one gateway workload\'s pods)',
    manifests: CHART_GATEWAY + OTHER_WORKLOAD + gateway('main', httpServer(80, '["*"]')) + gateway('other', httpServer(80, '["*"]'), { selector: 'istio: other' })
      + gateway('helm', httpServer(80, '["*"]'), { selector: 'istio: elsewhere' }),
    request: { port: 80, host: 'x.example.com' },
    expect: { requestError: /^the manifests hold 3 gateway workloads \(istio-system\/istio-ingressgateway, istio-system\/other-gateway, istio-system\/istio=elsewhere\); say which with gateway: NS\/NAME$/ },
  },
  {
    name: 'no request.gateway, no workload defined by the manifests and two implied: a RequestError',
    source: 'engine contract, A request (gateway: with no workload defined, optional only when exactly one is implied)',
    manifests: gateway('a', httpServer(80, '["*"]'), { selector: 'istio: a' }) + gateway('b', httpServer(80, '["*"]'), { selector: 'istio: b' }),
    request: { port: 80, host: 'x.example.com' },
    expect: { requestError: /^the manifests hold 2 gateway workloads \(istio-system\/istio=a, istio-system\/istio=b\); say which with gateway: NS\/NAME$/ },
  },
  {
    name: 'an unknown request.gateway is a RequestError',
    source: 'engine contract: gateway must name a workload',
    manifests: CHART_GATEWAY + gateway('main', httpServer(80, '["*"]')),
    request: { port: 80, host: 'x.example.com', gateway: 'istio-system/nope' },
    expect: { requestError: /no gateway workload is named istio-system\/nope/ },
  },
  {
    name: 'a request with neither port nor nodePort is a RequestError',
    source: 'engine contract: one of port and nodePort is required',
    manifests: CHART_GATEWAY + gateway('main', httpServer(80, '["*"]')),
    request: { host: 'x.example.com' },
    expect: { requestError: /neither port nor nodePort/ },
  },
  {
    name: 'manifests without any Gateway are a RequestError',
    source: 'engine contract: the manifests must hold a gateway workload',
    manifests: CHART_GATEWAY + COUNTER_APP,
    request: { port: 80, host: 'x.example.com' },
    expect: { requestError: /no gateway workload/ },
  },
];

/** The gateway pods with container ports named for named targetPorts. */
const NAMED_PORT_PODS = gatewayDeployment({ ports: '- {name: http-alt, containerPort: 8080, protocol: TCP}' });

const SERVICE_PORTS: EngineCase[] = [
  {
    name: 'numeric targetPort: Service 80 -> 8080 makes Envoy listen on 8080',
    source: `${REF} §a.3 step 1-2; ${GATEWAY_GO} resolvePorts`,
    manifests: gatewayDeployment() + gatewayService('- {name: http2, port: 80, targetPort: 8080}') + gateway('gw', httpServer(80, '["*"]')) + vsTo('counter', '["*"]', '[istio-system/gw]'),
    request: { port: 80, host: 'a.example.com' },
    expect: { action: 'route', server: { port: 80 }, ...onListener('0.0.0.0_8080') },
  },
  {
    name: 'omitted targetPort equals the port',
    source: `${REF} §a.3 step 1 (API defaulting)`,
    manifests: gatewayDeployment() + gatewayService('- {name: http2, port: 80}') + gateway('gw', httpServer(80, '["*"]')) + vsTo('counter', '["*"]', '[istio-system/gw]'),
    request: { port: 80, host: 'a.example.com' },
    expect: { action: 'route', ...onListener('0.0.0.0_80') },
  },
  {
    name: 'a named targetPort resolves against the container ports',
    source: `${REF} §a.3 step 1; istio/istio pilot/pkg/serviceregistry/kube/controller/util.go FindPort`,
    manifests: NAMED_PORT_PODS + gatewayService('- {name: http2, port: 80, targetPort: http-alt}') + gateway('gw', httpServer(80, '["*"]')) + vsTo('counter', '["*"]', '[istio-system/gw]'),
    request: { port: 80, host: 'a.example.com' },
    expect: { action: 'route', server: { port: 80 }, ...onListener('0.0.0.0_8080') },
  },
  {
    name: 'an unresolvable named targetPort is skipped: nothing forwards port 80',
    source: `${REF} §a.3 step 1; istio/istio pilot/pkg/serviceregistry/kube/controller/controller.go GetProxyServiceTargetsByPod (FindPort error -> skipped)`,
    manifests: NAMED_PORT_PODS + gatewayService('- {name: http2, port: 80, targetPort: no-such-port}') + gateway('gw', httpServer(80, '["*"]')) + vsTo('counter', '["*"]', '[istio-system/gw]'),
    request: { port: 80, host: 'a.example.com' },
    expect: { action: 'no_listener' },
  },
  {
    name: 'Gateway port 8080 with Service 80 -> 8080 also listens on 8080, sharing http.8080 with the port 80 server',
    source: `${REF} §a.3 consequences, §b.3; istio/istio pilot/pkg/networking/core/gateway_simulation_test.go TestTargetPort`,
    manifests: gatewayDeployment() + gatewayService('- {name: http2, port: 80, targetPort: 8080}')
      + gateway('gw', httpServer(80, '[a.example.com]') + httpServer(8080, '[b.example.com]'))
      + vsTo('a', '[a.example.com]', '[istio-system/gw]') + vsTo('b', '[b.example.com]', '[istio-system/gw]'),
    request: { port: 80, host: 'b.example.com' },
    expect: { action: 'route', gateway: 'istio-system/gw', server: { port: 8080, name: 'http-8080' }, virtualService: 'default/b', ...onListener('0.0.0.0_8080') },
  },
  {
    name: 'a Service labelled disable-gateway-port-translation is not used to translate: Envoy listens on 80, the Service forwards to 8080',
    source: `${REF} §a.3 step 4; ${GATEWAY_GO} resolvePorts (DisableGatewayPortTranslationLabel)`,
    manifests: gatewayDeployment() + gatewayService('- {name: http2, port: 80, targetPort: 8080}', { labels: 'experimental.istio.io/disable-gateway-port-translation: "true"' })
      + gateway('gw', httpServer(80, '["*"]')) + vsTo('counter', '["*"]', '[istio-system/gw]'),
    request: { port: 80, host: 'a.example.com' },
    expect: { action: 'no_listener' },
  },
  {
    name: 'a nodePort is mapped to its Service port',
    source: `${REF} §0 step 1, §a.6`,
    manifests: CHART_GATEWAY + gateway('gw', httpServer(80, '["*"]')) + vsTo('counter', '["*"]', '[istio-system/gw]'),
    request: { nodePort: 30080, host: 'a.example.com' },
    expect: { action: 'route', server: { port: 80 }, virtualService: 'default/counter', ...onListener('0.0.0.0_80') },
  },
  {
    name: 'an unknown nodePort is refused',
    source: `${REF} §a.6`,
    manifests: CHART_GATEWAY + gateway('gw', httpServer(80, '["*"]')) + vsTo('counter', '["*"]', '[istio-system/gw]'),
    request: { nodePort: 31999, host: 'a.example.com' },
    expect: { action: 'no_listener', gateway: null },
  },
  {
    name: 'a port the Service does not expose is refused',
    source: `${REF} §a.6 (sport must be a Service port)`,
    manifests: CHART_GATEWAY + gateway('gw', httpServer(80, '["*"]')) + vsTo('counter', '["*"]', '[istio-system/gw]'),
    request: { port: 9999, host: 'a.example.com' },
    expect: { action: 'no_listener' },
  },
  {
    name: 'a Gateway server on a port the Service does not expose is unreachable',
    source: `${REF} §a.5 (IST0162 GatewayPortNotDefinedOnService)`,
    manifests: CHART_GATEWAY + gateway('gw', httpServer(8443, '["*"]')) + vsTo('counter', '["*"]', '[istio-system/gw]'),
    request: { port: 8443, host: 'a.example.com' },
    expect: { action: 'no_listener' },
  },
  {
    name: 'a Service port whose targetPort has no listener is refused',
    source: `${REF} §a.5 (conversely ...)`,
    manifests: CHART_GATEWAY + gateway('gw', httpServer(80, '["*"]')) + vsTo('counter', '["*"]', '[istio-system/gw]'),
    request: { port: 443, host: 'a.example.com' },
    expect: { action: 'no_listener' },
  },
  {
    name: 'an unprivileged proxy skips listeners below 1024',
    source: `${REF} §a.4; ${CORE_GATEWAY_GO} buildGatewayListeners (IsUnprivileged && port < 1024)`,
    manifests: gatewayDeployment({ env: '- {name: ISTIO_META_UNPRIVILEGED_POD, value: "true"}' }) + gatewayService('- {name: http2, port: 80}')
      + gateway('gw', httpServer(80, '["*"]')) + vsTo('counter', '["*"]', '[istio-system/gw]'),
    request: { port: 80, host: 'a.example.com' },
    expect: { action: 'no_listener' },
  },
  {
    name: 'an unprivileged proxy still listens on the translated port 8080',
    source: `${REF} §a.4 (legacy chart 80 -> 8080)`,
    manifests: gatewayDeployment({ env: '- {name: ISTIO_META_UNPRIVILEGED_POD, value: "true"}' }) + gatewayService('- {name: http2, port: 80, targetPort: 8080}')
      + gateway('gw', httpServer(80, '["*"]')) + vsTo('counter', '["*"]', '[istio-system/gw]'),
    request: { port: 80, host: 'a.example.com' },
    expect: { action: 'route', ...onListener('0.0.0.0_8080') },
  },
  {
    name: 'ISTIO_META_UNPRIVILEGED_POD is read as a Go boolean (True counts)',
    source: 'istio/istio pilot/pkg/model/context.go Proxy.IsUnprivileged (strconv.ParseBool)',
    manifests: gatewayDeployment({ env: '- {name: ISTIO_META_UNPRIVILEGED_POD, value: "True"}' }) + gatewayService('- {name: http2, port: 80}')
      + gateway('gw', httpServer(80, '["*"]')) + vsTo('counter', '["*"]', '[istio-system/gw]'),
    request: { port: 80, host: 'a.example.com' },
    expect: { action: 'no_listener' },
  },
  {
    name: 'two ports of one Service with the same targetPort and protocol: istiod keeps the first, so a server on the second listens on it as-is',
    source: `${REF} §a.3 step 1; ${SERVICE_TARGETS} (dedupe by target port and protocol) and its test ${OVERLAPPING_PROTOCOLS}; ${GATEWAY_GO} resolvePorts`,
    manifests: gatewayDeployment() + gatewayService('- {name: http, port: 80, targetPort: 8080}\n- {name: http-alt, port: 81, targetPort: 8080}')
      + gateway('gw', httpServer(80, '[a.example.com]') + httpServer(81, '[b.example.com]'))
      + vsTo('a', '[a.example.com]', '[istio-system/gw]') + vsTo('b', '[b.example.com]', '[istio-system/gw]'),
    request: { port: 81, host: 'b.example.com' },
    expect: {
      action: 'no_route',
      reason: 'no_virtual_host',
      server: { port: 80 },
      trace: expect.arrayContaining([
        'listener 0.0.0.0_8080',
        'server http-81 (HTTP) of Gateway istio-system/gw: Service istio-system/istio-ingressgateway port 81 has the targetPort 8080 and protocol HTTP'
          + ' of its port 80, and istiod keeps only port 80 for them, so the server is not translated and listens on port 81 as-is,'
          + ' which no Service port forwards to; give port 81 its own targetPort or another protocol (port name or appProtocol), or put the server on port 80',
      ]),
    },
  },
  {
    name: 'two ports of one Service with the same targetPort and different protocols: both translate, the servers share the listener',
    source: `${REF} §a.3 step 1, §b.3; ${SERVICE_TARGETS} and its test "single proxy ip multiple ports same target port with different protocols"`,
    manifests: gatewayDeployment() + gatewayService('- {name: http, port: 80, targetPort: 8080}\n- {name: tcp-alt, port: 81, targetPort: 8080}')
      + gateway('gw', httpServer(80, '[a.example.com]') + httpServer(81, '[b.example.com]'))
      + vsTo('a', '[a.example.com]', '[istio-system/gw]') + vsTo('b', '[b.example.com]', '[istio-system/gw]'),
    request: { port: 81, host: 'b.example.com' },
    expect: { action: 'route', server: { port: 81 }, virtualService: 'default/b', ...onListener('0.0.0.0_8080') },
  },
  {
    name: 'an appProtocol gives the Service port its protocol: http and appProtocol http on one targetPort collapse',
    source: `${SERVICE_TARGETS}; istio/istio pkg/config/kube/conversion.go ConvertProtocol (appProtocol before the port name)`,
    manifests: gatewayDeployment() + gatewayService('- {name: http, port: 80, targetPort: 8080}\n- {name: web, appProtocol: http, port: 81, targetPort: 8080}')
      + gateway('gw', httpServer(80, '[a.example.com]') + httpServer(81, '[b.example.com]'))
      + vsTo('a', '[a.example.com]', '[istio-system/gw]') + vsTo('b', '[b.example.com]', '[istio-system/gw]'),
    request: { port: 81, host: 'b.example.com' },
    expect: { action: 'no_route', reason: 'no_virtual_host', trace: expect.arrayContaining([expect.stringMatching(/port 81 has the targetPort 8080 and protocol HTTP of its port 80/)]) },
  },
  {
    name: 'the port istiod keeps still translates: a request on it reaches its server',
    source: `${SERVICE_TARGETS} (the first port of the pair is kept)`,
    manifests: gatewayDeployment() + gatewayService('- {name: http, port: 80, targetPort: 8080}\n- {name: http-alt, port: 81, targetPort: 8080}')
      + gateway('gw', httpServer(80, '[a.example.com]') + httpServer(81, '[b.example.com]'))
      + vsTo('a', '[a.example.com]', '[istio-system/gw]') + vsTo('b', '[b.example.com]', '[istio-system/gw]'),
    request: { port: 80, host: 'a.example.com' },
    expect: { action: 'route', server: { port: 80 }, virtualService: 'default/a', ...onListener('0.0.0.0_8080') },
  },
  {
    name: 'two Services select the pods: the request goes through the one it names',
    source: `${REF} §a.3 step 2, §a.6; engine contract (gateway: NS/NAME of its Service)`,
    manifests: gatewayDeployment() + gatewayService('- {name: http2, port: 80, targetPort: 8080}')
      + gatewayService('- {name: http2, port: 80, targetPort: 9090}', { name: 'internal-gateway' })
      + gateway('gw', httpServer(80, '["*"]')) + vsTo('counter', '["*"]', '[istio-system/gw]'),
    request: { port: 80, host: 'a.example.com', gateway: 'istio-system/internal-gateway' },
    expect: { action: 'no_listener' },
  },
];

/** A gateway named `name` with `servers` and a VirtualService `name` routing `hosts` to Service `name`. */
function gatewayWithRoute(name: string, servers: string, hosts: string, options: { created?: string; namespace?: string } = {}): string {
  const ns = options.namespace ?? 'istio-system';
  return gateway(name, servers, { namespace: ns, created: options.created })
    + virtualService(name, 'default', hosts, `[${ns}/${name}]`, routeAllTo(name, 80));
}

const TCP_SERVER = (port: number, name = 'tcp') => `
- port: {number: ${port}, name: ${name}, protocol: TCP}
  hosts: ["*"]
`;

const MERGING: EngineCase[] = [
  {
    name: 'HTTP + HTTP on one port merge into one route table (first server)',
    source: `${REF} §b.2 (HTTP-family + HTTP-family: merged), §b.3`,
    manifests: CHART_GATEWAY + gatewayWithRoute('alpha', httpServer(80, '[a.example.com]'), '[a.example.com]')
      + gatewayWithRoute('beta', httpServer(80, '[b.example.com]'), '[b.example.com]'),
    request: { port: 80, host: 'a.example.com' },
    expect: { action: 'route', gateway: 'istio-system/alpha', virtualService: 'default/alpha' },
  },
  {
    name: 'HTTP + HTTP on one port merge into one route table (second server)',
    source: `${REF} §b.2, §b.3`,
    manifests: CHART_GATEWAY + gatewayWithRoute('alpha', httpServer(80, '[a.example.com]'), '[a.example.com]')
      + gatewayWithRoute('beta', httpServer(80, '[b.example.com]'), '[b.example.com]'),
    request: { port: 80, host: 'b.example.com' },
    expect: { action: 'route', gateway: 'istio-system/beta', virtualService: 'default/beta' },
  },
  {
    name: 'HTTP then HTTPS on one port: the HTTPS server is dropped, TLS hits the HTTP chain',
    source: `${REF} §b.2 (HTTP-family plaintext, then HTTPS: dropped); ${GATEWAY_GO} mergeGateways, canMergeProtocols`,
    manifests: CHART_GATEWAY + gatewayWithRoute('alpha', httpServer(443, '[plain.example.com]'), '[plain.example.com]')
      + gatewayWithRoute('beta', httpsServer('[secure.example.com]'), '[secure.example.com]'),
    request: { port: 443, host: 'secure.example.com', scheme: 'https' },
    expect: { action: 'reject', virtualService: null },
  },
  {
    name: 'HTTP then HTTPS on one port: plaintext still routes',
    source: `${REF} §b.2`,
    manifests: CHART_GATEWAY + gatewayWithRoute('alpha', httpServer(443, '[plain.example.com]'), '[plain.example.com]')
      + gatewayWithRoute('beta', httpsServer('[secure.example.com]'), '[secure.example.com]'),
    request: { port: 443, host: 'plain.example.com', scheme: 'http' },
    expect: { action: 'route', gateway: 'istio-system/alpha', server: { port: 443, protocol: 'HTTP' } },
  },
  {
    name: 'HTTPS then HTTP on one port: both kept, TLS with a matching SNI terminates',
    source: `${REF} §b.2 (TLS servers, then a plaintext server: accepted as a chain without SNI); ${CORE_GATEWAY_GO} buildGatewayListeners (chains of every server port appended)`,
    manifests: CHART_GATEWAY + gatewayWithRoute('alpha', httpsServer('[secure.example.com]'), '[secure.example.com]')
      + gatewayWithRoute('beta', httpServer(443, '[plain.example.com]'), '[plain.example.com]'),
    request: { port: 443, host: 'secure.example.com', scheme: 'https' },
    expect: { action: 'route', gateway: 'istio-system/alpha', server: { port: 443, protocol: 'HTTPS', name: 'https' }, virtualService: 'default/alpha' },
  },
  {
    name: 'HTTPS then HTTP on one port: both kept, plaintext takes the chain without SNI',
    source: `${REF} §b.2, §b.4 step 3`,
    manifests: CHART_GATEWAY + gatewayWithRoute('alpha', httpsServer('[secure.example.com]'), '[secure.example.com]')
      + gatewayWithRoute('beta', httpServer(443, '[plain.example.com]'), '[plain.example.com]'),
    request: { port: 443, host: 'plain.example.com', scheme: 'http' },
    expect: { action: 'route', gateway: 'istio-system/beta', server: { port: 443, protocol: 'HTTP' }, virtualService: 'default/beta' },
  },
  {
    name: 'HTTPS then HTTP on one port: TLS with another SNI lands on the plaintext HTTP chain and fails',
    source: `${REF} §b.4 (SNI falls back to chains without server_names; TLS to an HTTP chain is closed)`,
    manifests: CHART_GATEWAY + gatewayWithRoute('alpha', httpsServer('[secure.example.com]'), '[secure.example.com]')
      + gatewayWithRoute('beta', httpServer(443, '[plain.example.com]'), '[plain.example.com]'),
    request: { port: 443, host: 'plain.example.com', scheme: 'https' },
    expect: { action: 'reject' },
  },
  {
    name: 'HTTPS for * then HTTP on one port: two chains without SNI, Envoy refuses the listener',
    source: `${FILTER_CHAIN_MANAGER} ("multiple filter chains with the same matching rules"); istio/istio pilot/pkg/networking/core/listener.go filterChainOpts.toFilterChainMatch (* -> no server_names)`,
    manifests: CHART_GATEWAY + gatewayWithRoute('alpha', httpsServer('["*"]'), '["*"]')
      + gatewayWithRoute('beta', httpServer(443, '[plain.example.com]'), '[plain.example.com]'),
    request: { port: 443, host: 'plain.example.com', scheme: 'http' },
    expect: { action: 'no_listener' },
  },
  {
    name: 'TCP then HTTP on one port: TCP keeps the port and proxies the HTTP bytes',
    source: `${REF} §b.2 (TCP: anything later dropped); ${GATEWAY_GO} canMergeProtocols`,
    manifests: CHART_GATEWAY + gateway('alpha', TCP_SERVER(80)) + virtualService('raw', 'default', '["*"]', '[istio-system/alpha]', tcpTo('raw', 9000))
      + gatewayWithRoute('beta', httpServer(80, '["*"]'), '["*"]'),
    request: { port: 80, host: 'a.example.com' },
    expect: { action: 'route', gateway: 'istio-system/alpha', server: { port: 80, protocol: 'TCP' }, virtualService: 'default/raw', ...onlyTo(fqdn('raw'), 9000) },
  },
  {
    name: 'HTTP then TCP on one port: HTTP keeps the port',
    source: `${REF} §b.2 (HTTP-family, then TCP: dropped)`,
    manifests: CHART_GATEWAY + gatewayWithRoute('alpha', httpServer(80, '["*"]'), '["*"]')
      + gateway('beta', TCP_SERVER(80)) + virtualService('raw', 'default', '["*"]', '[istio-system/beta]', tcpTo('raw', 9000)),
    request: { port: 80, host: 'a.example.com' },
    expect: { action: 'route', gateway: 'istio-system/alpha', server: { port: 80, protocol: 'HTTP' }, virtualService: 'default/alpha' },
  },
  {
    name: 'TCP then TCP on one port: the second TCP server is dropped',
    source: `${REF} §b.2 (TCP servers never share a port)`,
    manifests: CHART_GATEWAY + gateway('alpha', TCP_SERVER(80)) + virtualService('first', 'default', '["*"]', '[istio-system/alpha]', tcpTo('first', 9000))
      + gateway('beta', TCP_SERVER(80)) + virtualService('second', 'default', '["*"]', '[istio-system/beta]', tcpTo('second', 9000)),
    request: { port: 80 },
    expect: { action: 'route', gateway: 'istio-system/alpha', virtualService: 'default/first' },
  },
  {
    name: 'a duplicate SNI host drops the whole later server',
    source: `${REF} §b.2 (duplicate SNI hosts); ${GATEWAY_GO} CheckDuplicates`,
    manifests: CHART_GATEWAY + gatewayWithRoute('alpha', httpsServer('[a.example.com]'), '[a.example.com]')
      + gatewayWithRoute('beta', httpsServer('[a.example.com, b.example.com]'), '[a.example.com, b.example.com]'),
    request: { port: 443, host: 'b.example.com', scheme: 'https' },
    expect: { action: 'reject' },
  },
  {
    name: 'a duplicate SNI host: the earlier server keeps it',
    source: `${REF} §b.2 (duplicate SNI hosts); ${GATEWAY_GO} CheckDuplicates`,
    manifests: CHART_GATEWAY + gatewayWithRoute('alpha', httpsServer('[a.example.com]'), '[a.example.com]')
      + gatewayWithRoute('beta', httpsServer('[a.example.com, b.example.com]'), '[a.example.com, b.example.com]'),
    request: { port: 443, host: 'a.example.com', scheme: 'https' },
    expect: { action: 'route', gateway: 'istio-system/alpha', virtualService: 'default/alpha' },
  },
  {
    name: '*.example.com and a.example.com are not duplicates: a.example.com picks its exact chain',
    source: `${REF} §b.2 (wildcard and exact are not duplicates), §b.4 step 1`,
    manifests: CHART_GATEWAY + gatewayWithRoute('alpha', httpsServer('["*.example.com"]'), '["*.example.com"]')
      + gatewayWithRoute('beta', httpsServer('[a.example.com]'), '[a.example.com]'),
    request: { port: 443, host: 'a.example.com', scheme: 'https' },
    expect: { action: 'route', gateway: 'istio-system/beta', virtualService: 'default/beta' },
  },
  {
    name: '*.example.com and a.example.com are not duplicates: other names take the wildcard chain',
    source: `${REF} §b.2, §b.4 step 2`,
    manifests: CHART_GATEWAY + gatewayWithRoute('alpha', httpsServer('["*.example.com"]'), '["*.example.com"]')
      + gatewayWithRoute('beta', httpsServer('[a.example.com]'), '[a.example.com]'),
    request: { port: 443, host: 'c.example.com', scheme: 'https' },
    expect: { action: 'route', gateway: 'istio-system/alpha', virtualService: 'default/alpha' },
  },
  {
    name: 'without creationTimestamps Gateways merge by name: alpha before zeta',
    source: `${REF} §a.2; istio/istio pilot/pkg/model/config.go configCompareByCreationTime`,
    manifests: CHART_GATEWAY + gatewayWithRoute('zeta', httpsServer('[a.example.com]'), '[a.example.com]')
      + gatewayWithRoute('alpha', httpsServer('[a.example.com]'), '[a.example.com]'),
    request: { port: 443, host: 'a.example.com', scheme: 'https' },
    expect: { action: 'route', gateway: 'istio-system/alpha' },
  },
  {
    name: 'without creationTimestamps, equal names merge by namespace',
    source: `${REF} §a.2; istio/istio pilot/pkg/model/config.go configCompareByCreationTime`,
    manifests: CHART_GATEWAY + gatewayWithRoute('gw', httpsServer('[a.example.com]'), '[a.example.com]', { namespace: 'team-b' })
      + gatewayWithRoute('gw', httpsServer('[a.example.com]'), '[a.example.com]', { namespace: 'team-a' }),
    request: { port: 443, host: 'a.example.com', scheme: 'https' },
    expect: { action: 'route', gateway: 'team-a/gw' },
  },
  {
    name: 'with creationTimestamps the older Gateway merges first, whatever its name',
    source: `${REF} §a.2 step 1`,
    manifests: CHART_GATEWAY + gatewayWithRoute('zeta', httpsServer('[a.example.com]'), '[a.example.com]', { created: '2020-01-01T00:00:00Z' })
      + gatewayWithRoute('alpha', httpsServer('[a.example.com]'), '[a.example.com]', { created: '2021-01-01T00:00:00Z' }),
    request: { port: 443, host: 'a.example.com', scheme: 'https' },
    expect: { action: 'route', gateway: 'istio-system/zeta' },
  },
  {
    name: 'servers of one Gateway merge in list order',
    source: `${REF} §a.2 step 2`,
    manifests: CHART_GATEWAY + gateway('gw', httpsServer('[a.example.com]', 'first') + httpsServer('[a.example.com]', 'second'))
      + vsTo('counter', '[a.example.com]', '[istio-system/gw]'),
    request: { port: 443, host: 'a.example.com', scheme: 'https' },
    expect: { action: 'route', server: { port: 443, name: 'first' } },
  },
  {
    name: 'an HTTP server with httpsRedirect takes part in the SNI duplicate check',
    source: `${REF} §b.2 (every server with a tls block registers its hosts), §b.8`,
    manifests: CHART_GATEWAY + gateway('alpha', `
- port: {number: 80, name: http, protocol: HTTP}
  hosts: [a.example.com]
  tls: {httpsRedirect: true}
`) + gatewayWithRoute('beta', `
- port: {number: 80, name: http, protocol: HTTP}
  hosts: [a.example.com, b.example.com]
  tls: {httpsRedirect: true}
`, '[a.example.com, b.example.com]'),
    request: { port: 80, host: 'b.example.com' },
    expect: { action: 'no_route', status: 404 },
  },
];

/** A passthrough server on 443 for `hosts` of Gateway `name`, with a VirtualService `name` forwarding `sni` to Service `name`:443. */
function passthroughWithRoute(name: string, hosts: string, sni: string): string {
  return gateway(name, `
- port: {number: 443, name: tls-${name}, protocol: TLS}
  hosts: ${hosts}
  tls: {mode: PASSTHROUGH}
`) + virtualService(name, 'default', hosts, `[istio-system/${name}]`, `
tls:
- match: [{sniHosts: ${sni}}]
  route: [{destination: {host: ${name}, port: {number: 443}}}]
`);
}

const MORE_MERGING: EngineCase[] = [
  {
    name: 'HTTP, HTTP2 and GRPC servers on one port share the route table',
    source: `${REF} §b.1 (HTTP, HTTP2, GRPC route identically), §b.2; ${GATEWAY_GO} canMergeProtocols`,
    manifests: CHART_GATEWAY + gatewayWithRoute('alpha', httpServer(80, '[a.example.com]'), '[a.example.com]')
      + gatewayWithRoute('beta', `
- port: {number: 80, name: grpc, protocol: GRPC}
  hosts: [b.example.com]
`, '[b.example.com]'),
    request: { port: 80, host: 'b.example.com' },
    expect: { action: 'route', gateway: 'istio-system/beta', server: { port: 80, protocol: 'GRPC', name: 'grpc' } },
  },
  {
    name: 'HTTPS, then HTTP, then another HTTPS on one port: the last server is dropped',
    source: `${GATEWAY_GO} mergeGateways (once a plaintext server holds the port, a TLS server cannot merge: canMergeProtocols)`,
    manifests: CHART_GATEWAY + gatewayWithRoute('alpha', httpsServer('[a.example.com]', 'https-a'), '[a.example.com]')
      + gatewayWithRoute('beta', httpServer(443, '[plain.example.com]'), '[plain.example.com]')
      + gatewayWithRoute('gamma', httpsServer('[c.example.com]', 'https-c'), '[c.example.com]'),
    request: { port: 443, host: 'c.example.com', scheme: 'https' },
    expect: { action: 'reject' },
  },
  {
    name: 'TLS passthrough then TCP on one port: the SNI goes to the passthrough chain',
    source: `${REF} §b.2 (TLS servers, then a plaintext server: accepted as a chain without SNI)`,
    manifests: CHART_GATEWAY + passthroughWithRoute('db', '[db.example.com]', '[db.example.com]')
      + gateway('raw', TCP_SERVER(443)) + virtualService('raw', 'default', '["*"]', '[istio-system/raw]', tcpTo('raw', 9000)),
    request: { port: 443, host: 'db.example.com' },
    expect: { action: 'route', gateway: 'istio-system/db', server: { protocol: 'TLS' }, virtualService: 'default/db', ...onlyTo(fqdn('db'), 443) },
  },
  {
    name: 'TLS passthrough then TCP on one port: everything else goes to the TCP chain',
    source: `${REF} §b.2, §b.4 step 3`,
    manifests: CHART_GATEWAY + passthroughWithRoute('db', '[db.example.com]', '[db.example.com]')
      + gateway('raw', TCP_SERVER(443)) + virtualService('raw', 'default', '["*"]', '[istio-system/raw]', tcpTo('raw', 9000)),
    request: { port: 443, host: 'other.example.com' },
    expect: { action: 'route', gateway: 'istio-system/raw', server: { protocol: 'TCP' }, virtualService: 'default/raw', ...onlyTo(fqdn('raw'), 9000) },
  },
  {
    name: 'a server with a bind address gets its own listener, which Service traffic never reaches',
    source: `${REF} §b.2 (different bind addresses create separate listeners <bind>_<port>)`,
    manifests: CHART_GATEWAY + gatewayWithRoute('bound', `
- port: {number: 80, name: http, protocol: HTTP}
  hosts: ["*"]
  bind: 10.0.0.1
`, '["*"]'),
    request: { port: 80, host: 'a.example.com' },
    expect: { action: 'no_listener' },
  },
  {
    name: 'HTTPS servers for ns1/* and ns2/* are not duplicates but both take any SNI: Envoy refuses the listener',
    source: `${REF} §b.2 (ns1/* and ns2/*, istio/istio#24638); ${FILTER_CHAIN_MANAGER}`,
    manifests: CHART_GATEWAY + gateway('alpha', httpsServer('["ns1/*"]', 'https-1')) + gateway('beta', httpsServer('["ns2/*"]', 'https-2')),
    request: { port: 443, host: 'a.example.com', scheme: 'https' },
    expect: { action: 'no_listener' },
  },
  {
    name: 'HTTPS servers for ns1/a.example.com and ns2/a.example.com give identical SNI chains: Envoy refuses the listener',
    source: `${REF} §b.9 (server_names drop the namespace), §b.2; ${FILTER_CHAIN_MANAGER}`,
    manifests: CHART_GATEWAY + gateway('alpha', httpsServer('["ns1/a.example.com"]', 'https-1')) + gateway('beta', httpsServer('["ns2/a.example.com"]', 'https-2')),
    request: { port: 443, host: 'a.example.com', scheme: 'https' },
    expect: { action: 'no_listener' },
  },
  {
    name: 'a passthrough sniHost equal to a terminating server host: Envoy refuses the listener',
    source: `${REF} §f.3 (passthrough claims only cover passthrough chains; identical server_names are an error); ${FILTER_CHAIN_MANAGER}`,
    manifests: CHART_GATEWAY + gatewayWithRoute('web', httpsServer('[db.example.com]'), '[db.example.com]')
      + passthroughWithRoute('db', '["*.example.com"]', '[db.example.com]'),
    request: { port: 443, host: 'db.example.com' },
    expect: { action: 'no_listener' },
  },
  {
    name: 'a passthrough server whose hosts repeat a terminating server host is dropped at merge time',
    source: `${GATEWAY_GO} mergeGateways (CheckDuplicates runs for every server with a tls block, passthrough included); ${REF} §b.2`,
    manifests: CHART_GATEWAY + gatewayWithRoute('web', httpsServer('[db.example.com]'), '[db.example.com]')
      + passthroughWithRoute('zz-db', '[db.example.com]', '[db.example.com]'),
    request: { port: 443, host: 'db.example.com' },
    expect: { action: 'route', gateway: 'istio-system/web', server: { protocol: 'HTTPS' }, virtualService: 'default/web' },
  },
];

const SNI: EngineCase[] = [
  ...[
    ['x.api.example.com', 'api'],
    ['a.b.api.example.com', 'api'],
    ['x.example.com', 'wide'],
  ].map(([sni, winner]): EngineCase => ({
    name: `the most specific wildcard chain wins: ${sni} -> ${winner}`,
    source: `${REF} §b.4 step 2; ${FILTER_CHAIN_MANAGER}`,
    manifests: CHART_GATEWAY + gatewayWithRoute('wide', httpsServer('["*.example.com"]'), '["*.example.com"]')
      + gatewayWithRoute('api', httpsServer('["*.api.example.com"]'), '["*.api.example.com"]'),
    request: { port: 443, host: sni, scheme: 'https' },
    expect: { action: 'route', gateway: `istio-system/${winner}`, virtualService: `default/${winner}` },
  })),
  {
    name: '*.example.com does not match example.com',
    source: `${REF} §b.4 step 2 (never example.com itself)`,
    manifests: CHART_GATEWAY + gatewayWithRoute('wide', httpsServer('["*.example.com"]'), '["*.example.com"]'),
    request: { port: 443, host: 'example.com', scheme: 'https' },
    expect: { action: 'reject', gateway: null },
  },
  {
    name: 'SNI is matched case-insensitively',
    source: `${REF} §b.4 (treat SNI case-insensitively)`,
    manifests: CHART_GATEWAY + gatewayWithRoute('shop', httpsServer('[shop.example.com]'), '[shop.example.com]'),
    request: { port: 443, host: 'shop.example.com', sni: 'Shop.Example.COM', scheme: 'https' },
    expect: { action: 'route', gateway: 'istio-system/shop' },
  },
  {
    name: 'no SNI only matches chains without server_names: a * server takes it',
    source: `${REF} §b.4 (no SNI => only chains without server_names)`,
    manifests: CHART_GATEWAY + gatewayWithRoute('any', httpsServer('["*"]'), '[shop.example.com]'),
    request: { port: 443, host: 'shop.example.com', sni: '', scheme: 'https' },
    expect: { action: 'route', gateway: 'istio-system/any', virtualService: 'default/any' },
  },
  {
    name: 'no SNI and only named chains: connection closed',
    source: `${REF} §b.4 (no SNI => only chains without server_names; none => closed)`,
    manifests: CHART_GATEWAY + gatewayWithRoute('shop', httpsServer('[shop.example.com]'), '[shop.example.com]'),
    request: { port: 443, host: 'shop.example.com', sni: '', scheme: 'https' },
    expect: { action: 'reject' },
  },
  {
    name: 'an SNI no chain names, without a catch-all chain: connection closed',
    source: `${REF} §b.4 step 4; §f.5`,
    manifests: CHART_GATEWAY + gatewayWithRoute('shop', httpsServer('[shop.example.com]'), '[shop.example.com]'),
    request: { port: 443, host: 'other.example.com', scheme: 'https' },
    expect: { action: 'reject', status: null, gateway: null, server: null },
  },
  {
    name: 'an SNI no chain names falls back to a * chain',
    source: `${REF} §b.4 step 3`,
    manifests: CHART_GATEWAY + gatewayWithRoute('shop', httpsServer('[shop.example.com]', 'shop'), '[shop.example.com]')
      + gatewayWithRoute('any', httpsServer('["*"]', 'any'), '["*"]'),
    request: { port: 443, host: 'other.example.com', scheme: 'https' },
    expect: { action: 'route', gateway: 'istio-system/any', server: { name: 'any' } },
  },
  {
    name: 'plaintext HTTP to a TLS-only port: connection closed',
    source: `${REF} §b.4 (plain HTTP to a TLS-only port); istio/istio pilot/pkg/simulation/traffic.go (ErrNoFilterChain / ErrTLSError)`,
    manifests: CHART_GATEWAY + gatewayWithRoute('shop', httpsServer('[shop.example.com]'), '[shop.example.com]'),
    request: { port: 443, host: 'shop.example.com', scheme: 'http' },
    expect: { action: 'reject' },
  },
  {
    name: 'plaintext HTTP to a * TLS chain: the handshake fails',
    source: `${REF} §b.4 (a * chain takes plaintext bytes, then the TLS handshake fails); istio/istio pilot/pkg/simulation/traffic.go (ErrTLSError)`,
    manifests: CHART_GATEWAY + gatewayWithRoute('any', httpsServer('["*"]'), '["*"]'),
    request: { port: 443, host: 'shop.example.com', scheme: 'http' },
    expect: { action: 'reject' },
  },
  {
    name: 'TLS to a plaintext HTTP port: connection closed',
    source: `${REF} §b.4 (TLS sent to a plaintext HTTP port); istio/istio pilot/pkg/simulation/traffic.go (ErrProtocolError)`,
    manifests: CHART_GATEWAY + gatewayWithRoute('web', httpServer(80, '["*"]'), '["*"]'),
    request: { port: 80, host: 'shop.example.com', scheme: 'https' },
    expect: { action: 'reject' },
  },
  {
    name: 'SNI picks the chain, Host picks the vhost in that chain\'s route table',
    source: `${REF} §b.5 (SNI a, Host b: routed with a's route table)`,
    manifests: CHART_GATEWAY + gatewayWithRoute('ab', httpsServer('[a.example.com, b.example.com]'), '[a.example.com, b.example.com]')
      + gatewayWithRoute('c', httpsServer('[c.example.com]'), '[c.example.com]'),
    request: { port: 443, host: 'b.example.com', sni: 'a.example.com', scheme: 'https' },
    expect: { action: 'route', gateway: 'istio-system/ab', virtualService: 'default/ab', ...onlyTo(fqdn('ab'), 80) },
  },
  {
    name: 'SNI of one server, Host of another: 404 from the first server\'s route table',
    source: `${REF} §b.5 (no 421; 404 when the table has no vhost for the Host)`,
    manifests: CHART_GATEWAY + gatewayWithRoute('ab', httpsServer('[a.example.com, b.example.com]'), '[a.example.com, b.example.com]')
      + gatewayWithRoute('c', httpsServer('[c.example.com]'), '[c.example.com]'),
    request: { port: 443, host: 'c.example.com', sni: 'a.example.com', scheme: 'https' },
    expect: { action: 'no_route', status: 404, gateway: 'istio-system/ab', virtualService: null },
  },
  {
    name: 'the scheme defaults to https when the chain for the SNI terminates TLS',
    source: 'engine contract (scheme default); reference §b.1',
    manifests: CHART_GATEWAY + gatewayWithRoute('shop', httpsServer('[shop.example.com]'), '[shop.example.com]'),
    request: { port: 443, host: 'shop.example.com' },
    expect: { action: 'route', gateway: 'istio-system/shop', server: { protocol: 'HTTPS' } },
  },
  {
    name: 'the scheme defaults to http on a plaintext port',
    source: 'engine contract (scheme default)',
    manifests: CHART_GATEWAY + gatewayWithRoute('web', httpServer(80, '["*"]'), '["*"]'),
    request: { port: 80, host: 'shop.example.com' },
    expect: { action: 'route', gateway: 'istio-system/web', server: { protocol: 'HTTP' } },
  },
];

describe('gateway workloads (§a.1, §a.2)', () => runCases(WORKLOADS));

describe('TrafficEngine.defaultGatewayWorkload: where a request without gateway goes (engine contract, A request)', () => {
  const helm = gateway('helm', httpServer(80, '["*"]'), { selector: 'istio: elsewhere' });

  test('the one workload the manifests define, beside an implied one; dump and configDump need no gateway then', () => {
    const engine = engineFromYaml(CHART_GATEWAY + gateway('main', httpServer(80, '["*"]')) + helm);
    expect(engine.gatewayWorkloads).toEqual(['istio-system/istio-ingressgateway', 'istio-system/istio=elsewhere']);
    expect(engine.defaultGatewayWorkload).toBe('istio-system/istio-ingressgateway');
    expect(engine.configDump()).toEqual(engine.configDump('istio-system/istio-ingressgateway'));
  });

  test('the one implied workload, when the manifests define none', () => {
    expect(engineFromYaml(helm).defaultGatewayWorkload).toBe('istio-system/istio=elsewhere');
  });

  test('none when two are defined, or none defined and two implied', () => {
    expect(engineFromYaml(CHART_GATEWAY + OTHER_WORKLOAD + gateway('main', httpServer(80, '["*"]'))
      + gateway('other', httpServer(80, '["*"]'), { selector: 'istio: other' }) + helm).defaultGatewayWorkload).toBeUndefined();
    expect(engineFromYaml(helm + gateway('more', httpServer(80, '["*"]'), { selector: 'istio: more' })).defaultGatewayWorkload).toBeUndefined();
  });
});
describe('Service port -> listener port (§a.3-§a.6)', () => runCases(SERVICE_PORTS));
describe('servers sharing a port (§b.2, §b.3)', () => runCases(MERGING));
describe('servers sharing a port: more combinations (§b.2, §f.3)', () => runCases(MORE_MERGING));
describe('filter chain selection by SNI (§b.4, §b.5)', () => runCases(SNI));
