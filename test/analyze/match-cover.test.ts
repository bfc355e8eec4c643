/**
 * The covering relation of IST0131 held to the engine: whenever it says an earlier match takes every request of a
 * later one, every request the engine matches to the later match, it matches to the earlier one too.
 */
import * as fc from 'fast-check';
import { httpMatchConditions, l4MatchConditions, matchCovers } from '../../src/analyze/match-cover';
import { httpRequestView, HttpRequestView } from '../../src/engine/http-request';
import { compileRouteMatch, RouteMatcher } from '../../src/engine/route-matcher';
import { IstioHttpMatch, IstioStringMatch } from '../../src/model/istio-types';

/** `arbitrary` one time in three, else nothing: most matches test few fields, so that covers are frequent. */
function sometimes<T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> {
  return fc.oneof({ weight: 2, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary });
}

/** String matches over `values`, with regexes `regexes`, presence (`{}`, `regex: '*'`) among them. */
function stringMatch(values: string[], regexes: string[]): fc.Arbitrary<IstioStringMatch> {
  return fc.oneof(
    fc.constantFrom(...values).map((exact) => ({ exact })),
    fc.constantFrom(...values).map((prefix) => ({ prefix })),
    fc.constantFrom(...regexes).map((regex) => ({ regex })),
    fc.constantFrom({}, { regex: '*' }),
  );
}

// Characters whose lower case is unlike an ASCII letter's: the Kelvin sign lower-cases to an ASCII `k`, and a capital
// sigma to a final sigma at the end of a word only, so a path ignoring case must not be taken for an ASCII one.
const KELVIN = '\u212a';
const PATHS = ['', '/', '/a', '/A', `/${KELVIN}`, '/k', '/aa', '/a/', 'a', '/aA', '/a\u03a3', '/a\u03c2', '/a\u03c3'];
const PATH_REGEXES = ['/a.*', '.*', '/[aA].*', '/a'];
const VALUES = ['', '1', '12', '2'];
const VALUE_REGEXES = ['1.*', '.*', '[12]+'];

const FIELDS = {
  uri: fc.oneof(
    fc.constantFrom(...PATHS).map((prefix): IstioStringMatch => ({ prefix })),
    fc.constantFrom(...PATHS).map((exact): IstioStringMatch => ({ exact })),
    fc.constantFrom(...PATH_REGEXES).map((regex): IstioStringMatch => ({ regex })),
  ),
  ignoreUriCase: fc.boolean(),
  method: stringMatch(['GET', 'POST', 'G', ''], ['G.*', '.*']),
  headers: fc.constantFrom('x-v', 'X-V').chain((name) => stringMatch(VALUES, VALUE_REGEXES).map((m) => ({ [name]: m }))),
  withoutHeaders: stringMatch(VALUES, VALUE_REGEXES).map((m) => ({ 'x-v': m })),
  queryParams: stringMatch(VALUES, VALUE_REGEXES).map((m) => ({ p: m })),
};
type Field = keyof typeof FIELDS;

/** A match testing a few of the fields. */
const match: fc.Arbitrary<IstioHttpMatch> = fc.record(
  Object.fromEntries(Object.entries(FIELDS).map(([field, arbitrary]) => [field, sometimes(arbitrary as fc.Arbitrary<unknown>)])),
).map(defined);

/** String matches near `m`: its value tested another way, longer, shorter, in another case, or presence. */
function nearStringMatch(m: IstioStringMatch): fc.Arbitrary<IstioStringMatch> {
  const [kind, value] = Object.entries(m)[0] ?? ['regex', '*'];
  return fc.constantFrom<IstioStringMatch>({ exact: value }, { prefix: value }, { [kind]: `${value}a` }, { [kind]: value.slice(0, -1) },
    { [kind]: value.toUpperCase() }, { [kind]: value.toLowerCase() }, {});
}

/** Values of a field near `value`: for a string match as {@link nearStringMatch}, for a map its one entry's, else the other boolean. */
function near(field: Field, value: unknown): fc.Arbitrary<unknown> {
  if (value === undefined) return FIELDS[field];
  if (typeof value === 'boolean') return fc.constant(!value);
  if (field === 'uri' || field === 'method') return nearStringMatch(value as IstioStringMatch);
  const [name, m] = Object.entries(value as Record<string, IstioStringMatch>)[0];
  return nearStringMatch(m).map((n) => ({ [name]: n }));
}

/** A change to one field of a match: dropped, changed a little, or drawn anew. */
function change(m: IstioHttpMatch): fc.Arbitrary<IstioHttpMatch> {
  return fc.constantFrom(...(Object.keys(FIELDS) as Field[])).chain((field) => fc.oneof(
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 3, arbitrary: near(field, m[field]) },
    { weight: 1, arbitrary: FIELDS[field] as fc.Arbitrary<unknown> },
  ).map((value) => defined({ ...m, [field]: value })));
}

/** An earlier match and a later one like it, one or two fields changed, so that near misses are frequent. */
const pair: fc.Arbitrary<[IstioHttpMatch, IstioHttpMatch]> = match.chain((earlier) => change(earlier)
  .chain((later) => fc.oneof(fc.constant(later), change(later)))
  .map((later): [IstioHttpMatch, IstioHttpMatch] => [earlier, later]));

function defined(fields: Record<string, unknown>): IstioHttpMatch {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as IstioHttpMatch;
}

/** Short paths besides those near the matches' own. */
const SHORT_PATHS = ['', '/', 'a', 'A', KELVIN, '/a', '/A'];

