/**
 * The headings, anchors and in-document links of a Markdown file, as GitHub renders it: a
 * heading's anchor is its text slugged by GitHub's rules (github-slugger), and explicit
 * `<a id>` / `<a name>` anchors are taken as written.
 */

/** A heading, with the anchor GitHub gives it. */
export interface Heading {
  /** 1 to 6. */
  readonly level: number;
  /** The heading's text as GitHub renders it (no Markdown, no HTML). */
  readonly text: string;
  /** The anchor GitHub gives it, deduplicated (`name`, `name-1`, ...). */
  readonly slug: string;
  /** The slug before deduplication; it differs from `slug` when an earlier heading took it. */
  readonly baseSlug: string;
  /** 0-based line number. */
  readonly line: number;
}

/** An explicit `<a id="...">` or `<a name="...">` anchor. */
export interface ExplicitAnchor {
  readonly id: string;
  /** 0-based line number. */
  readonly line: number;
}

/** A `[text](#anchor)` link or an `href="#anchor"`. */
export interface Link {
  /** The link's text (Markdown source). */
  readonly text: string;
  /** The anchor it points at, percent-decoded. */
  readonly target: string;
  /** 0-based line number. */
  readonly line: number;
}

/** What a Markdown document offers to link to and what it links to. */
export interface MarkdownOutline {
  readonly lines: readonly string[];
  readonly headings: readonly Heading[];
  readonly anchors: readonly ExplicitAnchor[];
  readonly links: readonly Link[];
  /** Whether each line is inside a fenced code block (and is not Markdown). */
  readonly inCode: readonly boolean[];
}

/** GitHub's slug of a heading text, before deduplication (github-slugger's `slug`). */
export function githubSlug(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** The text GitHub shows for a line of inline Markdown. */
export function inlineText(markdown: string): string {
  return markdown
    .replace(/<[^>]*>/g, '')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\\([!-/:-@[-`{-~])/g, '$1')
    .replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (entity, name: string) => {
      if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(parseInt(name.slice(2), 16));
      if (name.startsWith('#')) return String.fromCodePoint(parseInt(name.slice(1), 10));
      return ENTITIES[name.toLowerCase()] ?? entity;
    })
    .replace(/`/g, '')
    .replace(/\*\*|__|~~/g, '')
    .trim();
}

/** A line with its inline code spans blanked out, so that their content is not read as links or HTML. */
function withoutCodeSpans(line: string): string {
  return line.replace(/(`+)(?:(?!\1).)+?\1/g, (span) => ' '.repeat(span.length));
}

/** Reads the headings, explicit anchors and in-document links of `markdown`. */
export function outline(markdown: string): MarkdownOutline {
  const lines = markdown.split(/\r?\n/);
  const headings: Heading[] = [];
  const anchors: ExplicitAnchor[] = [];
  const links: Link[] = [];
  const inCode: boolean[] = [];
  const occurrences = new Map<string, number>();
  let fence: string | undefined;

  lines.forEach((line, index) => {
    const fenceMatch = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fence !== undefined) {
      inCode.push(true);
      if (fenceMatch && fenceMatch[1][0] === fence[0] && fenceMatch[1].length >= fence.length && line.trim() === fenceMatch[1]) {
        fence = undefined;
      }
      return;
    }
    if (fenceMatch) {
      fence = fenceMatch[1];
      inCode.push(true);
      return;
    }
    inCode.push(false);

    const heading = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/.exec(line);
    if (heading) {
      const text = inlineText(heading[2] ?? '');
      const baseSlug = githubSlug(text);
      // github-slugger: the first `x` is `x`, the next ones `x-1`, `x-2`, ... skipping taken slugs.
      let slug = baseSlug;
      while (occurrences.has(slug)) {
        const count = occurrences.get(baseSlug)! + 1;
        occurrences.set(baseSlug, count);
        slug = `${baseSlug}-${count}`;
      }
      occurrences.set(slug, 0);
      headings.push({ level: heading[1].length, text, slug, baseSlug, line: index });
    }

    const code = withoutCodeSpans(line);
    for (const m of code.matchAll(/<a\s[^>]*?\b(?:id|name)\s*=\s*"([^"]*)"/gi)) {
      anchors.push({ id: m[1], line: index });
    }
    for (const m of code.matchAll(/\]\(#([^)\s]*)\)/g)) {
      const start = code.lastIndexOf('[', m.index);
      links.push({ text: line.slice(start + 1, m.index), target: decodeURIComponent(m[1]), line: index });
    }
    for (const m of code.matchAll(/\bhref\s*=\s*"#([^"]*)"/gi)) {
      links.push({ text: '', target: decodeURIComponent(m[1]), line: index });
    }
  });
  return { lines, headings, anchors, links, inCode };
}

/** Where a link lands: the heading it names or the one its explicit anchor stands before. */
export interface Resolution {
  /** How the anchor was found. */
  readonly kind: 'heading' | 'explicit';
  /** The heading at (or right after) the anchor, if any. */
  readonly heading?: Heading;
}

/**
 * Finds what `target` points at in `doc`, or undefined when nothing does. An explicit anchor
 * stands for the first heading after it when only blank lines separate them.
 */
export function resolve(doc: MarkdownOutline, target: string): Resolution | undefined {
  const explicit = doc.anchors.find((a) => a.id === target);
  if (explicit) {
    return { kind: 'explicit', heading: headingAfter(doc, explicit.line) };
  }
  const heading = doc.headings.find((h) => h.slug === target);
  return heading ? { kind: 'heading', heading } : undefined;
}

/** The heading on `line`, or the first one after it when only blank lines and anchors come between. */
export function headingAfter(doc: MarkdownOutline, line: number): Heading | undefined {
  for (let i = line; i < doc.lines.length; i++) {
    const heading = doc.headings.find((h) => h.line === i);
    if (heading) {
      return heading;
    }
    const rest = doc.lines[i].replace(/<a\s[^>]*>\s*<\/a>/gi, '').trim();
    if (rest !== '') {
      return undefined;
    }
  }
  return undefined;
}
