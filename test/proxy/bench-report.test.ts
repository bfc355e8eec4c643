import { DECISION_GROUP, PROXY_GROUP, withSeparateRunFigures } from '../../bench/report';

const WHOLE_RUN = [
  '# Benchmarks',
  '',
  'Measured by `npm run bench` on day 1.',
  '',
  '## Targets',
  '',
  '| benchmark | measured | target | ratio |',
  '| --- | --- | --- | --- |',
  '| compile | 68 ms | < 1,000 ms | 0.07 of the budget |',
  '| decide, article config (trace off) | 4,000,000 /s | >= 1,000,000 /s | 4.00x the target |',
  '',
  '## Decision time by hosts per gateway',
  '',
  'old hosts table',
  '',
  '## Analyzer memory by input size',
  '',
  'analyzer table',
  '',
].join('\n');

const PROXY = {
  rows: [{ name: 'gateway HTTP/1.1 keep-alive req/s beside nginx proxy_pass', value: '12,000 /s vs 20,000 /s', target: '>= 0.5x nginx', ratio: '0.60x nginx' }],
  sections: ['## Proxy throughput\n\nproxy table (run 1)'],
};

describe('BENCH_ONLY runs put their figures in place of the last run\'s in BENCHMARKS.md', () => {
  test('a first proxy run adds its rows to the end of the table and its section at the end, and says where they come from', () => {
    const text = withSeparateRunFigures(WHOLE_RUN, PROXY, PROXY_GROUP, '`BENCH_ONLY=proxy npm run bench` on day 2');
    const lines = text.split('\n');
    expect(lines[lines.indexOf('## Targets') - 2]).toBe('Proxy rows and section (bench/proxy.ts): `BENCH_ONLY=proxy npm run bench` on day 2.');
    expect(lines[lines.indexOf('| decide, article config (trace off) | 4,000,000 /s | >= 1,000,000 /s | 4.00x the target |') + 1])
      .toBe('| gateway HTTP/1.1 keep-alive req/s beside nginx proxy_pass | 12,000 /s vs 20,000 /s | >= 0.5x nginx | 0.60x nginx |');
    expect(text.endsWith('analyzer table\n\n## Proxy throughput\n\nproxy table (run 1)\n')).toBe(true);
  });

  test('a second proxy run replaces the rows, the section and the note, and leaves the other figures as they are', () => {
    const once = withSeparateRunFigures(WHOLE_RUN, PROXY, PROXY_GROUP, 'run 1');
    const second = {
      rows: [{ ...PROXY.rows[0], value: '13,000 /s vs 20,000 /s', ratio: '0.65x nginx' }],
      sections: ['## Proxy throughput\n\nproxy table (run 2)'],
    };
    const twice = withSeparateRunFigures(once, second, PROXY_GROUP, 'run 2');
    expect(twice).toBe(once.replace('12,000 /s', '13,000 /s').replace('0.60x nginx', '0.65x nginx')
      .replace('(run 1)', '(run 2)').replace('bench/proxy.ts): run 1.', 'bench/proxy.ts): run 2.'));
  });

  test('new decision sections still go before the analyzer\'s memory, and their rows replace theirs by name', () => {
    const decisions = {
      rows: [{ name: 'decide, article config (trace off)', value: '5,000,000 /s', target: '>= 1,000,000 /s', ratio: '5.00x the target' }],
      sections: ['## Decision time by routes per host\n\nroutes table'],
    };
    const text = withSeparateRunFigures(WHOLE_RUN, decisions, DECISION_GROUP, 'run 3');
    expect(text).toContain('| decide, article config (trace off) | 5,000,000 /s | >= 1,000,000 /s | 5.00x the target |\n\n## Decision');
    expect(text).toContain('old hosts table\n\n## Decision time by routes per host\n\nroutes table\n\n## Analyzer memory by input size');
  });
});
