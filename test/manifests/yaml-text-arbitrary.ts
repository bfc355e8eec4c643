/**
 * Generated YAML texts for comparing the two ways manifests are parsed: documents of nested mappings and sequences
 * written in the styles YAML allows (block and flow collections, plain, quoted and block scalars, compact sequences,
 * comments, `---` and `...`, CRLF line ends, indentation of 1 to 4 spaces), with scalars chosen to be read differently
 * by careless parsers (`-.5`, `0o17`, `0b101`, `~`, `yes`, `<<`, ...), and, for some texts, one typo (a character
 * dropped, added or doubled) so that near-valid texts exercise the error paths too.
 */
import * as fc from 'fast-check';

/** Scalar texts that YAML 1.2 parsers have read differently, or that need quoting. */
const SCALARS = ['', 'a', 'web', 'x y', 'null', 'Null', 'NULL', '~', 'true', 'False', 'TRUE', 'yes', 'no', 'on', 'off', 'y', '0', '-0',
  '+12', '017', '0o17', '0o8', '0x1F', '0X1F', '-0x1F', '0b101', '1e3', '1E+2', '-.5', '+.5', '.5', '1.', '1.50', '.5e3', '.inf', '-.Inf',
  '+.INF', '.nan', '.NaN', '1_000', '12345678901234567890123', '2001-12-14', '2001-12-14T21:59:43.10-05:00', '12:30:00', 'a: b', 'a #b',
  '#a', '- a', '? a', '*a', '&a', '!a', '%a', '@a', '`a', "it's", 'say "hi"', 'back\\slash', 'tab\there', 'new\nline', 'two\n\nparagraphs',
  'trailing\n', ' lead', 'trail ', 'é', '😀', '\u00a0', '<<', '[a]', '{a}', ',', 'a,b', '---', '...', 'http://x/y?a=1&b=2', '*.example.com',
  '/api/v1', 'a:b', 'a-', '-', 'a && b', 'f(a, !b)', 'x ? 1 : 0', 'a ! b', '[0-9]{2}', 'a, b', 'x: y', 'see [1]: z', 'a\n- b',
  'one two three four', "it's a 'quote'", 'a "b" c'];

/** Characters of generated scalars, YAML indicators among them. */
const CHARACTERS = ['a', 'b', 'Z', '0', '1', '.', '-', '+', ' ', ':', '#', '?', ',', '[', ']', '{', '}', '"', "'", '\\', '|', '>', '!', '&', '*',
  '%', '@', '`', '~', '\t', '\n', 'é', '\u00a0'];

/** A generated value: a scalar's text, a boolean, a number, null, or a collection. */
type Value = string | number | boolean | null | Value[] | { [key: string]: Value };

/** A node written in block style: lines at the indentation given, or a block scalar. */
type Written = { inline: string } | { lines: string[]; sequence: boolean } | { header: string; body: string[] };

interface Style {
  readonly g: fc.GeneratorValue;
  /** Spaces per level. */
  readonly step: string;
}

const keyArbitrary = fc.oneof(fc.constantFrom(...SCALARS), fc.string({ unit: fc.constantFrom(...CHARACTERS), maxLength: 5 }));

