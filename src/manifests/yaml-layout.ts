/**
 * The layout of a YAML text read without parsing it, as far as yaml-differences.ts needs: where a node can start,
 * which characters are scalar content (quoted scalars, block scalar bodies, comments) rather than YAML syntax, where a
 * flow collection ends. Every answer leans to the side that sends a text to the `yaml` library: a misread costs
 * speed, never a different value. Every pass is linear in the length of the text, long lines included.
 */

/** A plain or quoted key and its `:`, on one line. */
const KEY = /(?:[^\s#'"[\]{},:!&*?|>%@`-][^#'":]*|"(?:[^"\\]|\\.)*"|'(?:[^']|'')*') *: +/y;

/** A block scalar header: its indentation and chomping indicators, and the end of its line. */
export interface BlockScalarHeader {
  /** What follows `|` or `>`: `-`, `+`, digits, or nothing. */
  readonly indicators: string;
  /** The end of the header's line. */
  readonly lineEnd: number;
}

/** The index of the end of the line that holds `index` (its `\n`, or the length of the text). */
export function endOfLine(text: string, index: number): number {
  const end = text.indexOf('\n', index);
  return end === -1 ? text.length : end;
}

/** True when the line holds nothing more from `index` on but blanks and a comment. */
export function restOfLineIsBlank(text: string, index: number): boolean {
  let i = index;
  while (text[i] === ' ' || text[i] === '\t') {
    i++;
  }
  return i >= text.length || text[i] === '\n' || text[i] === '\r' || (text[i] === '#' && i > index);
}

/**
 * The block scalar header at `index` (a `|` or `>` after a blank, followed on its line only by indicators and a
 * comment), or undefined.
 */
export function blockScalarHeader(text: string, index: number): BlockScalarHeader | undefined {
  if (index > 0 && !' \t\n'.includes(text[index - 1])) {
    return undefined;
  }
  let i = index + 1;
  while (i < text.length && '+-0123456789'.includes(text[i])) {
    i++;
  }
  return restOfLineIsBlank(text, i) ? { indicators: text.slice(index + 1, i), lineEnd: endOfLine(text, i) } : undefined;
}

/**
 * The column of the node the block scalar header at `index` belongs to (its key, or the header itself when only
 * indentation and `- ` entries come before it), or undefined when more than one key comes before it on its line.
 */
export function headerParent(text: string, index: number): number | undefined {
  const lineStart = text.lastIndexOf('\n', index - 1) + 1;
  const column = nodeColumn(text, lineStart);
  if (lineStart + column === index) {
    return column;
  }
  KEY.lastIndex = lineStart + column;
  return KEY.exec(text) !== null && KEY.lastIndex === index ? column : undefined;
}

/**
 * Where a text's scalar content is, found in one pass: block scalar bodies (of headers that end a line of plain block
 * structure: `key: |`, `- |`, `- key: >-`; bodies of other headers are read as YAML, which can only send more texts to
 * `yaml`), then, outside them, comments and quoted scalars (a quote where a node can start, to the quote that closes
 * it). The pass also notes whether a quoted scalar is read differently by the two parsers.
 */
export class TextLayout {
  /**
   * True when a quoted scalar is read differently: never closed, closed right before a `#`, or over several lines
   * with a line not indented past the node it belongs to (`yaml` rejects such a line, js-yaml reads it).
   */
  public readonly quotedScalarDiffers: boolean;

  /** [start, end) of each stretch of scalar content, in order, none inside another. */
  private readonly content: Array<[number, number]> = [];

  /** The line last asked about by {@link TextLayout.atNodeStart}: where it starts and ends, and its first `[` or `{`. */
  private line = { start: 0, end: -1, bracket: -1 };

  public constructor(private readonly text: string) {
    this.quotedScalarDiffers = this.scan(blockScalarBodies(text));
  }

  /** True when `index` is in scalar content (see above), where YAML indicators are text. */
  public isContent(index: number): boolean {
    let low = 0;
    let high = this.content.length - 1;
    while (low <= high) {
      const middle = Math.floor((low + high) / 2);
      const [start, end] = this.content[middle];
      if (index < start) {
        high = middle - 1;
      } else if (index >= end) {
        low = middle + 1;
      } else {
        return true;
      }
    }
    return false;
  }

  /**
   * True when a node can start at `index`: it is the first character of the text or of its line (after blanks), or
   * follows an indicator of a key, a value or an entry (`:`, `-`, `?`), or a `[`, `{` or `,` of a flow collection. A
   * `,` counts only on a line with a `[` or `{` before it. After other text (`a &b`, `x "y`, `f(a, !b)`) it is inside
   * a plain scalar.
   *
   * @param index - an index of the text.
   */
  public atNodeStart(index: number): boolean {
    const text = this.text;
    let i = index - 1;
    while (i >= 0 && (text[i] === ' ' || text[i] === '\t' || text[i] === '[' || text[i] === '{')) {
      i--;
    }
    if (i < 0 || '\n\r:-?'.includes(text[i])) {
      return true;
    }
    return text[i] === ',' && this.bracketBefore(i);
  }

  /**
   * True when `test` holds at some position of `character` outside scalar content.
   *
   * @param character - the character to look for.
   * @param test - what must hold at its index.
   */
  public some(character: string, test: (index: number) => boolean): boolean {
    const text = this.text;
    for (let i = text.indexOf(character); i !== -1; i = text.indexOf(character, i + 1)) {
      if (test(i) && !this.isContent(i)) {
        return true;
      }
    }
    return false;
  }

  /**
   * True when a flow collection (a `[` or `{` where a node can start, outside scalar content) does not end on its
   * line (`yaml` wants the lines of a flow collection indented past the parent block node, js-yaml does not), or has
   * a flow collection as a key of a flow mapping (an entry of a mapping that starts with `[` or `{`).
   */
  public flowCollectionDiffers(): boolean {
    const text = this.text;
    let square = text.indexOf('[');
    let curly = text.indexOf('{');
    let from = 0;
    for (;;) {
      if (square !== -1 && square < from) {
        square = text.indexOf('[', from);
      }
      if (curly !== -1 && curly < from) {
        curly = text.indexOf('{', from);
      }
      const open = square === -1 ? curly : curly === -1 ? square : Math.min(square, curly);
      if (open === -1) {
        return false;
      }
      if (this.isContent(open) || !this.atNodeStart(open)) {
        // No bracket of a run after text starts a node either.
        from = open + 1;
        while (text[from] === '[' || text[from] === '{' || text[from] === ' ' || text[from] === '\t') {
          from++;
        }
        continue;
      }
      const end = flowCollectionEnd(text, open);
      if (end === -1) {
        return true;
      }
      from = end + 1;
    }
  }

  /** True when the line that holds `index` has a `[` or `{` before `index`. */
  private bracketBefore(index: number): boolean {
    const text = this.text;
    if (index < this.line.start || index > this.line.end) {
      const start = text.lastIndexOf('\n', index) + 1;
      const end = endOfLine(text, index);
      let bracket = start;
      while (bracket < end && text[bracket] !== '[' && text[bracket] !== '{') {
        bracket++;
      }
      this.line = { start, end, bracket: bracket < end ? bracket : -1 };
    }
    return this.line.bracket !== -1 && this.line.bracket < index;
  }

  /** Records the content stretches; returns whether a quoted scalar differs. */
  private scan(bodies: Array<[number, number]>): boolean {
    const text = this.text;
    let differs = false;
    let body = 0;
    // The next `"`, `'`, `#` and line break at or after `from`, each searched again only once passed.
    const next = { '"': text.indexOf('"'), "'": text.indexOf("'"), '#': text.indexOf('#'), '\n': text.indexOf('\n') };
    const nextOf = (key: keyof typeof next, from: number) => {
      if (next[key] !== -1 && next[key] < from) {
        next[key] = text.indexOf(key, from);
      }
      return next[key] === -1 ? Infinity : next[key];
    };
    let from = 0;
    for (;;) {
      const at = Math.min(nextOf('"', from), nextOf("'", from), nextOf('#', from));
      while (body < bodies.length && bodies[body][1] <= at) {
        this.content.push(bodies[body++]);
      }
      if (at === Infinity) {
        return differs;
      }
      if (body < bodies.length && bodies[body][0] <= at) {
        from = bodies[body][1];
        continue;
      }
      if (text[at] === '#') {
        if (at === 0 || ' \t\n\r'.includes(text[at - 1])) {
          from = endOfLine(text, at);
          this.content.push([at, from]);
        } else {
          from = at + 1;
        }
        continue;
      }
      if (!this.atNodeStart(at)) {
        from = at + 1;
        continue;
      }
      const close = closingQuote(text, at, true);
      if (close === -1) {
        this.content.push([at, text.length]);
        return true;
      }
      const spansLines = nextOf('\n', at) < close;
      differs ||= text[close + 1] === '#' || (spansLines && !continuationIndented(text, at, close));
      this.content.push([at, close + 1]);
      from = close + 1;
      // A body that would start inside the scalar was misread (its header is text): its lines are read as YAML.
      while (body < bodies.length && bodies[body][0] < from) {
        body++;
      }
    }
  }
}

/**
 * The index of the quote that closes the one at `open`, or -1 when it is not closed (on its line, unless `acrossLines`).
 */
function closingQuote(text: string, open: number, acrossLines = false): number {
  const quote = text[open];
  for (let i = open + 1; i < text.length; i++) {
    const character = text[i];
    if (!acrossLines && (character === '\n' || character === '\r')) {
      return -1;
    }
    if (quote === '"' && character === '\\') {
      if (!acrossLines && (text[i + 1] === '\n' || text[i + 1] === '\r')) {
        return -1;
      }
      i++;
    } else if (character === quote) {
      if (quote === "'" && text[i + 1] === "'") {
        i++;
      } else {
        return i;
      }
    }
  }
  return -1;
}

/**
 * The index of the bracket that closes the flow collection opened at `open`, or -1 when it does not close on its line
 * or has a flow collection as a key of a flow mapping (see {@link TextLayout.flowCollectionDiffers}). Inside, quoted
 * scalars are skipped and a comment runs to the end of the line.
 */
function flowCollectionEnd(text: string, open: number): number {
  const closers: string[] = [];
  let previous = '';
  for (let i = open; i < text.length; i++) {
    const character = text[i];
    if (character === '\n' || character === '\r' || (character === '#' && (text[i - 1] === ' ' || text[i - 1] === '\t'))) {
      return -1;
    }
    if (character === ' ' || character === '\t') {
      continue;
    }
    if (character === '"' || character === "'") {
      i = closingQuote(text, i);
      if (i === -1) {
        return -1;
      }
    } else if (character === '[' || character === '{') {
      if (closers[closers.length - 1] === '}' && (previous === '{' || previous === ',')) {
        return -1;
      }
      closers.push(character === '[' ? ']' : '}');
    } else if (character === ']' || character === '}') {
      if (closers.pop() !== character) {
        return -1;
      }
      if (closers.length === 0) {
        return i;
      }
    }
    previous = text[i];
  }
  return -1;
}

/**
 * True when every line after the first of the quoted scalar from `open` to `close` is blank or indented past the
 * column where the first line's node starts (after its indentation and any `- ` entries: the key of `key: "...`).
 */
function continuationIndented(text: string, open: number, close: number): boolean {
  const parent = nodeColumn(text, text.lastIndexOf('\n', open - 1) + 1);
  for (let start = endOfLine(text, open) + 1; start <= close; start = endOfLine(text, start) + 1) {
    let i = start;
    while (text[i] === ' ') {
      i++;
    }
    if (i - start <= parent && i < text.length && text[i] !== '\n' && text[i] !== '\r') {
      return false;
    }
  }
  return true;
}

/** The column where the line starting at `lineStart` has its node, after indentation and `- ` entries. */
function nodeColumn(text: string, lineStart: number): number {
  let i = lineStart;
  while (text[i] === ' ' || (text[i] === '-' && text[i + 1] === ' ')) {
    i++;
  }
  return i - lineStart;
}

/**
 * The bodies ([start, end), in order, none inside another) of the block scalars whose headers end a line of
 * indentation, `- ` entries and at most one key.
 */
function blockScalarBodies(text: string): Array<[number, number]> {
  const headers: number[] = [];
  for (const indicator of ['|', '>']) {
    for (let i = text.indexOf(indicator); i !== -1; i = text.indexOf(indicator, i + 1)) {
      headers.push(i);
    }
  }
  headers.sort((a, b) => a - b);
  const bodies: Array<[number, number]> = [];
  let covered = 0;
  for (const index of headers) {
    const header = index >= covered ? blockScalarHeader(text, index) : undefined;
    const parent = header && headerParent(text, index);
    if (header !== undefined && parent !== undefined) {
      const body: [number, number] = [header.lineEnd + 1, bodyEnd(text, header.lineEnd + 1, parent)];
      bodies.push(body);
      covered = body[1];
    }
  }
  return bodies;
}

/**
 * Where the body starting at `start` ends: at the first line that is not blank and is not indented past `parent`, or
 * less than the body's first such line.
 */
function bodyEnd(text: string, start: number, parent: number): number {
  let indentation: number | undefined;
  for (let line = start; line < text.length; line = endOfLine(text, line) + 1) {
    let i = line;
    while (text[i] === ' ') {
      i++;
    }
    if (i === text.length || text[i] === '\n' || text[i] === '\r') {
      continue;
    }
    indentation ??= i - line > parent ? i - line : undefined;
    if (indentation === undefined || i - line < indentation) {
      return line;
    }
  }
  return text.length;
}
