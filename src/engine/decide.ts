/**
 * Deciding one request the way Envoy walks its configuration: listener -> filter chain ->
 * virtual host -> route -> action (reference §k, EVALUATE). Everything that does not depend on
 * the request was compiled before (route tables with their actions, TCP chains with their
 * destinations): a decision only matches, then reports what the match leads to.
 */
import { isDroppedServer, listenerPortOf, ObjectRefused } from './compile-diagnostic';
import {
  DecidableChain, DecidableConfig, DecidableHttpChain, DecidableListener, DecidableRoute, DecidableSniDnatChain, DecidableTcpChain,
  DecidableVirtualHost, DecidableWorkload, DumpPorts,
} from './decidable';
import { Decision, DecisionAction, DecisionDestination, DecisionReason, DecisionRedirect, DecisionRewrite } from './decision';
import { AbortAction, DirectResponseAction, ForwardAction, HttpRouteAction, NO_POLICIES, PartialAbort, RedirectAction, ReportedPolicies } from './http-actions';
import { ActionRequest, HttpRequestView, httpRequestView, pathOf, queryOf } from './http-request';
import { keyOf } from './model';
import { normalizePath } from './path-normalization';
import { rewritePath } from './path-rewrite';
import { httpsRedirectLocation, redirectLocation, SUPPORTED_REDIRECT_CODES } from './redirect';
import { ReportedServer } from './reported-server';
import { TrafficRequest } from './request';
import { BOTH_PORTS, hostNameLength, hostProblem } from './request-check';
import { RequestError } from './request-error';
import { describeServer } from './servers';
import { ServiceTarget } from './service-ports';

/** Options of a decision. */
export interface DecideOptions {
  /**
   * Record the human-readable trace (turn it off for speed when only the outcome matters).
   * @default true
   */
  readonly trace?: boolean;
  /**
   * @internal Told which route of which virtual host decided an HTTP request (its position in the virtual host's
   * route list, as Envoy evaluates them), for comparisons with another configuration of the same gateway.
   */
  readonly _onRoute?: (virtualHost: string, position: number) => void;
  /**
   * @internal Handed the route that decided an HTTP request and its virtual host: the compiled action a gateway that
   * serves the request carries out, so that serving and deciding read the same route.
   */
  readonly _onMatch?: (route: DecidableRoute, virtualHost: DecidableVirtualHost) => void;
}

/** A 404 trace explains this many routes that did not match. */
const EXPLAINED_ROUTES = 5;

