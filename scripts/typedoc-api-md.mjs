// @ts-check
/**
 * A typedoc plugin for API.md, loaded after typedoc-plugin-markdown by the `docgen` task
 * (`--plugin ./scripts/typedoc-api-md.mjs`). It adds what the plugin's options cannot give a
 * single-page API reference read on GitHub:
 *
 * - the `api-md` router: every symbol and member gets an anchor named by its path
 *   (`api.Certificate.fromSecret`, with `anchorPrefix` in front), written as `<a id>` before its
 *   heading by `useHTMLAnchors`. The module router slugs every anchor of a page in one slugger
 *   that numbers repeats, and predicts the slugs GitHub gives the headings, which goes wrong:
 *   - it first slugs each member from its dotted path, whose dot the slugger strips, then again by
 *     its bare name; the first slug is dropped but stays taken: `Certificate.source` takes
 *     `certificatesource`, so the interface `CertificateSource` is linked as `certificatesource-1`
 *     while GitHub names its heading `certificatesource` (likewise `Decision.action` and
 *     `DecisionAction`, `Finding.level` and `FindingLevel`);
 *   - members share the page's slugs with the symbols (`name-15`; the property `decision` of an
 *     earlier interface makes the interface `Decision` `decision-1`), and GitHub also counts
 *     headings the router does not (`Parameters`, `Returns`, parameter names).
 *   A path is unique without a counter, and an anchor with a dot never equals a GitHub heading
 *   slug (GitHub strips dots), so no heading can take it.
 * - the `api-md` theme: a type from another package (a reference typedoc has no page for, whose
 *   package is not this one nor TypeScript's lib) is followed by `(from \`package\`)`, and linked
 *   when `externalSymbolLinkMappings` maps it.
 * - a table of contents at the top of each module page (the project page here), one list per
 *   group (Classes, Interfaces, ...), linking each exported symbol.
 *
 * Use with `--router api-md --theme api-md --useHTMLAnchors --anchorPrefix <prefix>`.
 */
import { ContainerReflection, ProjectReflection, ReferenceType, Reflection, ReflectionKind } from 'typedoc';
import { MarkdownTheme, MarkdownThemeContext, ModuleRouter } from 'typedoc-plugin-markdown';

/** Packages whose types are the language's own (`Error`, `Partial`, `Promise`), never annotated. */
const BUILT_IN_PACKAGES = new Set(['typescript']);

/** Kinds whose name an anchor path leaves out: their parent is already in it (signatures) or they have none (type literals). */
const UNNAMED_IN_PATH = ReflectionKind.TypeLiteral | ReflectionKind.SomeSignature;

/** Kinds of the pages a table of contents is written for. */
const CONTAINER_KINDS = ReflectionKind.Project | ReflectionKind.Module | ReflectionKind.Namespace;

/**
 * An anchor-safe form of a reflection name: letters, digits, `_`, `$` and `-` are kept and any
 * other run of characters (quotes, `/`, `.`, spaces of quoted property names) becomes `_`, so that
 * the dots of a path only ever separate its parts.
 * @param {string} name
 */
function anchorPart(name) {
  return name.replace(/[^A-Za-z0-9_$-]+/g, '_') || '_';
}

/**
 * The module router with path anchors: `<anchorPrefix><Parent>.<member>` relative to the page,
 * keeping the case of the names. Which reflections get an anchor is still decided by the
 * module router; only the anchor itself is replaced, after all pages are built.
 */
export class ApiMdRouter extends ModuleRouter {
  /** @param {ProjectReflection} project */
  buildPages(project) {
    const pages = super.buildPages(project);
    /** @type {Map<string, Set<string>>} the anchors taken on each page */
    const taken = new Map();
    for (const target of [...this.anchors.keys()]) {
      if (!(target instanceof Reflection)) {
        continue;
      }
      const page = this.pageOf(target);
      const pageUrl = this.getFullUrl(page);
      const used = taken.get(pageUrl) ?? new Set();
      taken.set(pageUrl, used);
      const anchor = this.pathAnchor(target, page, used);
      used.add(anchor);
      this.anchors.set(target, anchor);
      this.fullUrls.set(target, `${pageUrl}#${anchor}`);
    }
    return pages;
  }

  /**
   * The reflection whose page `target` is rendered on: its nearest ancestor with a URL of its
   * own (no anchor).
   * @param {Reflection} target
   * @returns {Reflection}
   */
  pageOf(target) {
    let page = target.parent;
    while (page && !this.hasOwnDocument(page)) {
      page = page.parent;
    }
    if (!page) {
      throw new Error(`[typedoc-api-md] ${target.getFullName()} is on no page`);
    }
    return page;
  }

