/**
 * Counters in the Prometheus text exposition format, as Envoy's `/stats/prometheus` writes them (envoy
 * source/server/admin/prometheus_stats.cc): the tag-extracted name behind `envoy_` with every character outside
 * `[a-zA-Z0-9_]` made `_`, one `# TYPE` line per metric, one line per counter with its tags as labels, a blank line
 * after each metric. Metrics are sorted by name, the counters of a metric by their full names.
 */
import { StatName } from './stat-names';

/** A counter's name and value. */
export interface CounterValue {
  /** The counter's name, with its tags. */
  readonly stat: StatName;
  /** The counter's value. */
  readonly value: number;
}

/**
 * The Prometheus text of some counters.
 *
 * @param counters - the counters, in any order.
 */
export function prometheusCounters(counters: readonly CounterValue[]): string {
  const metrics = new Map<string, CounterValue[]>();
  for (const counter of counters) {
    const group = metrics.get(counter.stat.tagExtractedName) ?? [];
    group.push(counter);
    metrics.set(counter.stat.tagExtractedName, group);
  }
  return [...metrics.entries()].sort(([a], [b]) => compareStatNames(a, b)).map(([extracted, group]) => {
    const metric = `envoy_${prometheusName(extracted)}`;
    const lines = group.sort((a, b) => compareStatNames(a.stat.name, b.stat.name)).map((c) => `${metric}{${labels(c.stat)}} ${c.value}\n`);
    return `# TYPE ${metric} counter\n${lines.join('')}\n`;
  }).join('');
}

/** A name Prometheus accepts: every character outside `[a-zA-Z0-9_]` becomes `_`. */
function prometheusName(name: string): string {
  return name.replace(/[^a-zA-Z0-9_]/g, '_');
}

/** `name="value",...`, values escaped as the exposition format asks (backslash, double quote, line feed). */
function labels(stat: StatName): string {
  return stat.tags.map((t) => `${prometheusName(t.name)}="${t.value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`).join(',');
}

/** Envoy's order of stat names: element by element between the dots (envoy source/common/stats/symbol_table.cc `lessThan`). */
function compareStatNames(a: string, b: string): number {
  const left = a.split('.');
  const right = b.split('.');
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    if (left[i] !== right[i]) {
      return left[i] < right[i] ? -1 : 1;
    }
  }
  return left.length - right.length;
}
