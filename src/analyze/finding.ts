/**
 * A problem the analyzer found, in the shape `istioctl analyze` reports it, with structured data on what it is about.
 */

/** How bad a finding is. */
export type FindingLevel = 'Error' | 'Warning' | 'Info';

/** The object a finding is about. */
export interface FindingObject {
  /** Its kind, e.g. `VirtualService`. */
  readonly kind: string;
  /** Its namespace (the default namespace of the analysis when the manifest gives none). */
  readonly namespace: string;
  /** Its name. */
  readonly name: string;
}

/**
 * What an `IST0101` ReferencedResourceNotFound finding says was not found, as istioctl words it in its messages
 * (`Referenced <variant> not found: "..."`).
 */
export type ReferenceVariant = 'gateway' | 'selector' | 'credentialName' | 'host' | 'mirror host' | 'host:port'
| 'host+subset in destinationrule' | 'mirror+subset in destinationrule';

/**
 * What a reference finding (`IST0101` ReferencedResourceNotFound) refers to, by variant:
 *
 * | variant | `kind` | `namespace` | `name` | also |
 * | --- | --- | --- | --- | --- |
 * | `gateway` | `Gateway` | the Gateway's, as the reference resolves | the Gateway's | |
 * | `selector` | `Pod` | - (any) | the label selector, `k=v,k2=v2` | |
 * | `credentialName` | `Secret` | the gateway pods' (where istiod reads it) | the Secret's | |
 * | `host`, `mirror host` | `Service` (a Service or ServiceEntry host) | - | the host, fully qualified | |
 * | `host:port` | `Service` | - | the host, fully qualified | `port` |
 * | `host+subset in destinationrule`, `mirror+subset in destinationrule` | `DestinationRule` | - | the host the DestinationRules are for, fully qualified | `subset` |
 */
export interface FindingReference {
  /** The variant: which kind of reference was not found. */
  readonly variant: ReferenceVariant;
  /** The reference as the object writes it, as the message quotes it: `istio-system/missing`, `shop:8080`, `shop+v2`. */
  readonly written: string;
  /** The kind of object the reference names (see the table). */
  readonly kind: string;
  /**
   * The namespace the object was looked for in.
   * @default - any namespace; for a `gateway` reference, a reference that names no Gateway at all (malformed)
   */
  readonly namespace?: string;
  /** What the object was looked for by (see the table); for a malformed `gateway` reference, the reference as written. */
  readonly name: string;
  /**
   * The port the destination names (`host:port`).
   * @default - no port (other variants)
   */
  readonly port?: number;
  /**
   * The subset the destination names (the subset variants).
   * @default - no subset (other variants)
   */
  readonly subset?: string;
}

/**
 * One finding.
 *
 * `code`, `level`, `resource` and `message` are enumerable: they are what `JSON.stringify`, the command line's `--json`
 * and comparisons of findings (`toEqual`) see. `object` and `reference` are not enumerable: read them by name; a
 * finding copied by spreading it lacks them.
 */
export interface Finding {
  /** `IST0101`-style code: istioctl's where it has one, `CIG1xxx` for problems only this engine sees. */
  readonly code: string;
  /** `Error` (breaks traffic), `Warning` (likely wrong) or `Info`. */
  readonly level: FindingLevel;
  /** `Kind NS/NAME` of the object at fault. */
  readonly resource: string;
  /** What is wrong, with the fix. */
  readonly message: string;
  /**
   * The object at fault, as `resource` names it.
   * @default - unknown: a finding written by hand or copied, or made from the resource name alone
   */
  readonly object?: FindingObject;
  /**
   * What the finding says was not found: set on every `IST0101` ReferencedResourceNotFound finding of `analyze`.
   * @default - none (findings of other codes)
   */
  readonly reference?: FindingReference;
}
