/**
 * What every analyzer is: a code, a name, a level and a check over the analysis context.
 */
import { AnalysisContext } from './analysis-context';
import { Finding, FindingLevel } from './finding';

/** One check, with the code and level its findings carry. */
export interface Analyzer {
  /** The code, e.g. `IST0101`. */
  readonly code: string;
  /** The name, e.g. `ReferencedResourceNotFound`. */
  readonly name: string;
  /** The level of its findings. */
  readonly level: FindingLevel;
  /** One sentence: when it fires. */
  readonly description: string;
  /** One sentence: how to fix what it reports. */
  readonly fix: string;
  /** @internal The findings for a set of manifests. */
  analyze(context: AnalysisContext): Finding[];
}

/** A finding of `analyzer` about `object`. */
export function finding(analyzer: Analyzer, resource: string, message: string): Finding {
  return { code: analyzer.code, level: analyzer.level, resource, message };
}