/** Paths near the matches' own: each path value, in other cases, and followed by a character. */
function pathsNear(...matches: IstioHttpMatch[]): string[] {
  const values = matches.flatMap((m) => Object.values(m.uri ?? {}) as string[]);
  const variants = values.flatMap((v) => [v, v.toLowerCase(), v.toUpperCase()]).flatMap((v) => [v, `${v}a`, `${v}/`, `${v}A`]);
  return [...new Set([...SHORT_PATHS, ...variants])];
}

const REQUESTS_BY_PATH = new Map<string, HttpRequestView[]>();

/** Requests for `path` with two methods, and a header and a query parameter missing or with one of a few values (made once). */
function requestsFor(path: string): HttpRequestView[] {
  let requests = REQUESTS_BY_PATH.get(path);
  if (requests === undefined) {
    requests = ['GET', 'POST'].flatMap((method) => [undefined, '', '1', '12'].flatMap((header) => [undefined, '1', '12'].map((param) =>
      httpRequestView(path, param === undefined ? '' : `p=${param}`, 'shop.example.com', method, 'http', header === undefined ? {} : { 'x-v': header }))));
    REQUESTS_BY_PATH.set(path, requests);
  }
  return requests;
}

/** The matches compiled by the engine, or nothing when a regex drawn is not RE2 (the webhook refuses those). */
function compiled(...matches: IstioHttpMatch[]): RouteMatcher[] {
  try {
    return matches.map(compileRouteMatch);
  } catch {
    return [];
  }
}

describe('matchCovers', () => {
  test('an earlier HTTP match said to cover a later one matches every request the engine matches to the later one', () => {
    let covered = 0;
    fc.assert(fc.property(pair, ([earlier, later]) => {
      const e = httpMatchConditions(earlier);
      const l = httpMatchConditions(later);
      expect(e).toBeDefined();
      expect(l).toBeDefined();
      if (!matchCovers(e!, l!)) {
        return;
      }
      const [earlierMatcher, laterMatcher] = compiled(earlier, later);
      if (earlierMatcher === undefined || laterMatcher === undefined) {
        return;
      }
      covered++;
      for (const request of pathsNear(earlier, later).flatMap(requestsFor)) {
        if (laterMatcher.matches(request) && !earlierMatcher.matches(request)) {
          throw new Error(`${request.path}?${request.query} ${request.headers.get(':method')} x-v=${request.headers.get('x-v')}: `
            + `${laterMatcher.description} matches, ${earlierMatcher.description} does not`);
        }
      }
    }), { numRuns: 1500, seed: 131 });
    // The property must have been put to the test: a fair share of the pairs are covers.
    expect(covered).toBeGreaterThan(700);
  });

  // Lower-casing is not letter by letter for every character: the Kelvin sign lower-cases to ASCII k, and a capital
  // sigma to a final sigma only at the end of a word. A path ignoring case compares lower-cased paths (the engine's
  // PrefixMatcher and ExactMatcher), so a case-sensitive path covers one ignoring case only without letters, and a
  // case-sensitive prefix is taken to lower-case with the paths it starts only when it is ASCII. Each witness is a path
  // the later match takes; the earlier match takes it too exactly when it covers the later one.
  test.each([
    ['a prefix ignoring case, a longer case-sensitive one', { prefix: '/A', ignore: true }, { prefix: '/ab' }, '/abC', true],
    ['a case-sensitive prefix, a prefix ignoring case', { prefix: '/a' }, { prefix: '/a', ignore: true }, '/A', false],
    ['a case-sensitive prefix without letters, a prefix ignoring case', { prefix: '/1' }, { prefix: '/1a', ignore: true }, '/1A', true],
    ['a lower-case prefix, the same ignoring case', { prefix: '/k' }, { prefix: '/k', ignore: true }, `/${KELVIN}`, false],
    ['a prefix ignoring case, a case-sensitive one ending in a capital sigma', { prefix: '/a\u03c2', ignore: true }, { prefix: '/A\u03a3' }, '/A\u03a3a', false],
    ['an exact path ignoring case, an exact path ending in a capital sigma', { exact: '/a\u03c2', ignore: true }, { exact: '/A\u03a3' }, '/A\u03a3', true],
  ])('path: %s', (_what, earlier, later, witness, covered) => {
    const toMatch = ({ ignore, ...uri }: IstioStringMatch & { ignore?: boolean }): IstioHttpMatch => ({ uri, ignoreUriCase: ignore });
    const [e, l] = [toMatch(earlier), toMatch(later)];
    expect(matchCovers(httpMatchConditions(e)!, httpMatchConditions(l)!)).toBe(covered);
    const request = httpRequestView(witness, '', 'shop.example.com', 'GET', 'http', {});
    expect(compileRouteMatch(l).matches(request)).toBe(true);
    expect(compileRouteMatch(e).matches(request)).toBe(covered);
  });

  test('a match with a field it does not know is left out', () => {
    expect(httpMatchConditions({ uri: { prefix: '/' }, future: true } as IstioHttpMatch)).toBeUndefined();
    expect(l4MatchConditions({ port: 1, sourceSubnet: '10.0.0.0/8' } as never, 'tcp')).toBeUndefined();
    expect(httpMatchConditions({ uri: { prefix: '/' }, statPrefix: 'api' } as IstioHttpMatch)).toBeDefined();
  });

  test('a tcp match never covers a tls one', () => {
    expect(matchCovers(l4MatchConditions({}, 'tcp')!, l4MatchConditions({ sniHosts: ['a'] }, 'tls')!)).toBe(false);
  });
});