/** Decides what the gateway does with `request`. */
export function decide(config: DecidableConfig, request: TrafficRequest, options?: DecideOptions): Decision {
  const compiled = pickWorkload(config, request.gateway);
  if (request.port === undefined && request.nodePort === undefined) {
    throw new RequestError('the request has neither port nor nodePort; give the gateway Service port (e.g. port: 80) or a nodePort');
  }
  if (request.port !== undefined && request.nodePort !== undefined) {
    throw new RequestError(`the request has port ${request.port} and nodePort ${request.nodePort}; ${BOTH_PORTS}`);
  }
  // The Host is checked once: its syntax, and where its name ends (the virtual host and the SNI take the name).
  const authority = request.host ?? '';
  const nameLength = hostNameLength(authority);
  if (nameLength < 0) {
    throw new RequestError(`the request's host '${authority}' ${hostProblem(authority)}`);
  }
  const host = nameLength === authority.length ? authority : authority.slice(0, nameLength);
  const trace: string[] | undefined = options?.trace === false ? undefined : [];
  trace?.push(`gateway workload ${compiled.workload.key}${compiled.workload.implied ? ' (implied by its Gateway selector)' : ''}`);
  const listenerPort = resolveListenerPort(compiled, request, trace);
  if (listenerPort === undefined) {
    return outcome('no_listener', 'no_service_port', null, undefined, trace);
  }
  const listener = compiled.listeners.get(listenerPort);
  if (listener === undefined) {
    if (trace) {
      trace.push(`Envoy has no listener on port ${listenerPort}: connection refused`);
      for (const d of compiled.diagnostics) {
        if (listenerPortOf(d) === listenerPort) {
          trace.push(d.message);
        }
      }
      const rejected = compiled.dump?.rejectedListeners.get(listenerPort);
      if (rejected !== undefined) {
        trace.push(rejected);
      }
      traceRefused(trace, config.refused, 'Gateway');
    }
    const refusedForOverlap = compiled.diagnostics.some((d) => d.kind === 'overlapping-filter-chains' && d.port === listenerPort)
      || compiled.dump?.rejectedListeners.has(listenerPort) === true;
    return outcome('no_listener', refusedForOverlap ? 'multiple_filter_chains' : 'no_listener', null, undefined, trace);
  }
  if (trace) {
    trace.push(`listener ${listener.name}`);
    for (const d of compiled.diagnostics) {
      if (isDroppedServer(d) && d.port === listenerPort) {
        trace.push(d.message);
      }
    }
  }
  const scheme = request.scheme?.toLowerCase();
  const sni = scheme === 'http' || (scheme === undefined && !listener.carriesTls) ? '' : request.sni ?? host;
  let tls: boolean;
  let chain: DecidableChain | undefined;
  if (scheme !== undefined) {
    tls = scheme === 'https';
    chain = pickChain(listener, tls, tls ? sni : '');
  } else if (listener.carriesTls) {
    // Without a scheme, the client speaks TLS when the chain its SNI reaches expects it.
    const tlsChain = pickChain(listener, true, sni);
    tls = tlsChain?.transport !== 'plaintext';
    chain = tls ? tlsChain : pickChain(listener, false, '');
  } else {
    tls = false;
    chain = pickChain(listener, false, '');
  }
  const refused = chain === undefined ? 'no_filter_chain' : transportMismatch(chain, tls);
  if (chain === undefined || refused !== undefined) {
    if (trace) {
      trace.push(refused === 'tls_handshake_failed' && chain?.kind === 'tcp'
        ? 'the matching chain terminates TLS but the connection is plaintext: the handshake fails, connection closed'
        : tls
          ? `no filter chain takes a TLS connection with SNI '${sni}'${chain ? ' (the matching chain is plaintext HTTP)' : ''}: connection closed`
          : `no filter chain takes a plaintext connection${chain ? ' (the matching chain expects TLS)' : ''}: connection closed`);
      if (chain === undefined && tls) {
        traceAutoPassthrough(listener, sni, trace);
      }
    }
    return outcome('reject', refused ?? 'no_filter_chain', null, undefined, trace);
  }
  if (trace) {
    // The chain's first server, as its route configuration or TCP route reports it.
    const reported = chain.kind === 'http' ? chain.routeConfiguration.reported : chain.route.reported;
    trace.push(`${describeChain(chain, tls ? sni : undefined)} -> ${reported.traceName}`);
  }
  switch (chain.kind) {
    case 'tcp':
      return decideTcp(chain, trace);
    case 'sni-dnat':
      return decideSniDnat(chain, trace);
    default:
      return decideHttp(chain, request, host, tls ? 'https' : 'http', trace, config.refused, options);
  }
}

/** Says which AUTO_PASSTHROUGH servers of the listener could have taken an SNI of their form, and where their names come from. */
function traceAutoPassthrough(listener: DecidableListener, sni: string, trace: string[]): void {
  const servers = new Set(listener.chains.flatMap((c) => (c.kind === 'sni-dnat' ? c.servers : [])));
  for (const server of servers) {
    trace.push(`${describeServer(server)} has a chain per port (and DestinationRule subset) of each Service in the manifests within its hosts `
      + `(${server.hosts.join(', ')}), named outbound_.PORT_.SUBSET_.HOST; none is named '${sni}'`);
  }
}

/**
 * Why a chain cannot take the connection, or undefined when it can: a plaintext connection to a chain that terminates
 * TLS fails the handshake; TLS to a plaintext HTTP chain is bytes its HTTP codec cannot read (Istio's simulation:
 * ErrTLSError, ErrProtocolError). A TCP proxy forwards whatever bytes arrive.
 */
export function transportMismatch(chain: DecidableChain, tls: boolean): DecisionReason | undefined {
  if (chain.transport === 'tls-terminate' && !tls) {
    return 'tls_handshake_failed';
  }
  if (chain.kind === 'http' && chain.transport === 'plaintext' && tls) {
    return 'protocol_error';
  }
  return undefined;
}

/**
 * The workload a request that names no gateway goes to: the only one whose pods the manifests define (a Deployment,
 * DaemonSet or StatefulSet that Gateways select), even beside workloads implied by Gateway selectors (pods installed
 * elsewhere); when the manifests define none, the only implied one. Undefined when that leaves no workload, or several.
 */
