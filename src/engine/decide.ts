/**
 * Deciding one request the way Envoy walks its configuration: listener -> filter chain ->
 * virtual host -> route -> action (reference §k, EVALUATE).
 */
import { CompiledConfig, CompiledListener, CompiledWorkload, FilterChain, HttpFilterChain, TcpFilterChain } from './compile';
import { Decision, DecisionAction, DecisionDestination, DecisionRule, DecisionServer } from './decision';
import { clusterName, resolveDestination, resolveDestinations } from './destinations';
import { httpsRedirectLocation, redirectLocation, rewriteAuthority, rewritePath, ActionContext, SUPPORTED_REDIRECT_CODES } from './http-actions';
import { httpRequestView, splitPath } from './http-request';
import { Json, keyOf } from './model';
import { normalizePath } from './path-normalization';
import { TrafficRequest } from './request';
import { BOTH_PORTS, hostProblem } from './request-check';
import { RequestError } from './request-error';
import { CompiledRoute } from './route-table';
import { GatewayServer } from './servers';
import { stripPort } from './virtual-host-index';

/** A decision under construction; `trace` is undefined when the caller turned tracing off. */
interface Draft {
  gateway: string | null;
  server: DecisionServer | null;
  trace?: string[];
}

/** Options of a decision. */
export interface DecideOptions {
  /**
   * Record the human-readable trace (turn it off for speed when only the outcome matters).
   * @default true
   */
  readonly trace?: boolean;
}

/** Decides what the gateway does with `request`. */
export function decide(config: CompiledConfig, request: TrafficRequest, options: DecideOptions = {}): Decision {
  const compiled = pickWorkload(config, request.gateway);
  const draft: Draft = { gateway: null, server: null, trace: options.trace === false ? undefined : [] };
  const trace = draft.trace;
  trace?.push(`gateway workload ${compiled.workload.key}${compiled.workload.implied ? ' (implied by its Gateway selector)' : ''}`);
  const listenerPort = resolveListenerPort(compiled, request, trace);
  if (listenerPort === undefined) {
    return finish(draft, 'no_listener');
  }
  const listener = compiled.listeners.get(listenerPort);
  if (listener === undefined) {
    trace?.push(`Envoy has no listener on port ${listenerPort}: connection refused`);
    if (trace) {
      pushAll(trace, compiled.notes.filter((n) => n.includes(`port ${listenerPort}`)));
    }
    return finish(draft, 'no_listener');
  }
  trace?.push(`listener ${listener.name}`);
  if (trace) {
    pushAll(trace, compiled.notes.filter((n) => n.includes(` on port ${listenerPort} `) || n.endsWith(` on port ${listenerPort}`)));
  }
  const scheme = request.scheme?.toLowerCase();
  const sni = scheme === 'http' || (scheme === undefined && !listener.carriesTls) ? '' : request.sni ?? (request.host ? stripPort(request.host) : '');
  const tls = scheme === undefined ? listener.carriesTls && pickChain(listener, true, sni)?.transport !== 'plaintext' : scheme === 'https';
  const chain = pickChain(listener, tls, tls ? sni : '');
  if (chain === undefined || (chain.kind === 'http' && (chain.transport === 'plaintext') === tls)) {
    trace?.push(tls
      ? `no filter chain takes a TLS connection with SNI '${sni}'${chain ? ' (the matching chain is plaintext HTTP)' : ''}: connection closed`
      : `no filter chain takes a plaintext connection${chain ? ' (the matching chain expects TLS)' : ''}: connection closed`);
    return finish(draft, 'reject');
  }
  if (chain.kind === 'tcp' && chain.transport === 'tls-terminate' && !tls) {
    trace?.push('the matching chain terminates TLS but the connection is plaintext: the handshake fails, connection closed');
    return finish(draft, 'reject');
  }
  const server = chain.servers[0];
  setServer(draft, server);
  trace?.push(`${describeChain(chain, tls ? sni : undefined)} -> server ${server.portName} (${server.protocol}) of Gateway ${server.gatewayKey}`);
  return chain.kind === 'tcp' ? decideTcp(config, chain, draft) : decideHttp(config, chain, request, draft, tls ? 'https' : 'http');
}