  /**
   * The anchor of `target` on `page`: a signature shares the anchor of the function, method or
   * accessor it belongs to (they have one heading); anything else is named by its path. When
   * two members share a path (a static and an instance member of the same name) the later one
   * gets its kind appended, never a counter.
   * @param {Reflection} target
   * @param {Reflection} page
   * @param {Set<string>} used
   */
  pathAnchor(target, page, used) {
    if (target.kindOf(ReflectionKind.SomeSignature) && target.parent && this.anchors.has(target.parent)
      && !target.parent.kindOf(ReflectionKind.TypeLiteral)) {
      return /** @type {string} */ (this.anchors.get(target.parent));
    }
    const parts = [];
    for (let r = /** @type {Reflection | undefined} */ (target); r && r !== page; r = r.parent) {
      if (r === target || !r.kindOf(UNNAMED_IN_PATH)) {
        parts.unshift(anchorPart(r.name));
      }
    }
    const prefix = this.application.options.getValue('anchorPrefix') ?? '';
    const anchor = `${prefix}${parts.join('.')}`;
    if (!used.has(anchor)) {
      return anchor;
    }
    const kind = ReflectionKind.singularString(target.kind).toLowerCase().replace(/\s+/g, '-');
    const flavour = target.flags.isStatic ? `static-${kind}` : kind;
    let candidate = `${anchor}-${flavour}`;
    for (let n = 2; used.has(candidate); n++) {
      candidate = `${anchor}-${flavour}${n}`;
    }
    return candidate;
  }
}

/**
 * The package a reference points into when it is another package's type that the docs have no
 * page for, else undefined.
 * @param {MarkdownThemeContext} context
 * @param {unknown} type
 */
function externalPackage(context, type) {
  if (!(type instanceof ReferenceType) || !type.package) {
    return undefined;
  }
  if (type.reflection && context.router.hasUrl(type.reflection)) {
    return undefined;
  }
  const project = context.page.project;
  const own = project.packageName ?? project.name;
  return type.package === own || BUILT_IN_PACKAGES.has(type.package) ? undefined : type.package;
}

/** The render context of the `api-md` theme: the markdown theme's, with the package of external types. */
export class ApiMdThemeContext extends MarkdownThemeContext {
  /**
   * @param {MarkdownTheme} theme
   * @param {import('typedoc-plugin-markdown').MarkdownPageEvent<Reflection>} page
   * @param {import('typedoc').Options} options
   */
  constructor(theme, page, options) {
    super(theme, page, options);
    const base = this.partials;
    this.partials = {
      ...base,
      // `Construct` -> `Construct` (from `constructs`); with type arguments after the whole type.
      referenceType: (/** @type {ReferenceType} */ model) => {
        const rendered = base.referenceType(model);
        const pkg = externalPackage(this, model);
        return pkg ? `${rendered} (from \`${pkg}\`)` : rendered;
      },
      // "Overrides `Construct.constructor`" -> "... (from `constructs`)".
      typeAndParent: (/** @type {ReferenceType | import('typedoc').ArrayType} */ model) => {
        const rendered = base.typeAndParent(model);
        const pkg = externalPackage(this, model);
        return pkg ? `${rendered} (from \`${pkg}\`)` : rendered;
      },
    };
  }
}

/** The markdown theme with {@link ApiMdThemeContext}. */
export class ApiMdTheme extends MarkdownTheme {
  /** @param {import('typedoc-plugin-markdown').MarkdownPageEvent<Reflection>} page */
  getRenderContext(page) {
    return new ApiMdThemeContext(this, page, this.application.options);
  }
}

/**
 * The table of contents of a module page: a heading, then one list item per group (as typedoc
 * groups the exports: Enumerations, Classes, Interfaces, Type Aliases, Variables, Functions)
 * listing a link to each of its symbols.
 * @param {MarkdownThemeContext} context
 */
function tableOfContents(context) {
  const model = context.page.model;
  if (!(model instanceof ContainerReflection) || !model.kindOf(CONTAINER_KINDS) || !model.groups?.length) {
    return '';
  }
  const escape = (/** @type {string} */ text) => text.replace(/[\\`*_[\]<>|]/g, (c) => `\\${c}`);
  const lines = ['## Table of contents', ''];
  for (const group of model.groups) {
    const links = group.children
      .filter((child) => context.router.hasUrl(child))
      .map((child) => {
        const name = child.isDeprecated() ? `~~${escape(child.name)}~~` : escape(child.name);
        return `  - [${name}](${context.urlTo(child)})`;
      });
    if (links.length > 0) {
      lines.push(`- ${group.title}`, ...links);
    }
  }
  return lines.join('\n');
}

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.renderer.defineRouter('api-md', ApiMdRouter);
  app.renderer.defineTheme('api-md', ApiMdTheme);
  const hooks = /** @type {any} */ (app.renderer).markdownHooks;
  if (!hooks) {
    throw new Error('[typedoc-api-md] load typedoc-plugin-markdown before this plugin');
  }
  hooks.on('content.begin', tableOfContents);
}