export function defaultWorkload<W extends DecidableWorkload>(config: { readonly workloads: readonly W[] }): W | undefined {
  const defined = config.workloads.filter((w) => !w.workload.implied);
  const candidates = defined.length > 0 ? defined : config.workloads;
  return candidates.length === 1 ? candidates[0] : undefined;
}

/** The workload a request or listing is about: the named one, or the one {@link defaultWorkload} chooses. */
export function pickWorkload<W extends DecidableWorkload>(config: { readonly workloads: readonly W[] }, gateway: string | undefined): W {
  if (gateway === undefined) {
    const chosen = defaultWorkload(config);
    if (chosen === undefined) {
      throw new RequestError(config.workloads.length === 0
        ? 'the manifests hold no gateway workload: no Gateway resource selects any pods'
        : `the manifests hold ${config.workloads.length} gateway workloads (${config.workloads.map((w) => w.workload.key).join(', ')}); say which with gateway: NS/NAME`);
    }
    return chosen;
  }
  const found = config.workloads.find((w) => w.workload.key === gateway
    || w.workload.services.some((s) => `${s.metadata.namespace}/${s.metadata.name}` === gateway)
    || w.workload.gateways.some((g) => `${g.metadata.namespace}/${g.metadata.name}` === gateway));
  if (found === undefined) {
    throw new RequestError(`no gateway workload is named ${gateway}; use NS/NAME of its Service, Deployment or a Gateway selecting it (${config.workloads.map((w) => w.workload.key).join(', ') || 'none'})`);
  }
  return found;
}

/**
 * The port Envoy listens on for the request's Service port or nodePort (exactly one of them is set), or undefined
 * when the Service refuses it.
 */
function resolveListenerPort(compiled: DecidableWorkload, request: TrafficRequest, trace: string[] | undefined): number | undefined {
  if (compiled.dump !== undefined) {
    return dumpListenerPort(compiled.dump, request, trace);
  }
  const { port, nodePort } = request;
  // A request addressed to one Service of the pods goes through that Service's ports only.
  const named = request.gateway === undefined ? undefined : compiled.workload.services.find((s) => keyOf(s) === request.gateway);
  const targets = compiled.targets;
  if (nodePort !== undefined) {
    for (const target of targets) {
      if (target.nodePort === nodePort && (named === undefined || target.service === named)) {
        trace?.push(`nodePort ${nodePort} -> Service ${target.service.metadata.namespace}/${target.service.metadata.name} port ${target.port} -> targetPort ${target.targetPort}`);
        traceUntranslated(compiled, target, trace);
        return target.targetPort;
      }
    }
    trace?.push(`no port of the gateway Service has nodePort ${nodePort}: connection refused`);
    return undefined;
  }
  if (compiled.workload.services.length === 0) {
    trace?.push(`no Service in the manifests selects the gateway pods: port ${port} taken as the port Envoy listens on`);
    return port;
  }
  for (const target of targets) {
    if (target.port === port && (named === undefined || target.service === named)) {
      trace?.push(`port ${port} -> Service ${target.service.metadata.namespace}/${target.service.metadata.name} targetPort ${target.targetPort}`);
      traceUntranslated(compiled, target, trace);
      return target.targetPort;
    }
  }
  trace?.push(`the gateway Service has no port ${port}: connection refused`);
  return undefined;
}

/**
 * The listener port of a request to a gateway read from a config dump: the one the dump's route configurations and
 * virtual hosts name the request's port as server port on, else the request's port itself. A dump holds no Service,
 * so no nodePort.
 */
function dumpListenerPort(dump: DumpPorts, request: TrafficRequest, trace: string[] | undefined): number {
  if (request.port === undefined) {
    throw new RequestError(`the config dump ${dump.origin} holds no Service, so no nodePort ${request.nodePort}: give the server port (e.g. port: 80) or the listener port`);
  }
  const listenerPort = dump.listenerPorts.get(request.port);
  if (listenerPort === undefined) {
    trace?.push(`port ${request.port} taken as the port Envoy listens on (no route configuration of the config dump serves port ${request.port} elsewhere)`);
    return request.port;
  }
  trace?.push(`port ${request.port} -> listener port ${listenerPort} (its route configuration serves port ${request.port})`);
  return listenerPort;
}

