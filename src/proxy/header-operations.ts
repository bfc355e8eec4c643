/**
 * A rule's `headers` (and its destinations' `headers`) as istiod translates them and Envoy applies them:
 * - istiod (istio/istio `pilot/pkg/networking/core/route/route.go` `TranslateHeadersOperations`,
 *   `translateAppendHeaders`): `set` becomes OVERWRITE_IF_EXISTS_OR_ADD, `add` APPEND_IF_EXISTS_OR_ADD, each sorted by
 *   name, `set` before `add`; `remove` is kept; `host` and `:`-prefixed names are left out (a `host` / `:authority`
 *   set or add is a host rewrite instead, see `combinedAuthority` in the engine's http-actions). With a single
 *   destination its operations are appended to the rule's (`processDestination`); with several, each destination's go
 *   to its weighted cluster (`processWeightedDestination`).
 * - Envoy (envoyproxy/envoy `source/common/router/header_parser.cc` `HeaderParser::evaluateHeaders`): removals first,
 *   then every value is formatted against the headers as they are, then the overwrites, then the appends; a value that
 *   formats to nothing is not written. The weighted cluster's parser runs before the route's
 *   (`source/common/router/weighted_cluster_specifier.cc` `WeightedClusterEntry::finalizeRequestHeaders`), so the
 *   rule's operations win over a destination's with several destinations, and lose to them with one.
 *
 * Values are Envoy format strings. The commands a gateway can answer are expanded: `%REQ(name)%` (or
 * `%REQ(name?alternative)%`), `%RESP(name)%`, `%DOWNSTREAM_REMOTE_ADDRESS%`, `%DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT%`,
 * `%DOWNSTREAM_REMOTE_PORT%`, `%DOWNSTREAM_DIRECT_REMOTE_ADDRESS%` and its `_WITHOUT_PORT` form (the same peer: there
 * is no PROXY protocol), `%DOWNSTREAM_LOCAL_ADDRESS%`, `%DOWNSTREAM_LOCAL_ADDRESS_WITHOUT_PORT%`,
 * `%DOWNSTREAM_LOCAL_PORT%`, `%REQUESTED_SERVER_NAME%`, `%PROTOCOL%`, `%START_TIME%` (ISO 8601 with milliseconds, UTC),
 * `%HOSTNAME%`, and `%%` is a percent sign. A command the context does not answer formats to nothing, as in Envoy.
 * Any other command (`%UPSTREAM_METADATA(...)%`, `%START_TIME(%s)%`, ...) is left in the value as written: Envoy
 * would expand it, and this gateway does not pretend to.
 */
import { appendHeader, copyHeaders, headerValue, HeaderMap, MutableHeaderMap } from './header-map';
import { keptDestinations } from '../engine/destinations';
import { IstioHeaderOperations, IstioHeaders, IstioHttpRoute } from '../model/istio-types';

/** An address and port of a connection. */
export interface SocketAddress {
  /** The IP address (IPv6 without brackets). */
  readonly address: string;
  /** The port. */
  readonly port: number;
}

/** What header values may refer to. Every field is optional: a command whose field is absent formats to nothing. */
export interface HeaderFormatContext {
  /** The request headers (`%REQ(...)%` of a response operation; a request operation reads the headers it changes). */
  readonly requestHeaders?: HeaderMap;
  /** The downstream peer (`%DOWNSTREAM_REMOTE_ADDRESS%`). */
  readonly downstreamRemoteAddress?: SocketAddress;
  /** The gateway's side of the downstream connection (`%DOWNSTREAM_LOCAL_ADDRESS%`). */
  readonly downstreamLocalAddress?: SocketAddress;
  /** The downstream protocol, `HTTP/1.0`, `HTTP/1.1` or `HTTP/2` (`%PROTOCOL%`). */
  readonly protocol?: string;
  /** When the request started (`%START_TIME%`). */
  readonly startTime?: Date;
  /** The TLS server name the client asked for (`%REQUESTED_SERVER_NAME%`). */
  readonly requestedServerName?: string;
  /** The gateway's host name (`%HOSTNAME%`). */
  readonly hostname?: string;
}

/** Header operations compiled once: removals, then writes. */
export interface HeaderMutation {
  /** True when it changes nothing. */
  readonly empty: boolean;
  /**
   * A copy of `headers` with the operations applied. For request operations `headers` are the request headers (and
   * what `%REQ(...)%` reads); for response operations they are the response headers (what `%RESP(...)%` reads).
   */
  apply(headers: HeaderMap, context?: HeaderFormatContext): MutableHeaderMap;
}

