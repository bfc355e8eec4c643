/**
 * A problem the analyzer found, in the shape `istioctl analyze` reports it.
 */

/** How bad a finding is. */
export type FindingLevel = 'Error' | 'Warning' | 'Info';

/** One finding. */
export interface Finding {
  /** `IST0101`-style code: istioctl's where it has one, `CIG1xxx` for problems only this engine sees. */
  readonly code: string;
  /** `Error` (breaks traffic), `Warning` (likely wrong) or `Info`. */
  readonly level: FindingLevel;
  /** `Kind NS/NAME` of the object at fault. */
  readonly resource: string;
  /** What is wrong, with the fix. */
  readonly message: string;
}