/**
 * Says in the trace which servers name the request's Service port but listen elsewhere: istiod kept another port of
 * the Service for its targetPort and protocol, so those servers never see the request.
 */
function traceUntranslated(compiled: DecidableWorkload, target: ServiceTarget, trace: string[] | undefined): void {
  if (trace === undefined || target.keptPort === undefined) {
    return;
  }
  for (const d of compiled.diagnostics) {
    if (d.kind === 'untranslated-service-port' && d.servicePort === target.port && d.service === keyOf(target.service)) {
      trace.push(d.message);
    }
  }
}

/**
 * Envoy's filter chain choice (reference §b.4): exact SNI, then the most specific wildcard (`*.example.com` for
 * `a.b.example.com` before `*.com`), then chains without server names (preferring one of the connection's transport).
 */
export function pickChain(listener: DecidableListener, tls: boolean, sni: string): DecidableChain | undefined {
  if (tls && sni) {
    const name = sni.toLowerCase();
    let wildcard: DecidableChain | undefined;
    let wildcardLength = 0;
    for (const chain of listener.chains) {
      const names = chain.serverNames;
      if (names === undefined) {
        continue;
      }
      for (const serverName of names) {
        if (serverName === name) {
          return chain;
        }
        // `*.example.com` matches a name ending in `.example.com` with at least a first label before it.
        if (serverName.length > wildcardLength + 1 && serverName.startsWith('*.') && name.length > serverName.length - 1
          && name.endsWith(serverName.slice(1))) {
          wildcard = chain;
          wildcardLength = serverName.length - 1;
        }
      }
    }
    if (wildcard !== undefined) {
      return wildcard;
    }
  }
  const open = listener.openChains;
  for (const chain of open) {
    if ((chain.transport === 'plaintext') !== tls) {
      return chain;
    }
  }
  return open[0];
}

function decideTcp(chain: DecidableTcpChain, trace: string[] | undefined): Decision {
  const { route } = chain;
  if (trace) {
    trace.push(route.traceLine);
    pushAll(trace, route.upstream.notes);
    trace.push(route.upstream.description);
  }
  return decision('route', 'matched', null, route.reported, trace, route.virtualService?.key ?? null, route.decisionRule, route.upstream.destinations);
}

/** A connection of an AUTO_PASSTHROUGH chain: no VirtualService rule decides, the SNI names the destination. */
function decideSniDnat(chain: DecidableSniDnatChain, trace: string[] | undefined): Decision {
  const { route } = chain;
  trace?.push(route.traceLine);
  trace?.push(`-> ${route.cluster} (100%)`);
  return decision('route', 'matched', null, route.reported, trace, null, null, route.destinations);
}

function decideHttp(
  chain: DecidableHttpChain, request: TrafficRequest, host: string, scheme: string, trace: string[] | undefined, refused: readonly ObjectRefused[],
  options: DecideOptions | undefined,
): Decision {
  const rds = chain.routeConfiguration;
  const target = request.path ?? '/';
  const rawPath = pathOf(target);
  const query = queryOf(target);
  const path = normalizePath(rawPath);
  if (path === undefined) {
    // The connection manager normalizes the path before it looks for a virtual host.
    trace?.push(`path '${rawPath}' is not a valid path: Envoy answers 400 before routing`);
    return outcome('direct_response', 'invalid_path', 400, rds.reported, trace);
  }
  if (trace && path !== rawPath) {
    trace.push(`path normalized: ${rawPath} -> ${path}`);
  }
  const authority = request.host ?? '';
  const vhost = rds.index.lookup(host);
  if (vhost === undefined) {
    if (trace) {
      trace.push(`${rds.traceMissingHost}${host}' (${rds.index.describeMiss(host)}): 404`);
      traceRefused(trace, refused, 'VirtualService');
    }
    return outcome('no_route', 'no_virtual_host', 404, rds.reported, trace);
  }
  const reported = vhost.reported ?? rds.reported;
  if (trace) {
    trace.push(`${rds.traceHost}${host}${vhost.traceSelected}`);
    pushAll(trace, vhost.traceNotes);
  }
  if (vhost.requireTls && scheme !== 'https') {
    const location = httpsRedirectLocation({ scheme, authority, path, query });
    trace?.push(`virtual host requires TLS (httpsRedirect): 301 to ${location}`);
    return decision('redirect', 'tls_required', 301, reported, trace, null, null, [], null, { location });
  }
  const method = request.method ?? 'GET';
  const view = httpRequestView(path, query, authority, method, scheme, request.headers ?? NO_HEADERS);
  const routes = vhost.routes;
  for (let i = 0; i < routes.length; i++) {
    const route = routes[i];
    if (route.matcher.matches(view)) {
      if (trace) {
        traceClaims(routes, i + 1, view, trace);
      }
      options?._onRoute?.(vhost.name, i);
      options?._onMatch?.(route, vhost);
      return decideRoute(route, { scheme, authority, path, query }, trace);
    }
  }
  if (trace) {
    trace.push(`no route of virtual host ${vhost.name} matches ${method} ${path}${routes.length === 0 ? ' (it has no routes)' : ''}: 404`);
    for (const route of routes.slice(0, EXPLAINED_ROUTES)) {
      trace.push(`  ${route.traceName}: ${route.matcher.mismatch(view)} does not hold`);
    }
    traceClaims(routes, routes.length, view, trace);
  }
  return outcome('no_route', 'no_route', 404, reported, trace);
}

