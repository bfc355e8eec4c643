/**
 * The gateway's admin endpoint, answering as Envoy's admin listener (127.0.0.1:15000 in an Istio proxy) answers
 * (envoy source/server/admin/admin.cc and the handlers beside it):
 *
 * - the path must name an endpoint exactly (the query aside); any other path is a 404 whose body is
 *   `invalid path. ` followed by the help text;
 * - an endpoint that changes the server's state (`/reset_counters`) answers only POST; any other method gets a 405
 *   `Method GET not allowed, POST required.`;
 * - answers are `text/plain; charset=UTF-8` unless JSON, with `Cache-Control: no-cache, max-age=0` and
 *   `X-Content-Type-Options: nosniff`.
 *
 * `/` answers the help text (Envoy's is an HTML page listing the same endpoints).
 */
import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as path from 'path';
import { AdminCluster, clustersJson, clustersText, EndpointStatistics, hostAddress } from './admin-clusters';
import { configDumpReply } from './admin-config-dump';
import { AdminReply, jsonReply, textReply } from './admin-reply';
import { GatewayStats, StatsQuery } from './stats';

/** A listener, as `/listeners` shows it. */
export interface AdminListener {
  /** The listener's name (`0.0.0.0_8080`). */
  readonly name: string;
  /** The local address it is bound to. */
  readonly address: string;
  /** The local port it is bound to. */
  readonly port: number;
}

/** The server's state, as `/ready` and `/server_info` name it (envoy api/envoy/admin/v3/server_info.proto). */
export type ServerState = 'LIVE' | 'DRAINING' | 'PRE_INITIALIZING' | 'INITIALIZING';

/** What the admin endpoint reads from the gateway. */
export interface AdminSource {
  /** The statistics store. */
  readonly stats: GatewayStats;
  /** The gateway's configuration as Envoy's `/config_dump` document, `{"configs": [...]}`. */
  configDump(): Readonly<Record<string, unknown>>;
  /** The listeners, with the addresses they are bound to. */
  listeners(): readonly AdminListener[];
  /** The clusters and their endpoints. */
  clusters(): readonly AdminCluster[];
  /** Whether the gateway serves traffic (`LIVE`). */
  ready(): boolean;
  /** The state when not ready (`PRE_INITIALIZING` when left out); read only when `ready()` is false. */
  state?(): ServerState;
}

/** Where the admin endpoint listens. */
export interface AdminServerOptions {
  /**
   * The address to bind.
   *
   * @default '127.0.0.1'
   */
  readonly host?: string;
  /**
   * The port to bind; 0 picks a free one.
   *
   * @default 0
   */
  readonly port?: number;
}

/** A running admin endpoint. */
export interface AdminServer {
  /** Its base URL, `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** The port it is bound to. */
  readonly port: number;
  /** Stops listening and closes every open connection. */
  close(): Promise<void>;
}

/** The query parameters of a request: the first value of each, percent-decoded (a `+` stays a `+`). */
type QueryParams = ReadonlyMap<string, string>;

interface AdminHandler {
  readonly path: string;
  readonly help: string;
  readonly mutatesState: boolean;
  readonly params: readonly { readonly name: string; readonly help: string; readonly choices?: readonly string[] }[];
  readonly handle: (query: QueryParams) => AdminReply;
}

const USED_ONLY_HELP = 'Only include stats that have been written by system since restart';
const FILTER_HELP = 'Regular expression (Google re2) for filtering stats';

/**
 * Starts the admin endpoint.
 *
 * @param source - what it reads from the gateway.
 * @param options - where it listens.
 */
