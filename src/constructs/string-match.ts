import { re2Problem } from '../istio/regex';

/** How a request value (header, method, authority, query parameter, CORS origin) is matched. */
export class StringMatch {
  /** The whole value equals `value` (case-sensitive). */
  public static exact(value: string): StringMatch {
    return new StringMatch({ exact: value });
  }

  /** The value starts with `value` (case-sensitive; must not be empty). */
  public static prefix(value: string): StringMatch {
    return new StringMatch({ prefix: value });
  }

  /** The whole value matches the RE2 expression `pattern` (implicitly anchored at both ends). */
  public static regex(pattern: string): StringMatch {
    return new StringMatch({ regex: pattern });
  }

  /** The header or query parameter is present, whatever its value. */
  public static present(): StringMatch {
    return new StringMatch({});
  }

  private constructor(private readonly spec: { exact?: string; prefix?: string; regex?: string }) {}

  /** @internal Why this match is invalid, or undefined. */
  public _problem(allowEmptyPrefix: boolean): string | undefined {
    if (this.spec.regex !== undefined) {
      const problem = re2Problem(this.spec.regex);
      return problem && `regex '${this.spec.regex}' ${problem}`;
    }
    if (this.spec.prefix === '' && !allowEmptyPrefix) {
      return 'prefix is empty';
    }
    return undefined;
  }

  /** @internal The Istio `StringMatch`. */
  public _toIstio(): Record<string, string> {
    return { ...this.spec };
  }
}

/** How the request path is matched (`match.uri`). The query string is never part of it. */
export class PathMatch {
  /** The path equals `path`. */
  public static exact(path: string): PathMatch {
    return new PathMatch(StringMatch.exact(path), 'exact', path);
  }

  /**
   * The path starts with `prefix`, as a plain string: `/api` also matches `/apiv2`; use `/api/`
   * to match below `/api` only.
   */
  public static prefix(prefix: string): PathMatch {
    return new PathMatch(StringMatch.prefix(prefix), 'prefix', prefix);
  }

  /** The whole path matches the RE2 expression `pattern`. */
  public static regex(pattern: string): PathMatch {
    return new PathMatch(StringMatch.regex(pattern), 'regex', pattern);
  }

  private constructor(
    /** @internal */ public readonly _match: StringMatch,
    /** The kind of match. */ public readonly kind: 'exact' | 'prefix' | 'regex',
    /** The path, prefix or pattern. */ public readonly value: string) {}

  /** @internal Why this match is invalid, or undefined. */
  public _problem(): string | undefined {
    const emptyPrefix = this.kind === 'prefix' && this.value === '';
    if (this.kind !== 'regex' && !emptyPrefix && !this.value.startsWith('/')) {
      return `path '${this.value}' does not start with '/'`;
    }
    return this._match._problem(true);
  }
}
