/**
 * API.md as a reader on GitHub gets it: a table of contents first, links that land where they
 * say, anchors that need no `-1`, and types from other packages named with their package. The
 * expectations come from the source (exports, external types), so the test follows the API.
 */
import * as fs from 'fs';
import * as path from 'path';
import { headingAfter, Heading, inlineText, outline, resolve } from './markdown-anchors';
import { readPublicApi } from './public-api';

const root = path.join(__dirname, '..', '..');
const doc = outline(fs.readFileSync(path.join(root, 'API.md'), 'utf8'));
const api = readPublicApi(path.join(root, 'src', 'index.ts'), path.join(root, 'tsconfig.json'));

/** The symbol a heading documents: `analyze()` -> `analyze`, `Foo\<T\>` -> `Foo`, `abstract Foo` -> `Foo`. */
function symbolOf(heading: Heading): string {
  const text = heading.text.replace(/\(\)$/, '').replace(/<.*>$/, '').trim();
  return text.split(/\s+/).pop() ?? '';
}

/** The lines of the table of contents: from its heading to the next heading. */
function tableOfContents(): { heading: Heading | undefined; lines: number[] } {
  const [title, first] = doc.headings;
  const heading = title?.level === 1 && first && /^(table of )?contents$/i.test(first.text) ? first : undefined;
  if (!heading) {
    return { heading, lines: [] };
  }
  const next = doc.headings.find((h) => h.line > heading.line);
  const end = next?.line ?? doc.lines.length;
  return { heading, lines: Array.from({ length: end - heading.line - 1 }, (_, i) => heading.line + 1 + i) };
}

describe('API.md', () => {
  test('starts with a table of contents that links every exported symbol', () => {
    const toc = tableOfContents();
    expect(toc.heading).toBeDefined();
    const linked = new Set<string>();
    for (const link of doc.links.filter((l) => toc.lines.includes(l.line))) {
      const heading = resolve(doc, link.target)?.heading;
      if (heading) {
        linked.add(symbolOf(heading));
      }
    }
    expect(api.exports.filter((name) => !linked.has(name))).toEqual([]);
  });

  test('every in-document link points at an anchor that exists', () => {
    const broken = doc.links
      .filter((link) => resolve(doc, link.target) === undefined)
      .map((link) => `line ${link.line + 1}: [${link.text}](#${link.target})`);
    expect(broken).toEqual([]);
  });

  test('no link needs a numeric suffix to reach its target', () => {
    const ids = new Set([...doc.anchors.map((a) => a.id), ...doc.headings.map((h) => h.slug)]);
    const suffixed = doc.links
      .filter((link) => {
        const resolution = resolve(doc, link.target);
        const deduplicated = resolution?.kind === 'heading' && resolution.heading!.slug !== resolution.heading!.baseSlug;
        const numbered = /^(.*)-\d+$/.exec(link.target);
        return deduplicated || (numbered !== null && ids.has(numbered[1]));
      })
      .map((link) => `line ${link.line + 1}: #${link.target}`);
    expect(suffixed).toEqual([]);
  });

  test('explicit anchors are unique and collide with no heading elsewhere', () => {
    const clashes: string[] = [];
    const seen = new Map<string, number>();
    for (const anchor of doc.anchors) {
      if (seen.has(anchor.id)) {
        clashes.push(`#${anchor.id} on lines ${seen.get(anchor.id)! + 1} and ${anchor.line + 1}`);
      }
      seen.set(anchor.id, anchor.line);
      const own = headingAfter(doc, anchor.line);
      for (const heading of doc.headings.filter((h) => h.slug === anchor.id && h !== own)) {
        clashes.push(`#${anchor.id} on line ${anchor.line + 1} is also the heading on line ${heading.line + 1}`);
      }
    }
    expect(clashes).toEqual([]);
  });

  test('types from other packages are shown with their package', () => {
    expect(api.externalTypes.length).toBeGreaterThan(0);
    // typedoc names a type by its own name: `NodeJS.ProcessEnv` is shown as `ProcessEnv`.
    const shownName = (name: string) => name.split('.').pop()!;
    const packagesOf = new Map<string, Set<string>>();
    for (const t of api.externalTypes) {
      const name = shownName(t.name);
      packagesOf.set(name, new Set([...packagesOf.get(name) ?? [], t.packageName]));
    }
    const shown = new Set<string>();
    const bare: string[] = [];
    doc.lines.forEach((line, index) => {
      if (doc.inCode[index] || !isTypeLine(line)) {
        return;
      }
      // `Name`, `Name.member` or `Name`<...>, optionally linked, then ` (from `package`)`.
      for (const m of line.matchAll(/(\[)?`([^`]+)`(?:\]\(([^)]*)\))?/g)) {
        const [whole, , text, href] = m;
        const name = [...packagesOf.keys()].find((n) => text === n || text.startsWith(`${n}.`));
        if (!name || href?.startsWith('#')) {
          continue;
        }
        const from = /^ \(from `([^`]+)`\)/.exec(skipTypeArguments(line.slice(m.index! + whole.length)));
        if (from && packagesOf.get(name)!.has(from[1])) {
          shown.add(`${from[1]}:${name}`);
        } else {
          bare.push(`line ${index + 1}: ${line.trim()}`);
        }
      }
    });
    expect(bare).toEqual([]);
    expect(api.externalTypes.filter((t) => !shown.has(`${t.packageName}:${shownName(t.name)}`))).toEqual([]);
  });
});

/**
 * Whether a line states a type rather than prose: a declaration or signature (`> **name**...`),
 * or a line of only types (a parameter's or return type, an `Extends` item, an `Overrides` line).
 */
function isTypeLine(line: string): boolean {
  if (/^> (`[^`]*` )*\*\*/.test(line)) {
    return true;
  }
  const words = inlineText(line
    .replace(/\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/`[^`]*`/g, '')
    .replace(/\(from [^)]*\)/g, ''));
  return line.includes('`') && !/\p{L}/u.test(words);
}

/** The text after a type's arguments (`\<...\>`, as typedoc-plugin-markdown escapes them), if it has any. */
function skipTypeArguments(rest: string): string {
  if (!rest.startsWith('\\<')) {
    return rest;
  }
  let depth = 0;
  for (let i = 0; i < rest.length; i++) {
    if (rest.startsWith('\\<', i)) {
      depth++;
      i++;
    } else if (rest.startsWith('\\>', i)) {
      depth--;
      i++;
      if (depth === 0) {
        return rest.slice(i + 1);
      }
    }
  }
  return rest;
}