const valueArbitrary: fc.Arbitrary<Value> = fc.letrec<{ value: Value }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'medium', withCrossShrink: true },
    fc.constantFrom(...SCALARS),
    fc.string({ unit: fc.constantFrom(...CHARACTERS), maxLength: 8 }),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(keyArbitrary, tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** A document: mostly a mapping, as manifests are. */
const documentArbitrary: fc.Arbitrary<Value> = fc.oneof(
  { arbitrary: fc.dictionary(keyArbitrary, valueArbitrary, { minKeys: 1, maxKeys: 6 }), weight: 4 },
  { arbitrary: fc.array(valueArbitrary, { minLength: 1, maxLength: 4 }), weight: 1 },
  { arbitrary: valueArbitrary, weight: 1 },
);

/** A YAML text of 1 to 3 documents, with a typo in about one text of four. */
export const yamlTextArbitrary: fc.Arbitrary<string> = fc.tuple(fc.array(documentArbitrary, { minLength: 1, maxLength: 3 }), fc.gen())
  .map(([values, g]) => {
    const style: Style = { g, step: ' '.repeat(g(fc.integer, { min: 1, max: 4 })) };
    const documents = values.map((value, index) => {
      const marker = index > 0 || g(fc.boolean) ? [g(fc.constantFrom, '---', '--- # start', '---  ')] : [];
      const end = g(fc.integer, { min: 0, max: 9 }) === 0 ? ['...'] : [];
      return [...marker, ...documentLines(value, style), ...end];
    });
    const lineEnd = g(fc.integer, { min: 0, max: 4 }) === 0 ? '\r\n' : '\n';
    const text = documents.flat().join(lineEnd) + (g(fc.boolean) ? lineEnd : '');
    return g(fc.integer, { min: 0, max: 3 }) === 0 ? typo(text, g) : text;
  });

function documentLines(value: Value, style: Style): string[] {
  const written = write(value, style, '');
  if ('inline' in written) {
    return [written.inline];
  }
  if ('header' in written) {
    return [`--- ${written.header}`, ...written.body];
  }
  return written.lines;
}

/** `value` in block style (or flow, or as a scalar), its lines indented by `indent`. */
function write(value: Value, style: Style, indent: string): Written {
  const { g } = style;
  if (value === null || typeof value !== 'object') {
    return writeScalar(value, style, indent);
  }
  if (g(fc.integer, { min: 0, max: 3 }) === 0) {
    return { inline: flow(value, style) };
  }
  const entries: Array<[string | undefined, Value]> = Array.isArray(value) ? value.map((item) => [undefined, item]) : Object.entries(value);
  if (entries.length === 0) {
    return { inline: Array.isArray(value) ? '[]' : '{}' };
  }
  const lines: string[] = [];
  for (const [key, item] of entries) {
    const lead = key === undefined ? `${indent}-` : `${indent}${scalarText(key, style)}:`;
    // A nested sequence may start on its `-` line (compact), a sequence under a key at the key's indentation (same).
    const mode = key === undefined ? g(fc.constantFrom, 'nested', 'compact') : Array.isArray(item) ? g(fc.constantFrom, 'nested', 'same') : 'nested';
    const nested = write(item, style, mode === 'compact' ? `${indent}  ` : mode === 'same' ? indent : indent + style.step);
    if ('inline' in nested) {
      lines.push(`${lead} ${nested.inline}${comment(g)}`);
    } else if ('header' in nested) {
      lines.push(`${lead} ${nested.header}`, ...nested.body);
    } else if (mode === 'compact') {
      lines.push(`${lead} ${nested.lines[0].trimStart()}`, ...nested.lines.slice(1));
    } else {
      lines.push(`${lead}${comment(g)}`, ...nested.lines);
    }
    if (g(fc.integer, { min: 0, max: 9 }) === 0) {
      lines.push(g(fc.constantFrom, '', `${indent}# a comment`, '#', `${indent}`));
    }
  }
  return { lines, sequence: Array.isArray(value) };
}

function writeScalar(value: string | number | boolean | null, style: Style, indent: string): Written {
  const { g } = style;
  if (typeof value === 'string' && g(fc.integer, { min: 0, max: 4 }) === 0) {
    const header = g(fc.constantFrom, '|', '|-', '|+', '>', '>-', '>+', '|2', '>1-');
    const body = value.split('\n').map((line) => (line === '' ? '' : `${indent}${line}`));
    return { header, body };
  }
  if (typeof value === 'string' && value.includes('\n') && g(fc.boolean)) {
    // A plain scalar over several lines.
    return { inline: value.split('\n').join(`\n${indent}`) };
  }
  if (typeof value === 'string' && value.includes(' ') && g(fc.integer, { min: 0, max: 3 }) === 0) {
    // A quoted scalar over several lines, broken at spaces (and sometimes at an empty line).
    const quoted = g(fc.boolean) ? JSON.stringify(value) : `'${value.replace(/'/g, "''")}'`;
    const breakLine = () => (g(fc.integer, { min: 0, max: 4 }) === 0 ? `\n\n${indent}` : `\n${indent}`);
    return { inline: quoted.split(' ').map((word, i) => (i === 0 ? word : `${breakLine()}${word}`)).join('') };
  }
  return { inline: scalarText(value, style) };
}

/** A scalar as plain, single-quoted or double-quoted text (plain only when it has no line break). */
function scalarText(value: string | number | boolean | null, style: Style): string {
  if (typeof value !== 'string') {
    return value === null ? style.g(fc.constantFrom, '', '~', 'null') : String(value);
  }
  const choice = style.g(fc.integer, { min: 0, max: 4 });
  if (choice <= 1 || value.includes('\n')) {
    return JSON.stringify(value);
  }
  return choice <= 3 ? `'${value.replace(/'/g, "''")}'` : value;
}

/** A collection in flow style. */
function flow(value: Value, style: Style): string {
  if (value === null || typeof value !== 'object') {
    return typeof value === 'string' && value.includes('\n') ? JSON.stringify(value) : scalarText(value, style);
  }
  if (Array.isArray(value)) {
    return `[${value.map((item) => flow(item, style)).join(', ')}]`;
  }
  return `{${Object.entries(value).map(([key, item]) => `${flow(key, style)}: ${flow(item, style)}`).join(', ')}}`;
}

function comment(g: fc.GeneratorValue): string {
  return g(fc.integer, { min: 0, max: 5 }) === 0 ? ' # note' : '';
}

/** `text` with one character dropped, one added, or one line doubled. */
function typo(text: string, g: fc.GeneratorValue): string {
  if (text === '') {
    return text;
  }
  const at = g(fc.integer, { min: 0, max: text.length - 1 });
  switch (g(fc.integer, { min: 0, max: 2 })) {
    case 0:
      return text.slice(0, at) + text.slice(at + 1);
    case 1:
      return text.slice(0, at) + g(fc.constantFrom, ' ', '-', ':', '\t', '#', '"', "'", '\n', '[', '{', '&', '!', '?') + text.slice(at);
    default: {
      const lines = text.split('\n');
      const line = at % lines.length;
      return [...lines.slice(0, line + 1), ...lines.slice(line)].join('\n');
    }
  }
}