/** The workload a request or listing is about: the named one, or the only one. */
export function pickWorkload(config: CompiledConfig, gateway: string | undefined): CompiledWorkload {
  if (gateway === undefined) {
    if (config.workloads.length !== 1) {
      throw new RequestError(config.workloads.length === 0
        ? 'the manifests hold no gateway workload: no Gateway resource selects any pods'
        : `the manifests hold ${config.workloads.length} gateway workloads (${config.workloads.map((w) => w.workload.key).join(', ')}); say which with gateway: NS/NAME`);
    }
    return config.workloads[0];
  }
  const found = config.workloads.find((w) => w.workload.key === gateway
    || w.workload.services.some((s) => `${s.metadata.namespace}/${s.metadata.name}` === gateway)
    || w.workload.gateways.some((g) => `${g.metadata.namespace}/${g.metadata.name}` === gateway));
  if (found === undefined) {
    throw new RequestError(`no gateway workload is named ${gateway}; use NS/NAME of its Service, Deployment or a Gateway selecting it (${config.workloads.map((w) => w.workload.key).join(', ') || 'none'})`);
  }
  return found;
}

function resolveListenerPort(compiled: CompiledWorkload, request: TrafficRequest, trace: string[] | undefined): number | undefined {
  if (request.port === undefined && request.nodePort === undefined) {
    throw new RequestError('the request has neither port nor nodePort; give the gateway Service port (e.g. port: 80) or a nodePort');
  }
  if (request.port !== undefined && request.nodePort !== undefined) {
    throw new RequestError(`the request has port ${request.port} and nodePort ${request.nodePort}; ${BOTH_PORTS}`);
  }
  const hostProblemText = request.host === undefined ? undefined : hostProblem(request.host);
  if (hostProblemText !== undefined) {
    throw new RequestError(`the request's host '${request.host}' ${hostProblemText}`);
  }
  // A request addressed to one Service of the pods goes through that Service's ports only.
  const named = request.gateway === undefined ? undefined : compiled.workload.services.find((s) => keyOf(s) === request.gateway);
  const targets = named ? compiled.targets.filter((t) => t.service === named) : compiled.targets;
  if (request.nodePort !== undefined) {
    const target = targets.find((t) => t.nodePort === request.nodePort);
    if (target === undefined) {
      trace?.push(`no port of the gateway Service has nodePort ${request.nodePort}: connection refused`);
      return undefined;
    }
    trace?.push(`nodePort ${request.nodePort} -> Service ${target.service.metadata.namespace}/${target.service.metadata.name} port ${target.port} -> targetPort ${target.targetPort}`);
    return target.targetPort;
  }
  const port = request.port!;
  if (compiled.workload.services.length === 0) {
    trace?.push(`no Service in the manifests selects the gateway pods: port ${port} taken as the port Envoy listens on`);
    return port;
  }
  const target = targets.find((t) => t.port === port);
  if (target === undefined) {
    trace?.push(`the gateway Service has no port ${port}: connection refused`);
    return undefined;
  }
  trace?.push(`port ${port} -> Service ${target.service.metadata.namespace}/${target.service.metadata.name} targetPort ${target.targetPort}`);
  return target.targetPort;
}

/**
 * Envoy's filter chain choice (reference §b.4): exact SNI, then the most specific wildcard, then
 * chains without server names (preferring one of the connection's transport).
 */
function pickChain(listener: CompiledListener, tls: boolean, sni: string): FilterChain | undefined {
  const chains = listener.chains;
  const name = sni.toLowerCase();
  if (tls && name) {
    const exact = chains.find((c) => c.serverNames?.includes(name));
    if (exact) {
      return exact;
    }
    const labels = name.split('.');
    for (let i = 1; i < labels.length; i++) {
      const wildcard = `*.${labels.slice(i).join('.')}`;
      const hit = chains.find((c) => c.serverNames?.includes(wildcard));
      if (hit) {
        return hit;
      }
    }
  }
  const open = listener.openChains;
  return open.find((c) => (c.transport === 'plaintext') !== tls) ?? open[0];
}

function decideTcp(config: CompiledConfig, chain: TcpFilterChain, draft: Draft): Decision {
  const { route } = chain;
  const vs = route.virtualService;
  const { destinations, notes } = cachedDestinations(chain, route.rule, vs.namespace, chain.servers[0].port, config);
  draft.trace?.push(`${route.section} rule ${route.ruleIndex} of VirtualService ${vs.key} forwards every connection of this chain`);
  pushAll(draft.trace, notes);
  draft.trace?.push(`-> ${destinations.map((d) => `${clusterName(d)} (${d.weight}%)`).join(', ')}`);
  return {
    ...finish(draft, 'route'),
    virtualService: vs.key,
    rule: { index: route.ruleIndex, name: route.rule.name ?? null },
    destinations,
  };
}

