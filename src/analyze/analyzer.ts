/**
 * What every analyzer is: a code, a name, a level and a check over the analysis context, and the findings it makes.
 */
import { AnalysisContext } from './analysis-context';
import { Finding, FindingLevel, FindingObject, FindingReference, ReferenceVariant } from './finding';
import { keyOf } from '../engine/model';
import { KubeObject } from '../manifests/kube-object';

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
  /**
   * The reference variants of its findings, for the `IST0101` ReferencedResourceNotFound analyzers.
   * @default - its findings are not about references
   */
  readonly referenceVariants?: readonly ReferenceVariant[];
  /** @internal The findings for a set of manifests, within `scope` (every finding when absent). */
  analyze(context: AnalysisContext, scope?: FindingScope): Finding[];
}

/**
 * @internal
 * Which findings an analysis is for. `analyze` reports every finding; the analysis an app runs at synth only the ones
 * that can fail its synth. The analysis skips analyzers none of whose findings the scope admits, and reference
 * analyzers ask it before they make a finding, so a finding out of scope is never made.
 */
export interface FindingScope {
  /** True when a finding of `analyzer` (its code, level and reference variants) can be in the scope. */
  admitsAnalyzer(analyzer: Analyzer): boolean;
  /** True when a reference finding about `reference` is in the scope. */
  admitsReference(reference: FindingReference): boolean;
}

/** @internal The scope of `analyze`: every finding. */
export const EVERY_FINDING: FindingScope = {
  admitsAnalyzer: () => true,
  admitsReference: () => true,
};

/** The subject of the findings about one object: made once per object, shared by its findings. */
interface Subject {
  readonly resource: string;
  readonly object: FindingObject;
}

const SUBJECTS = new WeakMap<KubeObject, Subject>();

function subjectOf(object: KubeObject): Subject {
  let subject = SUBJECTS.get(object);
  if (subject === undefined) {
    const { kind, metadata: { namespace, name } } = object;
    subject = { resource: `${kind} ${keyOf(object)}`, object: Object.freeze({ kind, namespace, name }) };
    SUBJECTS.set(object, subject);
  }
  return subject;
}

/**
 * @internal
 * A finding of `analyzer` about `subject` (the object at fault, or its `Kind NS/NAME` alone), with what it refers to
 * when it is a reference finding.
 */
export function finding(analyzer: Analyzer, subject: KubeObject | string, message: string, reference?: FindingReference): Finding {
  const { resource, object } = typeof subject === 'string' ? { resource: subject, object: undefined } : subjectOf(subject);
  const made: Finding = { code: analyzer.code, level: analyzer.level, resource, message };
  // Not enumerable: what serializes and compares a finding sees its four text fields only (see `Finding`).
  Object.defineProperty(made, 'object', { value: object });
  Object.defineProperty(made, 'reference', { value: reference === undefined ? undefined : Object.freeze(reference) });
  return made;
}