/** The operations on a request and on its response. */
export interface HeaderOperations {
  /** On the request forwarded upstream. */
  readonly request: HeaderMutation;
  /** On the response sent back to the client. */
  readonly response: HeaderMutation;
}

/** The header operations of a rule, for each destination it may pick. */
export interface RuleHeaderOperations {
  /** The rule's own operations (what a direct response gets: no destination is picked). */
  readonly route: HeaderOperations;
  /**
   * The operations when destination `index` is picked: an index into the destinations that take traffic (the engine's
   * `upstream.destinations`, which leaves out those of weight 0 when there are several).
   */
  forDestination(index: number): HeaderOperations;
}

/** Compiles the header operations of a rule (cache the result per rule). */
export function compileHeaderOperations(rule: IstioHttpRoute): RuleHeaderOperations {
  const routes = rule.route ?? [];
  const ruleLevel = parserPair(rule.headers);
  if (routes.length === 1) {
    // istiod appends the single destination's operations to the rule's: one parser, the destination's writes last.
    const merged = parserPair(rule.headers, routes[0].headers);
    return { route: ruleLevel, forDestination: () => merged };
  }
  const perDestination = keptDestinations(routes).map((destination) => {
    const clusterLevel = parserPair(destination.headers);
    return {
      request: chain(clusterLevel.request, ruleLevel.request),
      response: chain(clusterLevel.response, ruleLevel.response),
    };
  });
  return {
    route: ruleLevel,
    forDestination: (index: number) => perDestination[index] ?? ruleLevel,
  };
}

/** The request and response parsers of operations written at one level (several lists are one parser, in order). */
function parserPair(...levels: ReadonlyArray<IstioHeaders | undefined>): HeaderOperations {
  return {
    request: new HeaderParser('request', levels.map((h) => h?.request)),
    response: new HeaderParser('response', levels.map((h) => h?.response)),
  };
}

/** Two mutations one after the other, the second seeing what the first wrote. */
function chain(first: HeaderMutation, second: HeaderMutation): HeaderMutation {
  if (first.empty) {
    return second;
  }
  if (second.empty) {
    return first;
  }
  return {
    empty: false,
    apply: (headers, context) => second.apply(first.apply(headers, context), context),
  };
}

/** One header write: its lower-case name, its value, and whether it appends (`add`) or overwrites (`set`). */
interface HeaderWrite {
  readonly name: string;
  readonly value: HeaderFormat;
  readonly append: boolean;
}

/** Envoy's `HeaderParser`: the removals and writes of one level of configuration. */
class HeaderParser implements HeaderMutation {
  public readonly empty: boolean;
  private readonly removals: readonly string[];
  private readonly writes: readonly HeaderWrite[];

  constructor(private readonly side: 'request' | 'response', lists: ReadonlyArray<IstioHeaderOperations | undefined>) {
    this.removals = lists.flatMap((ops) => (ops?.remove ?? []).filter(isModifiable).map((name) => name.toLowerCase()));
    this.writes = lists.flatMap((ops) => [...writesOf(ops?.set, false), ...writesOf(ops?.add, true)]);
    this.empty = this.removals.length === 0 && this.writes.length === 0;
  }

  public apply(headers: HeaderMap, context: HeaderFormatContext = {}): MutableHeaderMap {
    const result = copyHeaders(headers);
    for (const name of this.removals) {
      delete result[name];
    }
    if (this.writes.length === 0) {
      return result;
    }
    const scope: FormatScope = this.side === 'request'
      ? { context, request: result, response: undefined }
      : { context, request: context.requestHeaders, response: result };
    // Every value is formatted against the headers as they are before any write, as Envoy does.
    const values = this.writes.map((write) => write.value.format(scope));
    this.writes.forEach((write, i) => {
      if (!write.append && values[i] !== '') {
        result[write.name] = values[i];
      }
    });
    this.writes.forEach((write, i) => {
      if (write.append && values[i] !== '') {
        appendHeader(result, write.name, values[i]);
      }
    });
    return result;
  }
}

/** The writes of a `set` or `add` map as istiod emits them: sorted by name, `host` and `:`-prefixed names left out. */
function writesOf(entries: Readonly<Record<string, string>> | undefined, append: boolean): HeaderWrite[] {
  return Object.keys(entries ?? {})
    .filter(isModifiable)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((name) => ({ name: name.toLowerCase(), value: compileHeaderFormat(entries![name]), append }));
}

/** True for a name Envoy lets header operations change (istiod's `isInternalHeader` leaves the others out). */
function isModifiable(name: string): boolean {
  return !name.startsWith(':') && name.toLowerCase() !== 'host';
}

