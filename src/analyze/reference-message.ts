/**
 * The wording of IST0101 ReferencedResourceNotFound messages, in one place: the analyzers write
 * it, and the synth-time scope reads the variant and the reference back from it.
 */

/** What an IST0101 finding says was not found (istioctl's variants). */
export type ReferenceVariant = 'gateway' | 'selector' | 'credentialName' | 'host' | 'mirror host' | 'host:port'
| 'host+subset in destinationrule' | 'mirror+subset in destinationrule';

/** The start of an IST0101 message: `Referenced <variant> not found: "<reference>"`. */
export function referenceNotFound(variant: ReferenceVariant, reference: string): string {
  return `Referenced ${variant} not found: "${reference}"`;
}

/** The variant and reference of an IST0101 message, or undefined when it is not worded by {@link referenceNotFound}. */
export function parseReferenceNotFound(message: string): { variant: string; reference: string } | undefined {
  const match = /^Referenced (.+?) not found: "([^"]*)"/.exec(message);
  return match ? { variant: match[1], reference: match[2] } : undefined;
}