const NO_HEADERS: Readonly<Record<string, string>> = Object.freeze({});

/**
 * Says in the trace which of the first `count` routes the request's JWT decides: every other condition holds, and
 * the outcome rests on claims of a token a request here cannot carry (taken as absent). The last of them is the
 * matched route when `count` stops at it.
 */
function traceClaims(routes: readonly DecidableRoute[], count: number, view: HttpRequestView, trace: string[]): void {
  for (let i = 0; i < count; i++) {
    const claims = routes[i].matcher.claimsDecide(view);
    if (claims !== undefined) {
      const route = routes[i];
      trace.push(`${route.traceName} depends on the request's JWT (${claims}): `
        + 'istiod matches claims of a token a RequestAuthentication verified, and a request here carries none, so they are taken as absent'
        + ` and the rule ${route.matcher.matches(view) ? 'matches' : 'is skipped'}`);
    }
  }
}

/** What a matched route does with the request. */
function decideRoute(route: DecidableRoute, request: ActionRequest, trace: string[] | undefined): Decision {
  trace?.push(route.traceLine);
  const action: HttpRouteAction = route.action;
  switch (action.kind) {
    case 'forward':
      return forward(route, action, request, trace);
    case 'redirect':
      return redirectTo(route, action, request, trace);
    case 'direct_response':
      return answer(route, action, trace);
    case 'abort':
      return abort(route, action, trace);
  }
}

function forward(route: DecidableRoute, action: ForwardAction, request: ActionRequest, trace: string[] | undefined): Decision {
  const { upstream, pathRewrite, upstreamAuthority } = action;
  if (trace) {
    if (action.abort !== undefined) {
      trace.push(partialAbortLine(action.abort));
    }
    pushAll(trace, upstream.notes);
    trace.push(upstream.description);
    if (action.authorityNotes !== undefined) {
      pushAll(trace, action.authorityNotes);
    }
    if (pathRewrite?.kind === 'invalid-regex') {
      trace.push(`rewrite.uriRegexRewrite has an invalid regex (${pathRewrite.error}): Envoy rejects the whole route configuration; path left unchanged`);
    }
  }
  const path = pathRewrite === undefined ? undefined : rewritePath(pathRewrite, request.path, request.query);
  let rewrite: DecisionRewrite | null = null;
  if (path !== undefined || upstreamAuthority !== undefined) {
    rewrite = { path: path ?? null, authority: upstreamAuthority ?? null };
    trace?.push(`rewrite: ${[path && `path ${path}`, upstreamAuthority && `authority ${upstreamAuthority}`].filter(Boolean).join(', ')}`);
  }
  return withPolicies(decision('route', 'matched', null, route.reported, trace, route.virtualService?.key ?? null, route.decisionRule, upstream.destinations, rewrite),
    action.policies);
}

function redirectTo(route: DecidableRoute, action: RedirectAction, request: ActionRequest, trace: string[] | undefined): Decision {
  const { status, supported } = action.redirect;
  const location = redirectLocation(action.redirect, request);
  if (trace) {
    if (!supported) {
      trace.push(`redirectCode ${status} is not one Envoy supports (${SUPPORTED_REDIRECT_CODES.join(', ')}): istiod emits a route without action and Envoy rejects the whole route configuration`);
    }
    trace.push(`redirect ${status} to ${location}`);
  }
  return decision('redirect', 'matched', status, route.reported, trace, route.virtualService?.key ?? null, route.decisionRule, [], null, { location });
}