export async function startAdminServer(source: AdminSource, options: AdminServerOptions = {}): Promise<AdminServer> {
  const started = Date.now();
  const handlers = adminHandlers(source, started);
  const server = http.createServer((request, response) => {
    const reply = answer(handlers, request.method ?? 'GET', request.url ?? '/');
    response.writeHead(reply.status, {
      'content-type': reply.json ? 'application/json' : 'text/plain; charset=UTF-8',
      'cache-control': 'no-cache, max-age=0',
      'x-content-type-options': 'nosniff',
    });
    response.end(reply.body);
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    close: () => new Promise<void>((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeAllConnections();
    }),
  };
}

function answer(handlers: readonly AdminHandler[], method: string, url: string): AdminReply {
  const queryStart = url.indexOf('?');
  const pathOnly = queryStart === -1 ? url : url.slice(0, queryStart);
  const found = handlers.find((h) => h.path === pathOnly);
  if (!found) {
    return textReply(`invalid path. ${helpText(handlers)}`, 404);
  }
  if (found.mutatesState && method !== 'POST') {
    return textReply(`Method ${method} not allowed, POST required.`, 405);
  }
  return found.handle(queryParams(queryStart === -1 ? '' : url.slice(queryStart + 1)));
}

function adminHandlers(source: AdminSource, started: number): AdminHandler[] {
  const handlers: AdminHandler[] = [
    handler('/', 'Admin home page', () => textReply(helpText(handlers))),
    handler('/clusters', 'upstream cluster status', (query) => {
      const statistics: EndpointStatistics = (cluster, address) => source.stats.hostStatistics(cluster, address);
      return query.get('format') === 'json'
        ? jsonReply(clustersJson(source.clusters(), statistics)) : textReply(clustersText(source.clusters(), statistics));
    }),
    handler('/config_dump', 'dump current Envoy configs (experimental)', (query) => configDumpReply(source.configDump(), {
      resource: query.get('resource'), nameRegex: query.get('name_regex'),
    }), [
      { name: 'resource', help: 'The resource to dump' },
      { name: 'name_regex', help: 'Dump only the currently loaded configurations whose names match the specified regex.' },
    ]),
    handler('/help', 'print out list of admin commands', () => textReply(helpText(handlers))),
    handler('/listeners', 'print listener info', (query) => listenersReply(source, query.get('format') === 'json'), [
      { name: 'format', help: 'File format to use', choices: ['text', 'json'] },
    ]),
    handler('/ready', 'print server state, return 200 if LIVE, otherwise return 503', () => {
      const state = serverState(source);
      return textReply(`${state}\n`, state === 'LIVE' ? 200 : 503);
    }),
    handler('/reset_counters', 'reset all counters to zero', () => {
      source.stats.resetCounters();
      return textReply('OK\n');
    }, [], true),
    handler('/server_info', 'print server version/status information', () => {
      const uptime = `${Math.floor((Date.now() - started) / 1000)}s`;
      return jsonReply({
        version: `cdk8s-istio-gateway/${libraryVersion()}/in-process`,
        state: serverState(source),
        uptime_current_epoch: uptime,
        uptime_all_epochs: uptime,
        hot_restart_version: 'disabled',
      });
    }),
    handler('/stats', 'print server stats', (query) => statsReply(source.stats, query), [
      { name: 'usedonly', help: USED_ONLY_HELP },
      { name: 'filter', help: FILTER_HELP },
      { name: 'format', help: 'Format to use', choices: ['text', 'json', 'prometheus'] },
    ]),
    handler('/stats/prometheus', 'print server stats in prometheus format', (query) => {
      const selection = statsQuery(query);
      return 'error' in selection ? selection.error : textReply(source.stats.prometheus(selection));
    }, [{ name: 'usedonly', help: USED_ONLY_HELP }, { name: 'filter', help: FILTER_HELP }]),
  ];
  return handlers;
}

function handler(
  urlPath: string, help: string, handle: (query: QueryParams) => AdminReply, params: AdminHandler['params'] = [], mutatesState = false,
): AdminHandler {
  return { path: urlPath, help, handle, params, mutatesState };
}

/** Envoy's help text: `admin commands are:`, then each endpoint by path, `(POST)` on those that change state. */
function helpText(handlers: readonly AdminHandler[]): string {
  const lines = ['admin commands are:'];
  for (const h of [...handlers].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    lines.push(`  ${h.path}${h.mutatesState ? ' (POST)' : ''}: ${h.help}`);
    h.params.forEach((p) => lines.push(`      ${p.name}: ${p.help}${p.choices ? `; One of (${p.choices.join(', ')})` : ''}`));
  }
  return lines.map((l) => `${l}\n`).join('');
}

function serverState(source: AdminSource): ServerState {
  return source.ready() ? 'LIVE' : source.state?.() ?? 'PRE_INITIALIZING';
}

function listenersReply(source: AdminSource, json: boolean): AdminReply {
  const listeners = source.listeners();
  if (json) {
    return jsonReply({
      listener_statuses: listeners.map((l) => ({ name: l.name, local_address: { socket_address: { address: l.address, port_value: l.port } } })),
    });
  }
  return textReply(listeners.map((l) => `${l.name}::${hostAddress(l)}\n`).join(''));
}

/** `/stats` (envoy source/server/admin/stats_params.cc): `usedonly`, `filter` (400 when not an expression), `format`. */
function statsReply(stats: GatewayStats, query: QueryParams): AdminReply {
  const selection = statsQuery(query);
  if ('error' in selection) {
    return selection.error;
  }
  const format = query.get('format') || 'text';
  if (format === 'json') {
    return jsonReply(stats.json(selection), query.has('pretty'));
  }
  if (format === 'prometheus') {
    return textReply(stats.prometheus(selection));
  }
  if (format === 'text') {
    return textReply(stats.text(selection));
  }
  return textReply('usage: /stats?format=(json|prometheus|text)\n\n', 400);
}

function statsQuery(query: QueryParams): StatsQuery | { error: AdminReply } {
  const filter = query.get('filter');
  const usedOnly = query.has('usedonly');
  if (filter === undefined) {
    return { usedOnly };
  }
  try {
    return { usedOnly, filter: new RegExp(filter) };
  } catch {
    return { error: textReply('Invalid re2 regex', 400) };
  }
}

function queryParams(query: string): QueryParams {
  const params = new Map<string, string>();
  for (const part of query.split('&').filter((p) => p !== '')) {
    const equals = part.indexOf('=');
    const name = decoded(equals === -1 ? part : part.slice(0, equals));
    if (!params.has(name)) {
      params.set(name, decoded(equals === -1 ? '' : part.slice(equals + 1)));
    }
  }
  return params;
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** This library's version, from the package.json two levels above this module (src/proxy/, or lib/proxy/ installed). */
function libraryVersion(): string {
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version?: unknown };
    return typeof manifest.version === 'string' ? manifest.version : 'unknown';
  } catch {
    return 'unknown';
  }
}
