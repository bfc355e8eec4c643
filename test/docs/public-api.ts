/**
 * What the API.md tests expect from the source, read with the TypeScript compiler so the tests
 * follow the public API as it changes: the names `src/index.ts` exports and the types from other
 * packages that their declarations mention.
 */
import * as path from 'path';
import * as ts from 'typescript';

/** A type declared in another package (not in this one, and not in TypeScript's own lib). */
export interface ExternalType {
  /** The type's name as written in the declaration, e.g. `ApiObject`. */
  readonly name: string;
  /** The npm package that declares it, e.g. `cdk8s` or `@types/node`. */
  readonly packageName: string;
}

/** The exported names and the external types of the public API. */
export interface PublicApi {
  /**
   * Every name exported from the entry point and declared in this package, except the
   * `@internal` / `@hidden` / `@ignore` ones.
   */
  readonly exports: readonly string[];
  /** Every external type mentioned by an exported declaration, one entry per name and package. */
  readonly externalTypes: readonly ExternalType[];
}

const HIDDEN_TAGS = new Set(['internal', 'hidden', 'ignore']);

/** Whether typedoc leaves the declaration out of the docs (`--excludeInternal`, `--excludePrivate`, `@hidden`). */
function isHidden(node: ts.Node): boolean {
  if (ts.getJSDocTags(node).some((tag) => HIDDEN_TAGS.has(tag.tagName.text))) {
    return true;
  }
  const modifiers = ts.canHaveModifiers(node) ? ts.getModifiers(node) ?? [] : [];
  if (modifiers.some((m) => m.kind === ts.SyntaxKind.PrivateKeyword)) {
    return true;
  }
  const name = (node as { name?: ts.Node }).name;
  return name !== undefined && ts.isPrivateIdentifier(name);
}

/**
 * The package a file belongs to: the path segment(s) after the last `node_modules/`, or undefined
 * for a file of this package.
 */
function packageOf(fileName: string): string | undefined {
  const parts = fileName.split(/[\\/]/);
  const at = parts.lastIndexOf('node_modules');
  if (at < 0 || at + 1 >= parts.length) {
    return undefined;
  }
  return parts[at + 1].startsWith('@') ? `${parts[at + 1]}/${parts[at + 2]}` : parts[at + 1];
}

/**
 * Reads the public API of the package whose entry point is `entryPoint`, compiled with the
 * options of `tsconfigPath`.
 */
export function readPublicApi(entryPoint: string, tsconfigPath: string): PublicApi {
  const config = ts.readConfigFile(tsconfigPath, ts.sys.readFile);
  if (config.error) {
    throw new Error(ts.flattenDiagnosticMessageText(config.error.messageText, '\n'));
  }
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, path.dirname(tsconfigPath));
  const program = ts.createProgram([entryPoint], { ...parsed.options, noEmit: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(entryPoint);
  const moduleSymbol = source && checker.getSymbolAtLocation(source);
  if (!moduleSymbol) {
    throw new Error(`${entryPoint} is not a module`);
  }

  /** The symbol an import or re-export stands for (itself for any other symbol). */
  const unaliased = (symbol: ts.Symbol): ts.Symbol =>
    // eslint-disable-next-line no-bitwise
    (symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol);

  const exports: string[] = [];
  const external = new Map<string, ExternalType>();

  /** Records the type a type reference or heritage clause names, when another package declares it. */
  const recordReference = (nameNode: ts.Node, written: string) => {
    const located = checker.getSymbolAtLocation(nameNode);
    const symbol = located && unaliased(located);
    const files = (symbol?.declarations ?? []).map((d) => d.getSourceFile());
    // A global that a package augments (e.g. `ReadonlyArray` in @types/node) is still TypeScript's own.
    if (files.some((f) => program.isSourceFileDefaultLibrary(f) || packageOf(f.fileName) === 'typescript')) {
      return;
    }
    const packageName = files.map((f) => packageOf(f.fileName)).find((p) => p !== undefined);
    if (packageName !== undefined) {
      external.set(`${packageName}:${written}`, { name: written, packageName });
    }
  };

  /** Walks the types of a declaration, skipping bodies and initializers (implementation, not API). */
  const visit = (node: ts.Node): void => {
    if (isHidden(node)) {
      return;
    }
    if (ts.isTypeReferenceNode(node)) {
      recordReference(ts.isQualifiedName(node.typeName) ? node.typeName.right : node.typeName, entityName(node.typeName));
    } else if (ts.isExpressionWithTypeArguments(node)) {
      recordReference(node.expression, node.expression.getText());
    }
    ts.forEachChild(node, (child) => {
      const owner = node as { body?: ts.Node; initializer?: ts.Node };
      if (child !== owner.body && child !== owner.initializer) {
        visit(child);
      }
    });
  };

  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const symbol = unaliased(exported);
    // typedoc documents this package's declarations only (`--excludeExternals`).
    const declarations = (symbol.declarations ?? [])
      .filter((d) => !isHidden(d) && packageOf(d.getSourceFile().fileName) === undefined);
    if (declarations.length === 0) {
      continue;
    }
    exports.push(exported.getName());
    declarations.forEach(visit);
  }
  return { exports: exports.sort(), externalTypes: [...external.values()] };
}

function entityName(name: ts.EntityName): string {
  return ts.isIdentifier(name) ? name.text : `${entityName(name.left)}.${name.right.text}`;
}
