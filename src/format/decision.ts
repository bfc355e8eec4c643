/**
 * `route`'s decision block: a decision as readable text, in the style of `kubectl describe`: labelled fields, then
 * the trace.
 */
import { columnWidths } from './text-table';
import { Decision } from '../engine/decision';

/** `<none>` for absent values, as kubectl prints them. */
const NONE = '<none>';

/** The column where values start: after the longest label (`VirtualService:`) and a space. */
const VALUE_COLUMN = 16;

/** `Label:` padded to the value column, then the value. */
export function labelled(label: string, value: string): string {
  return `${`${label}:`.padEnd(VALUE_COLUMN)}${value}`.trimEnd();
}

/**
 * Renders a decision: action, reason and status, gateway and server, VirtualService and rule, destinations with weights,
 * redirect and rewrite (when set), the rule's other policies (when set), then the numbered trace.
 */
export function formatDecision(decision: Decision): string {
  const lines = [
    labelled('Action', decision.action),
    ...(decision.reason === undefined ? [] : [labelled('Reason', decision.reason)]),
    labelled('Status', decision.status === null ? NONE : String(decision.status)),
    labelled('Gateway', decision.gateway ?? NONE),
    labelled('Server', decision.server === null ? NONE : `${decision.server.name} (${decision.server.protocol}, port ${decision.server.port})`),
    labelled('VirtualService', decision.virtualService ?? NONE),
    labelled('Rule', decision.rule === null ? NONE : `${decision.rule.index}${decision.rule.name === null ? '' : ` (${decision.rule.name})`}`),
    ...formatTargets('Destinations', decision.destinations.map((d) => ({ ...d, share: `${d.weight}%` }))),
  ];
  if (decision.mirrors !== undefined && decision.mirrors.length > 0) {
    for (const line of formatTargets('Mirrors', decision.mirrors.map((m) => ({ ...m, share: `${m.percentage}% mirrored` })))) {
      lines.push(line);
    }
  }
  if (decision.redirect !== null) {
    lines.push(labelled('Redirect', decision.redirect.location));
  }
  if (decision.rewrite !== null) {
    const parts = [
      ...(decision.rewrite.path === null ? [] : [`path ${decision.rewrite.path}`]),
      ...(decision.rewrite.authority === null ? [] : [`authority ${decision.rewrite.authority}`]),
    ];
    lines.push(labelled('Rewrite', parts.length > 0 ? parts.join(', ') : NONE));
  }
  for (const [label, value] of [['Timeout', decision.timeout], ['Retries', decision.retries], ['Fault', decision.fault],
    ['CORS', decision.corsPolicy], ['Headers', decision.headers]] as const) {
    if (value !== undefined && value !== null) {
      lines.push(labelled(label, typeof value === 'string' ? value : JSON.stringify(value)));
    }
  }
  lines.push('Trace:');
  decision.trace.forEach((step, i) => lines.push(`  ${i + 1}. ${step}`));
  return lines.join('\n');
}

/** Destinations (or mirrors) as an aligned list under a label: `host:port  subset v1  90%`. */
function formatTargets(label: string, targets: ReadonlyArray<{ host: string; port: number | null; subset: string | null; share: string }>): string[] {
  if (targets.length === 0) {
    return [labelled(label, NONE)];
  }
  const names = targets.map((t) => `${t.host}${t.port === null ? '' : `:${t.port}`}${t.subset === null ? '' : ` subset ${t.subset}`}`);
  const [width] = columnWidths(names.map((n) => [n]));
  return [`${label}:`, ...targets.map((t, i) => `  ${names[i].padEnd(width)}  ${t.share}`)];
}
