/**
 * Where a running gateway reports each finished request and TCP connection: the statistics (under Envoy's names, for
 * `/stats` and the per-route summary) and the access log (Envoy's default format).
 */
import { formatAccessLogLine, formatTcpAccessLogLine } from './access-log';
import { ExchangeRecord, TcpConnectionRecord } from './exchange-records';
import { ExchangeObserver } from './gateway-runtime';
import { GatewayStats } from './stats';
import { HttpProtocol, recordHttpRequest, recordTcpConnection } from './stats-recorder';
import { DecidableRoute } from '../engine/decidable';
import { CompiledRoute } from '../engine/route-table';

/** The `stat_prefix` istiod gives the HTTP connection manager of a listener. */
export function httpStatPrefix(listenerPort: number): string {
  return `outbound_0.0.0.0_${listenerPort};`;
}

/** How the per-route summary names a route: its VirtualService and rule, as the route table does (`counter.default #0`). */
export function routeLabel(route: DecidableRoute): string {
  let label = routeLabels.get(route);
  if (label === undefined) {
    const [namespace, name] = (route.virtualService?.key ?? '/').split('/');
    label = route.virtualService === null ? '-' : `${name}.${namespace} #${route.decisionRule?.index ?? '-'}`;
    routeLabels.set(route, label);
  }
  return label;
}

const routeLabels = new WeakMap<DecidableRoute, string>();

/** The `statPrefix` of the match a route was built from, as the recorder takes it (Envoy's route `stat_prefix`). */
function routeStatPrefixOf(route: DecidableRoute): { routeStatPrefix?: string } {
  if (!(route instanceof CompiledRoute) || route.matchIndex === undefined) {
    return {};
  }
  const prefix = route.rule.match?.[route.matchIndex]?.statPrefix;
  return prefix === undefined || prefix === '' ? {} : { routeStatPrefix: prefix };
}

/** Counts each exchange and connection in the gateway's statistics. */
export class StatisticsObserver implements ExchangeObserver {
  constructor(private readonly stats: GatewayStats) {}

  public exchange(record: ExchangeRecord): void {
    const route = record.matchedRoute;
    const upstream = record.answeredBy === 'upstream' && record.cluster !== undefined
      ? { cluster: record.cluster, attempts: record.attempts, retryLimitExceeded: record.flags.includes('URX') } : undefined;
    recordHttpRequest(this.stats, {
      statPrefix: httpStatPrefix(record.connection.listenerPort),
      protocol: record.protocol as HttpProtocol,
      outcome: record.answeredBy,
      status: record.status,
      bytesReceived: record.bytesReceived,
      bytesSent: record.bytesSent,
      ...(record.virtualHost === undefined ? {} : { virtualHost: record.virtualHost.name }),
      ...(route === undefined ? {} : { route: routeLabel(route) }),
      ...(route === undefined ? {} : routeStatPrefixOf(route)),
      faultDelayed: record.faultDelayed,
      ...(upstream === undefined ? {} : { upstream }),
      mirrors: record.mirrored.map((m) => ({ cluster: m.cluster, attempts: [m.sent ? { outcome: 'response' as const } : { outcome: 'no-healthy-upstream' as const }] })),
    });
  }

  public tcpConnection(record: TcpConnectionRecord): void {
    recordTcpConnection(this.stats, {
      statPrefix: record.cluster,
      ...(record.cluster === '' ? {} : { cluster: record.cluster }),
      ...(record.upstreamHost === undefined ? {} : { upstreamHost: record.upstreamHost }),
      upstream: record.failure === 'UH' ? 'no-healthy-upstream' : record.failure === 'UF' ? 'connect-failure' : 'connected',
      bytesReceived: record.bytesReceived,
      bytesSent: record.bytesSent,
    });
  }
}

/** Writes one line per exchange and connection in Envoy's default access log format. */
export class AccessLogObserver implements ExchangeObserver {
  constructor(private readonly write: (line: string) => void) {}

  public exchange(record: ExchangeRecord): void {
    this.write(formatAccessLogLine({
      startTime: record.startTime,
      method: record.method,
      path: record.rewrittenPath ?? record.path,
      ...(record.rewrittenPath === undefined ? {} : { originalPath: record.path }),
      protocol: record.protocol as HttpProtocol,
      status: record.status,
      flags: record.flags,
      bytesReceived: record.bytesReceived,
      bytesSent: record.bytesSent,
      durationMs: record.durationMs,
      ...(record.upstreamServiceTime === undefined ? {} : { upstreamServiceTimeMs: record.upstreamServiceTime }),
      xForwardedFor: record.forwardedFor,
      ...(record.userAgent === undefined ? {} : { userAgent: record.userAgent }),
      requestId: record.requestId,
      ...(record.authority === undefined ? {} : { authority: record.authority }),
      ...(record.upstreamHost === undefined ? {} : { upstreamHost: record.upstreamHost }),
    }));
  }

  public tcpConnection(record: TcpConnectionRecord): void {
    this.write(formatTcpAccessLogLine({
      startTime: record.startTime,
      flags: record.failure === undefined ? [] : [record.failure],
      bytesReceived: record.bytesReceived,
      bytesSent: record.bytesSent,
      durationMs: record.durationMs,
      ...(record.upstreamHost === undefined ? {} : { upstreamHost: record.upstreamHost }),
    }));
  }
}
