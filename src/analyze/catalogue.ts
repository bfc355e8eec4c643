/**
 * The analyzers, one per file under analyzers/.
 */
import { Analyzer } from './analyzer';
import { gatewayPortNotDefinedOnService } from './analyzers/gateway-port-not-defined-on-service';
import { referencedGatewayNotFound } from './analyzers/referenced-gateway-not-found';

/** Every analyzer, in code order. */
export const ANALYZERS: readonly Analyzer[] = [
  referencedGatewayNotFound,
  gatewayPortNotDefinedOnService,
];