function answer(route: DecidableRoute, action: DirectResponseAction, trace: string[] | undefined): Decision {
  trace?.push(`direct response ${action.status}`);
  return withPolicies(decision('direct_response', 'matched', action.status, route.reported, trace, route.virtualService?.key ?? null, route.decisionRule), action.policies);
}

/** What the trace says of an abort fault that lets requests through. */
function partialAbortLine(partial: PartialAbort): string {
  switch (partial.kind) {
    case 'dropped':
      return 'fault abort without httpStatus or grpcStatus: istiod drops it';
    case 'never':
      return 'fault abort without percentage: it never fires';
    case 'sometimes':
      return `fault abort for ${partial.percentage}% of requests: this request may be forwarded`;
  }
}

function abort(route: DecidableRoute, action: AbortAction, trace: string[] | undefined): Decision {
  trace?.push(`fault abort for every request: ${action.httpStatus ?? `gRPC ${action.grpcStatus} (HTTP 200 with grpc-status)`}`);
  return withPolicies(decision('fault_abort', 'matched', action.status, route.reported, trace, route.virtualService?.key ?? null, route.decisionRule), action.policies);
}

/** The decision with the rule's reported policies added after its contract fields. */
function withPolicies(result: Decision, policies: ReportedPolicies): Decision {
  return policies === NO_POLICIES ? result : { ...result, ...policies };
}

/** Says in the trace which objects of `kind` the model stage left out: one of them may have been meant to take the request. */
function traceRefused(trace: string[], refused: readonly ObjectRefused[], kind: 'Gateway' | 'VirtualService'): void {
  for (const d of refused) {
    if (d.objectKind === kind) {
      trace.push(d.message);
    }
  }
}

/** Appends `items` to a trace one by one: `push(...items)` overflows the call stack on very many notes. */
function pushAll(trace: string[], items: readonly string[]): void {
  for (const item of items) {
    trace.push(item);
  }
}

/** `filter chain (tls-terminate, SNI a.example.com; client SNI 'a.example.com')`. */
function describeChain(chain: DecidableChain, sni: string | undefined): string {
  if (chain.serverNames === undefined && sni === undefined) {
    return OPEN_CHAINS[chain.transport];
  }
  const names = chain.serverNames === undefined ? 'no SNI condition' : `SNI ${chain.serverNames.join(',')}`;
  return sni === undefined ? `filter chain (${chain.transport}, ${names})` : `filter chain (${chain.transport}, ${names}; client SNI '${sni}')`;
}

/** How a trace names a chain without server names that a connection without SNI reached, by transport. */
const OPEN_CHAINS: Readonly<Record<DecidableChain['transport'], string>> = {
  'plaintext': 'filter chain (plaintext, no SNI condition)',
  'tls-terminate': 'filter chain (tls-terminate, no SNI condition)',
  'tls-passthrough': 'filter chain (tls-passthrough, no SNI condition)',
};

/** A decision no VirtualService rule made: the gateway and server are those that took the connection, if any. */
function outcome(
  action: DecisionAction, reason: DecisionReason, status: number | null, at: ReportedServer | undefined, trace: string[] | undefined,
): Decision {
  return decision(action, reason, status, at, trace, null, null, []);
}

/** Every decision is built here, so that all of them have the same fields in the same order. */
function decision(
  action: DecisionAction,
  reason: DecisionReason,
  status: number | null,
  at: ReportedServer | undefined,
  trace: string[] | undefined,
  virtualService: string | null,
  rule: Decision['rule'],
  destinations: readonly DecisionDestination[] = [],
  rewrite: DecisionRewrite | null = null,
  redirect: DecisionRedirect | null = null,
): Decision {
  return {
    action,
    reason,
    status,
    gateway: at === undefined ? null : at.gateway,
    server: at === undefined ? null : at.server,
    virtualService,
    rule,
    // Shared and frozen: a decision reports the compiled destinations as they are.
    destinations: destinations as DecisionDestination[],
    redirect,
    rewrite,
    trace: trace ?? [],
  };
}
