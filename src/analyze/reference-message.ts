/**
 * The wording of IST0101 ReferencedResourceNotFound messages, in one place: every reference analyzer starts its
 * message with it, from the same structured reference the finding carries.
 */
import { FindingReference } from './finding';

/** The start of an IST0101 message: `Referenced <variant> not found: "<reference as written>"`. */
export function referenceNotFound(reference: FindingReference): string {
  return `Referenced ${reference.variant} not found: "${reference.written}"`;
}
