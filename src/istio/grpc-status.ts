/**
 * gRPC status names, as a VirtualService writes them in `fault.abort.grpcStatus` (istio/istio `pkg/util/grpc/codes.go`,
 * `SupportedGRPCStatus`: the codes of gRPC's `codes` package, in their canonical upper-case names).
 */

/** The gRPC status names Istio accepts, in code order (OK is 0, UNAUTHENTICATED is 16). */
export const GRPC_STATUS_NAMES: readonly string[] = [
  'OK', 'CANCELLED', 'UNKNOWN', 'INVALID_ARGUMENT', 'DEADLINE_EXCEEDED', 'NOT_FOUND', 'ALREADY_EXISTS',
  'PERMISSION_DENIED', 'RESOURCE_EXHAUSTED', 'FAILED_PRECONDITION', 'ABORTED', 'OUT_OF_RANGE', 'UNIMPLEMENTED',
  'INTERNAL', 'UNAVAILABLE', 'DATA_LOSS', 'UNAUTHENTICATED',
];

const NAMES: ReadonlySet<string> = new Set(GRPC_STATUS_NAMES);

/** True when `name` is a gRPC status name Istio accepts (case matters). */
export function isGrpcStatusName(name: string): boolean {
  return NAMES.has(name);
}