/** What a value's commands read while the operations of one request or response are applied. */
interface FormatScope {
  readonly context: HeaderFormatContext;
  readonly request: HeaderMap | undefined;
  readonly response: HeaderMap | undefined;
}

/** A header value compiled into literal text and commands. */
interface HeaderFormat {
  format(scope: FormatScope): string;
}

/** One piece of a value: literal text, or a command that reads the scope. */
type FormatPart = string | ((scope: FormatScope) => string | undefined);

/** A command at the start of the text: `%NAME%` or `%NAME(argument)%`. */
const COMMAND = /^%([A-Z0-9_]+)(?:\(([^)]*)\))?%/;

/**
 * Compiles an Envoy header value: `%%` is `%`, a known command reads the scope, and anything else (an unknown
 * command, a lone `%`) stays as written.
 */
function compileHeaderFormat(value: string): HeaderFormat {
  const parts: FormatPart[] = [];
  let literal = '';
  let i = 0;
  while (i < value.length) {
    if (value[i] !== '%') {
      literal += value[i++];
    } else if (value[i + 1] === '%') {
      literal += '%';
      i += 2;
    } else {
      const match = COMMAND.exec(value.slice(i));
      const command = match === null ? undefined : commandOf(match[1], match[2]);
      if (match === null || command === undefined) {
        literal += value[i++];
        continue;
      }
      if (literal !== '') {
        parts.push(literal);
        literal = '';
      }
      parts.push(command);
      i += match[0].length;
    }
  }
  if (literal !== '') {
    parts.push(literal);
  }
  if (parts.every((p) => typeof p === 'string')) {
    const text = parts.join('');
    return { format: () => text };
  }
  return { format: (scope) => parts.map((p) => (typeof p === 'string' ? p : p(scope) ?? '')).join('') };
}

/** The function of a command, or undefined for one this gateway does not expand. */
function commandOf(name: string, argument: string | undefined): FormatPart | undefined {
  if (argument !== undefined) {
    if (name !== 'REQ' && name !== 'RESP') {
      return undefined;
    }
    const [header, alternative] = argument.trim().toLowerCase().split('?');
    const read = (headers: HeaderMap | undefined): string | undefined => {
      if (headers === undefined) {
        return undefined;
      }
      return headerOf(headers, header) ?? (alternative === undefined ? undefined : headerOf(headers, alternative));
    };
    return name === 'REQ' ? (scope) => read(scope.request) : (scope) => read(scope.response);
  }
  return SIMPLE_COMMANDS.get(name);
}

/** A header by name; `:authority` and `host` are the same header (Node holds the HTTP/1 authority as `host`). */
function headerOf(headers: HeaderMap, name: string): string | undefined {
  const value = headerValue(headers, name);
  if (value !== undefined || (name !== ':authority' && name !== 'host')) {
    return value;
  }
  return headerValue(headers, name === 'host' ? ':authority' : 'host');
}

/** An address with its port, `[::1]:8080` for IPv6. */
function withPort(a: SocketAddress | undefined): string | undefined {
  if (a === undefined) {
    return undefined;
  }
  return a.address.includes(':') ? `[${a.address}]:${a.port}` : `${a.address}:${a.port}`;
}

/** The commands without an argument this gateway expands. */
const SIMPLE_COMMANDS: ReadonlyMap<string, FormatPart> = new Map<string, FormatPart>([
  ['DOWNSTREAM_REMOTE_ADDRESS', (s) => withPort(s.context.downstreamRemoteAddress)],
  ['DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT', (s) => s.context.downstreamRemoteAddress?.address],
  ['DOWNSTREAM_REMOTE_PORT', (s) => s.context.downstreamRemoteAddress?.port.toString()],
  ['DOWNSTREAM_DIRECT_REMOTE_ADDRESS', (s) => withPort(s.context.downstreamRemoteAddress)],
  ['DOWNSTREAM_DIRECT_REMOTE_ADDRESS_WITHOUT_PORT', (s) => s.context.downstreamRemoteAddress?.address],
  ['DOWNSTREAM_LOCAL_ADDRESS', (s) => withPort(s.context.downstreamLocalAddress)],
  ['DOWNSTREAM_LOCAL_ADDRESS_WITHOUT_PORT', (s) => s.context.downstreamLocalAddress?.address],
  ['DOWNSTREAM_LOCAL_PORT', (s) => s.context.downstreamLocalAddress?.port.toString()],
  ['REQUESTED_SERVER_NAME', (s) => s.context.requestedServerName],
  ['PROTOCOL', (s) => s.context.protocol],
  ['START_TIME', (s) => s.context.startTime?.toISOString()],
  ['HOSTNAME', (s) => s.context.hostname],
]);
