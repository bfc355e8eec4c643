/**
 * Where js-yaml and the `yaml` library read the same text differently. Manifests are read with js-yaml (several times
 * faster) unless the text has one of these features, in which case `yaml` reads it, as it always did: values and
 * error messages stay those of `yaml`. Each check is conservative (a false alarm costs only speed) and cheap on texts
 * that lack the feature; test/manifests/parser-agreement.test.ts compares the two readings on a broad corpus.
 *
 * What js-yaml reads differently, and how it is found (outside quoted scalars, block scalar bodies and comments, see
 * yaml-layout.ts, unless said otherwise):
 *
 * - anchors and aliases (`&a`, `*a`): js-yaml shares the aliased value and does not limit alias expansion, `yaml` does
 *   (any `&` where a node can start);
 * - `<<` merge keys, which `yaml` merges (any key `<<`, after parsing);
 * - tags (`!foo`, `!!binary`, `! x`): js-yaml rejects unknown tags, `yaml` warns and reads a string (any `!` where a
 *   node can start);
 * - directives (`%YAML 1.1` switches `yaml` to YAML 1.1 booleans and numbers; any `%` at the start of a line);
 * - null and collection keys (`~: x`, `? [a]`, `[a]: x`, `{[a]}`): js-yaml's key is `null` or `a`, `yaml`'s is the
 *   empty string or `[ a ]` (a key `null` after parsing; a `?` indicator, a flow collection followed by `:`, a flow
 *   collection that starts an entry of a flow mapping);
 * - implicit keys longer than 1024 characters, which `yaml` rejects (a key longer than 200 characters after parsing:
 *   an escape is at most 5 characters of text per character of key);
 * - a line break that is a lone CR, U+2028, U+2029 or U+0085, a byte order mark after the start, a tab in
 *   indentation (anywhere);
 * - content on a `---` or `...` line, a document whose first line is indented, a comment right after a quoted scalar
 *   or a flow collection, an empty sequence entry (`-` at the end of a line), a quoted scalar or a flow collection
 *   over several lines whose lines are not indented past their parent (a flow collection over several lines at all),
 *   block scalar headers with an indentation indicator or `+`, or followed by blank lines with spaces: `yaml`
 *   rejects some of each, js-yaml reads them.
 */
import { blockScalarHeader, endOfLine, headerParent, restOfLineIsBlank, TextLayout } from './yaml-layout';

/** The longest key js-yaml may read alone (see above). */
const MAX_KEY_LENGTH = 200;

/**
 * True when js-yaml may read `text` differently from `yaml` (see the list above), before any parsing.
 *
 * @param text - YAML text without a leading byte order mark.
 */
export function readsDifferently(text: string): boolean {
  if (/[\ufeff\u2028\u2029\u0085]/.test(text) || text.startsWith('%') || text.includes('\n%')
    || someIndex(text, '\r', (i) => text[i + 1] !== '\n')
    || tabInIndentation(text)
    || documentStartsDiffer(text)) {
    return true;
  }
  const layout = new TextLayout(text);
  return layout.quotedScalarDiffers
    || layout.some('&', (i) => layout.atNodeStart(i) && !isBlankOrEnd(text, i + 1))
    || layout.some('!', (i) => layout.atNodeStart(i))
    || layout.some('?', (i) => layout.atNodeStart(i) && isBlankOrEnd(text, i + 1))
    || layout.some('#', (i) => i > 0 && (text[i - 1] === ']' || text[i - 1] === '}'))
    || layout.some(']', (i) => followedByColon(text, i + 1))
    || layout.some('}', (i) => followedByColon(text, i + 1))
    || layout.some('-', (i) => (i === 0 || ' \t\n'.includes(text[i - 1])) && restOfLineIsBlank(text, i + 1))
    || layout.some('|', (i) => blockScalarHeaderDiffers(text, i))
    || layout.some('>', (i) => blockScalarHeaderDiffers(text, i))
    || layout.flowCollectionDiffers();
}

/**
 * True when `yaml` reads a key that js-yaml read as `key` differently: `null` (js-yaml's name for a null key, which
 * `yaml` names ''), `<<` when `mergeKeys` (a merge in `yaml`), or a key longer than js-yaml alone may read.
 *
 * @param key - a key of a mapping as js-yaml read it.
 * @param mergeKeys - whether the text may hold merge keys (it contains `<<`).
 */
