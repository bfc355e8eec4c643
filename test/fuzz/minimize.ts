/**
 * Minimizes a failing scenario further than fast-check's shrinking can (its mutations are tied to generated objects):
 * removes documents, then fields and list items one at a time, simplifies the file layout and drops optional flags,
 * keeping each step that still fails the same way.
 */
import { Json } from './manifest-arbitraries';
import { clone, fieldPaths, FieldPath, isObject, valueAt } from './mutations';
import { CommandName, Concrete, Layout } from './scenario';

/** Removes the value at a non-empty path (a list item is spliced out). */
function removeAt(root: Json, path: FieldPath): void {
  const parent = valueAt(root, path.slice(0, -1));
  const key = path[path.length - 1];
  if (Array.isArray(parent) && typeof key === 'number') {
    parent.splice(key, 1);
  } else if (isObject(parent) && typeof key === 'string') {
    delete parent[key];
  }
}

/** The candidates that simplify the layout, simplest first. */
function layoutCandidates(layout: Layout): Layout[] {
  const candidates: Layout[] = [];
  if (layout.files > 1 || layout.formats.some((f) => f !== 'yaml')) {
    candidates.push({ ...layout, files: 1, assignment: [], formats: ['yaml', 'yaml', 'yaml'] });
  }
  if (layout.files > 1) {
    candidates.push({ ...layout, files: 1, assignment: [] });
  }
  if (layout.twice) {
    candidates.push({ ...layout, twice: false });
  }
  if (layout.directory) {
    candidates.push({ ...layout, directory: false });
  }
  if (layout.stdin) {
    candidates.push({ ...layout, stdin: false });
  }
  if (layout.namespace !== undefined) {
    candidates.push({ ...layout, namespace: undefined });
  }
  return candidates;
}

/** Candidates with one optional flag of `command` dropped. */
function flagCandidates(c: Concrete, command: CommandName): Concrete[] {
  const candidates: Concrete[] = [];
  const drop = <K extends 'route' | 'routes' | 'dump' | 'analyze'>(key: K): void => {
    const flags: Record<string, unknown> = { ...c[key] };
    for (const field of Object.keys(flags)) {
      if (flags[field] !== undefined && !['port', 'nodePort', 'headers', 'viaFile'].includes(field)) {
        candidates.push({ ...c, [key]: { ...flags, [field]: undefined } });
      }
    }
  };
  switch (command) {
    case 'route':
      drop('route');
      if (c.route.headers.length > 0) {
        candidates.push({ ...c, route: { ...c.route, headers: [] } });
      }
      if (c.route.viaFile) {
        candidates.push({ ...c, route: { ...c.route, viaFile: false } });
      }
      break;
    case 'routes':
    case 'dump':
    case 'analyze':
      drop(command);
      break;
    case 'verify': {
      const { cases } = c.verify;
      cases.forEach((_, i) => {
        if (cases.length > 1) {
          candidates.push({ ...c, verify: { ...c.verify, cases: cases.filter((__, j) => j !== i) } });
        }
      });
      if (c.verify.output !== undefined) {
        candidates.push({ ...c, verify: { ...c.verify, output: undefined } });
      }
      if (c.verify.minCoverage !== undefined) {
        candidates.push({ ...c, verify: { ...c.verify, minCoverage: undefined } });
      }
      break;
    }
  }
  return candidates;
}

/**
 * The smallest scenario found within `budgetMs` for which `fails` still holds, starting from `start` (which must fail).
 */
export async function minimize(start: Concrete, command: CommandName, fails: (c: Concrete) => Promise<boolean>, budgetMs: number): Promise<Concrete> {
  const deadline = Date.now() + budgetMs;
  let current = start;
  const attempt = async (candidate: Concrete): Promise<boolean> => {
    if (Date.now() > deadline) {
      return false;
    }
    if (await fails(candidate)) {
      current = candidate;
      return true;
    }
    return false;
  };
  let progress = true;
  while (progress && Date.now() <= deadline) {
    progress = false;
    if (current.strict && await attempt({ ...current, strict: false })) {
      progress = true;
    }
    // Whole documents, last first.
    for (let i = current.documents.length - 1; i >= 0; i--) {
      if (await attempt({ ...current, documents: current.documents.filter((_, j) => j !== i) })) {
        progress = true;
      }
    }
    for (const layout of layoutCandidates(current.layout)) {
      if (await attempt({ ...current, layout })) {
        progress = true;
        break;
      }
    }
    for (const candidate of flagCandidates(current, command)) {
      if (await attempt(candidate)) {
        progress = true;
        break;
      }
    }
    // Fields and list items, outermost first; after a removal the paths are listed again.
    for (let d = 0; d < current.documents.length; d++) {
      let p = 1;
      for (;;) {
        const paths = fieldPaths(current.documents[d]);
        if (p >= paths.length || Date.now() > deadline) {
          break;
        }
        const documents = current.documents.map((doc) => clone(doc));
        removeAt(documents[d], paths[p]);
        if (await attempt({ ...current, documents })) {
          progress = true;
        } else {
          p++;
        }
      }
    }
  }
  return current;
}