function decideHttp(config: CompiledConfig, chain: HttpFilterChain, request: TrafficRequest, draft: Draft, scheme: string): Decision {
  const trace = draft.trace;
  const rds = chain.routeConfiguration;
  const { path: rawPath, query } = splitPath(request.path ?? '/');
  const path = normalizePath(rawPath);
  if (path === undefined) {
    // The connection manager normalizes the path before it looks for a virtual host.
    trace?.push(`path '${rawPath}' is not a valid path: Envoy answers 400 before routing`);
    return finish(draft, 'direct_response', 400);
  }
  if (path !== rawPath) {
    trace?.push(`path normalized: ${rawPath} -> ${path}`);
  }
  const authority = request.host ?? '';
  const host = stripPort(authority);
  const vhost = rds.index.lookup(host);
  if (vhost === undefined) {
    trace?.push(`route configuration ${rds.name}: no virtual host for '${host}' (domains: ${rds.virtualHosts.flatMap((v) => v.domains).join(', ')}): 404`);
    return finish(draft, 'no_route', 404);
  }
  const vhostServer = vhost.servers[0];
  if (vhostServer) {
    setServer(draft, vhostServer);
  }
  trace?.push(`route configuration ${rds.name}: host '${host}' -> virtual host ${vhost.name}`);
  if (trace) {
    noteMergeOrder(vhost.routes, trace);
    noteDelegation(rds.notes, vhost.routes, trace);
  }
  const ctx: ActionContext = { scheme, authority, path, query, serverPort: draft.server!.port };
  if (vhost.requireTls && scheme !== 'https') {
    const location = httpsRedirectLocation(ctx);
    trace?.push(`virtual host requires TLS (httpsRedirect): 301 to ${location}`);
    return { ...finish(draft, 'redirect', 301), redirect: { location } };
  }
  const view = httpRequestView({ path, query, authority, method: request.method ?? 'GET', scheme, headers: request.headers ?? {} });
  const route = vhost.routes.find((r) => r.matcher.matches(view));
  if (route === undefined) {
    trace?.push(`no route of virtual host ${vhost.name} matches ${request.method ?? 'GET'} ${path}${vhost.routes.length === 0 ? ' (it has no routes)' : ''}: 404`);
    for (const r of vhost.routes.slice(0, 5)) {
      trace?.push(`  VirtualService ${r.virtualService.key} rule ${r.ruleIndex}: ${r.matcher.mismatch(view)} does not hold`);
    }
    return finish(draft, 'no_route', 404);
  }
  return applyRoute(config, route, { ...ctx, serverPort: route.server.port }, draft);
}