export function keyReadsDifferently(key: string, mergeKeys: boolean): boolean {
  return key === 'null' || key.length > MAX_KEY_LENGTH || (mergeKeys && key === '<<');
}

/** True when `test` holds for some position of `character` in `text`. */
function someIndex(text: string, character: string, test: (index: number) => boolean): boolean {
  for (let i = text.indexOf(character); i !== -1; i = text.indexOf(character, i + 1)) {
    if (test(i)) {
      return true;
    }
  }
  return false;
}

function isBlankOrEnd(text: string, index: number): boolean {
  return index >= text.length || ' \t\r\n'.includes(text[index]);
}

/**
 * True when a tab is in indentation: only spaces, tabs, `-`, `?` and `:` come before it on its line. Each line is
 * looked at once, up to its first other character.
 */
function tabInIndentation(text: string): boolean {
  // The end of the line last looked at: a tab before it is on a line with another character before the tab.
  let settled = -1;
  for (let tab = text.indexOf('\t'); tab !== -1; tab = text.indexOf('\t', tab + 1)) {
    if (tab < settled) {
      continue;
    }
    let i = text.lastIndexOf('\n', tab - 1) + 1;
    while (i < tab && ' \t-?:'.includes(text[i])) {
      i++;
    }
    if (i === tab) {
      return true;
    }
    settled = endOfLine(text, tab);
  }
  return false;
}

function followedByColon(text: string, index: number): boolean {
  let i = index;
  while (text[i] === ' ' || text[i] === '\t') {
    i++;
  }
  return text[i] === ':';
}

/**
 * True when `text[index]` (`|` or `>`) is followed by a `+` (keep chomping: the two parsers keep different trailing
 * lines), or by an indentation indicator unless it is a header of a node inside a collection (at the top of a
 * document, `yaml` counts the indentation from -1 and js-yaml from 0); or starts a block scalar header whose first
 * lines are blank but hold spaces or tabs. Where it is does not matter for the first two: a false alarm costs little.
 */
function blockScalarHeaderDiffers(text: string, index: number): boolean {
  const indicators = /^[-+0-9]*/.exec(text.slice(index + 1, index + 4))![0];
  const header = blockScalarHeader(text, index);
  if (indicators.includes('+')) {
    return true;
  }
  if (/[0-9]/.test(indicators)) {
    const parent = header && headerParent(text, index);
    if (parent === undefined || (parent === 0 && (index === 0 || text[index - 1] === '\n'))) {
      return true;
    }
  }
  if (header === undefined) {
    return false;
  }
  for (let start = header.lineEnd + 1; start < text.length; start = endOfLine(text, start) + 1) {
    let i = start;
    while (text[i] === ' ' || text[i] === '\t' || text[i] === '\r') {
      i++;
    }
    if (i < text.length && text[i] !== '\n') {
      return false;
    }
    if (i > start && text.slice(start, i).replace(/\r$/, '') !== '') {
      return true;
    }
  }
  return false;
}

/**
 * True when a document's first content line is indented, or a `---` or `...` line holds more than a comment (or the
 * marker is glued to other characters).
 */
function documentStartsDiffer(text: string): boolean {
  if (firstContentIsIndented(text, 0)) {
    return true;
  }
  for (const marker of ['---', '...']) {
    const differs = (start: number) => {
      if (!text.startsWith(marker, start)) {
        return false;
      }
      const after = start + 3;
      if (after < text.length && !' \t\r\n'.includes(text[after])) {
        return true;
      }
      return !restOfLineIsBlank(text, after) || firstContentIsIndented(text, endOfLine(text, after) + 1);
    };
    if (differs(0) || someIndex(text, `\n${marker}`, (i) => differs(i + 1))) {
      return true;
    }
  }
  return false;
}

/** True when the first line from `index` on that is not blank or a comment starts with a space or a tab. */
function firstContentIsIndented(text: string, index: number): boolean {
  for (let start = index; start < text.length; start = endOfLine(text, start) + 1) {
    let i = start;
    while (text[i] === ' ' || text[i] === '\t') {
      i++;
    }
    if (i < text.length && text[i] !== '\n' && text[i] !== '\r' && text[i] !== '#') {
      return i > start;
    }
  }
  return false;
}