function applyRoute(config: CompiledConfig, route: CompiledRoute, ctx: ActionContext, draft: Draft): Decision {
  const { rule, virtualService: vs } = route;
  setServer(draft, route.server);
  const name = ruleOf(route).name;
  const from = route.delegatedFrom;
  const via = from ? ` via delegation from VirtualService ${from.virtualService.key} rule ${from.ruleIndex}` : '';
  draft.trace?.push(`VirtualService ${vs.key} rule ${route.ruleIndex}${name ? ` (${name})` : ''}${via} matched ${route.matcher.description}`);
  const base = { virtualService: vs.key, rule: ruleOf(route) };
  if (rule.redirect) {
    const location = redirectLocation(rule.redirect, ctx);
    const status = rule.redirect.redirectCode || 301;
    if (!SUPPORTED_REDIRECT_CODES.includes(status)) {
      draft.trace?.push(`redirectCode ${status} is not one Envoy supports (${SUPPORTED_REDIRECT_CODES.join(', ')}): istiod emits a route without action and Envoy rejects the whole route configuration`);
    }
    draft.trace?.push(`redirect ${status} to ${location}`);
    return { ...finish(draft, 'redirect', status), ...base, redirect: { location } };
  }
  if (rule.directResponse) {
    draft.trace?.push(`direct response ${rule.directResponse.status}`);
    return { ...finish(draft, 'direct_response', rule.directResponse.status), ...base, ...extras(rule) };
  }
  const abort = rule.fault?.abort;
  const abortStatus: number | undefined = abort?.httpStatus ?? (abort?.grpcStatus !== undefined ? 200 : undefined);
  if (abortStatus !== undefined && percentage(abort.percentage) >= 100) {
    draft.trace?.push(`fault abort for every request: ${abort.httpStatus ?? `gRPC ${abort.grpcStatus} (HTTP 200 with grpc-status)`}`);
    return { ...finish(draft, 'fault_abort', abortStatus), ...base, ...extras(rule) };
  }
  if (abort !== undefined) {
    draft.trace?.push(abortStatus === undefined
      ? 'fault abort without httpStatus or grpcStatus: istiod drops it'
      : abort.percentage === undefined
        ? 'fault abort without percentage: it never fires'
        : `fault abort for ${percentage(abort.percentage)}% of requests: this request may be forwarded`);
  }
  const statics = routeStatics(route, config);
  const { destinations } = statics;
  pushAll(draft.trace, statics.notes);
  draft.trace?.push(`-> ${destinations.map((d) => `${clusterName(d)} (${d.weight}%)`).join(', ')}`);
  let path: string | undefined;
  if (statics.rewritesPath) {
    try {
      path = rewritePath(rule.rewrite, route.matcher.path, ctx);
    } catch (e) {
      draft.trace?.push(`rewrite.uriRegexRewrite has an invalid regex (${(e as Error).message}): Envoy rejects the whole route configuration; path left unchanged`);
    }
  }
  const authority = statics.authority;
  const rewrite = path === undefined && authority === undefined ? null : { path: path ?? null, authority: authority ?? null };
  if (rewrite) {
    draft.trace?.push(`rewrite: ${[path && `path ${path}`, authority && `authority ${authority}`].filter(Boolean).join(', ')}`);
  }
  return {
    action: 'route',
    status: null,
    gateway: draft.gateway,
    server: draft.server,
    virtualService: vs.key,
    rule: base.rule,
    destinations,
    redirect: null,
    rewrite,
    trace: draft.trace ?? [],
    ...statics.extras,
  };
}

const decisionRules = new WeakMap<CompiledRoute, DecisionRule>();

/** The decision's `rule` of a route, shared (frozen) by every decision. */
function ruleOf(route: CompiledRoute): DecisionRule {
  let rule = decisionRules.get(route);
  if (rule === undefined) {
    // A delegated rule is reported as the delegate wrote it (the merged rule carries istiod's `root-delegate` name).
    const written = route.delegatedFrom ? route.virtualService.http[route.ruleIndex] : route.rule;
    rule = Object.freeze({ index: route.ruleIndex, name: written.name ?? null });
    decisionRules.set(route, rule);
  }
  return rule;
}

/** Destinations are fixed per route (or TCP chain): resolved once, then shared (frozen) by every decision. */
const destinationCache = new WeakMap<object, { destinations: DecisionDestination[]; notes: string[] }>();

function cachedDestinations(owner: object, rule: Json, namespace: string, serverPort: number, config: CompiledConfig) {
  let cached = destinationCache.get(owner);
  if (cached === undefined) {
    const notes: string[] = [];
    const destinations = resolveDestinations(rule.route ?? [], namespace, serverPort, config.registry, notes);
    cached = { destinations: Object.freeze(destinations.map((d) => Object.freeze(d))) as DecisionDestination[], notes };
    destinationCache.set(owner, cached);
  }
  return cached;
}

/** What a forwarding route decides the same way for every request, computed once per route. */
interface RouteStatics {
  readonly destinations: DecisionDestination[];
  readonly notes: string[];
  readonly rewritesPath: boolean;
  readonly authority?: string;
  readonly extras: Record<string, unknown>;
}

const staticsCache = new WeakMap<CompiledRoute, RouteStatics>();

function routeStatics(route: CompiledRoute, config: CompiledConfig): RouteStatics {
  let statics = staticsCache.get(route);
  if (statics === undefined) {
    const { rule, virtualService: vs } = route;
    statics = {
      ...cachedDestinations(route, rule, vs.namespace, route.server.port, config),
      rewritesPath: rule.rewrite?.uri !== undefined || rule.rewrite?.uriRegexRewrite !== undefined,
      authority: rewriteAuthority(rule),
      extras: extras(rule, vs.namespace, route.server.port, config),
    };
    staticsCache.set(route, statics);
  }
  return statics;
}

/** Route settings reported alongside the decision. */
function extras(rule: Json, namespace?: string, serverPort?: number, config?: CompiledConfig): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  if (rule.fault) result.fault = rule.fault;
  if (rule.timeout) result.timeout = rule.timeout;
  if (rule.retries) result.retries = rule.retries;
  if (rule.corsPolicy) result.corsPolicy = rule.corsPolicy;
  if (rule.headers) result.headers = rule.headers;
  // A mirror without percentage mirrors everything; an explicit 0 is no mirror at all (istiod's MirrorPercent).
  const mirrors: Json[] = rule.mirrors ?? (rule.mirror ? [{ destination: rule.mirror, percentage: mirrorPercentage(rule) }] : []);
  const active = mirrors.filter((m) => m.destination && (m.percentage === undefined || percentage(m.percentage) > 0));
  if (active.length > 0 && namespace !== undefined && config) {
    result.mirrors = active.map((m) => ({
      ...resolveDestination(m.destination, namespace, serverPort!, config.registry, []),
      percentage: Math.min(100, m.percentage?.value ?? 100),
    }));
  }
  return result;
}

/** `mirrorPercentage`, else the deprecated integer `mirrorPercent`, as a `{value}` (undefined when neither is set). */
function mirrorPercentage(rule: Json): Json {
  if (rule.mirrorPercentage !== undefined) {
    return rule.mirrorPercentage;
  }
  return typeof rule.mirrorPercent === 'number' ? { value: rule.mirrorPercent } : undefined;
}

function percentage(value: Json): number {
  return typeof value?.value === 'number' ? value.value : 0;
}

/**
 * Says in which order VirtualServices sharing a virtual host were merged, and on what that order
 * rests: Istio orders them by creationTimestamp, which manifests rarely carry.
 */
function noteMergeOrder(routes: readonly CompiledRoute[], trace: string[]): void {
  const merged = [...new Set(routes.map((r) => r.delegatedFrom?.virtualService ?? r.virtualService))];
  if (merged.length < 2) {
    return;
  }
  const timed = merged.every((vs) => vs.object.metadata.creationTimestamp !== undefined);
  trace.push(`virtual host merges VirtualServices ${merged.map((vs) => vs.key).join(', ')} in that order`
    + ` (${timed ? 'by creationTimestamp' : 'no creationTimestamp in the manifests: ordered by name, then namespace, as for equal timestamps'};`
    + ' catch-all routes last)');
}

/** Repeats the delegation notes about the root VirtualServices of a virtual host (reference §c.6). */
function noteDelegation(notes: readonly string[], routes: readonly CompiledRoute[], trace: string[]): void {
  const roots = new Set(routes.map((r) => (r.delegatedFrom?.virtualService ?? r.virtualService).key));
  pushAll(trace, notes.filter((n) => n.includes('delegat') && [...roots].some((key) => n.includes(`VirtualService ${key} rule `))));
}

/** Appends `items` to a trace (when there is one) one by one: `push(...items)` overflows the call stack on very many notes. */
function pushAll(trace: string[] | undefined, items: readonly string[]): void {
  if (trace !== undefined) {
    for (const item of items) {
      trace.push(item);
    }
  }
}

const decisionServers = new WeakMap<GatewayServer, DecisionServer>();

function setServer(draft: Draft, server: GatewayServer): void {
  let decisionServer = decisionServers.get(server);
  if (decisionServer === undefined) {
    decisionServer = Object.freeze({ port: server.port, protocol: server.protocol, name: server.portName });
    decisionServers.set(server, decisionServer);
  }
  draft.gateway = server.gatewayKey;
  draft.server = decisionServer;
}

function describeChain(chain: FilterChain, sni: string | undefined): string {
  const names = chain.serverNames ? `SNI ${chain.serverNames.join(',')}` : 'no SNI condition';
  return `filter chain (${chain.transport}, ${names}${sni !== undefined ? `; client SNI '${sni}'` : ''})`;
}

function finish(draft: Draft, action: DecisionAction, status: number | null = null): Decision {
  return {
    action,
    status,
    gateway: draft.gateway,
    server: draft.server,
    virtualService: null,
    rule: null,
    destinations: [],
    redirect: null,
    rewrite: null,
    trace: draft.trace ?? [],
  };
}
