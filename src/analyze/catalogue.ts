/**
 * The analyzers, one per file under analyzers/.
 */
import { Analyzer } from './analyzer';
import { autoPassthroughOpenToAllHosts } from './analyzers/auto-passthrough-open-to-all-hosts';
import { clientCaFromServerIssuer } from './analyzers/client-ca-from-server-issuer';
import { clientCaMissing } from './analyzers/client-ca-missing';
import { conflictingGateways } from './analyzers/conflicting-gateways';
import { defaultIngressAssumed } from './analyzers/default-ingress-assumed';
import { destinationHostNotFound } from './analyzers/destination-host-not-found';
import { destinationRuleSubsetNotSelectPods } from './analyzers/destination-rule-subset-not-select-pods';
import { destinationSubsetNotFound } from './analyzers/destination-subset-not-found';
import { externalNameServiceTypeInvalidPortName } from './analyzers/external-name-service-type-invalid-port-name';
import { gatewayCredentialNotFound } from './analyzers/gateway-credential-not-found';
import { gatewayDuplicateCertificate } from './analyzers/gateway-duplicate-certificate';
import { gatewayPortNotDefinedOnService } from './analyzers/gateway-port-not-defined-on-service';
import { gatewaySecretsInControlPlaneNamespace } from './analyzers/gateway-secrets-in-control-plane-namespace';
import { gatewaySelectorNotFound } from './analyzers/gateway-selector-not-found';
import { imageAutoWithoutInjection } from './analyzers/image-auto-without-injection';
import { invalidGatewayCredential } from './analyzers/invalid-gateway-credential';
import { invalidNodePort } from './analyzers/invalid-node-port';
import { passthroughWithoutTlsRoute } from './analyzers/passthrough-without-tls-route';
import { portNameIsNotUnderNamingConvention } from './analyzers/port-name-not-under-naming-convention';
import { referencedGatewayNotFound } from './analyzers/referenced-gateway-not-found';
import { referencedInternalGateway } from './analyzers/referenced-internal-gateway';
import { routeConfigurationRejected } from './analyzers/route-configuration-rejected';
import { ruleShadowedByEarlierVirtualService } from './analyzers/rule-shadowed-by-earlier-virtual-service';
import { schemaValidationError } from './analyzers/schema-validation-error';
import { schemaWarning } from './analyzers/schema-warning';
import { serverCertificateMissing } from './analyzers/server-certificate-missing';
import { serverDroppedByPortConflict } from './analyzers/server-dropped-by-port-conflict';
import { shortHostOnGateway } from './analyzers/short-host-on-gateway';
import { sidecarTemplateOnGateway } from './analyzers/sidecar-template-on-gateway';
import { targetPortNotOnPods } from './analyzers/target-port-not-on-pods';
import { tcpVirtualServiceShadowed } from './analyzers/tcp-virtual-service-shadowed';
import { tlsModeMissing } from './analyzers/tls-mode-missing';
import { unknownDestinationRuleHost } from './analyzers/unknown-destination-rule-host';
import { virtualServiceDestinationPortSelectorRequired } from './analyzers/virtual-service-destination-port-selector-required';
import { virtualServiceHostNotFoundInGateway } from './analyzers/virtual-service-host-not-found-in-gateway';
import { virtualServiceHostNotServedByHttpServer } from './analyzers/virtual-service-host-not-served-by-http-server';
import { virtualServiceIneffectiveMatch } from './analyzers/virtual-service-ineffective-match';
import { virtualServiceUnreachableRule } from './analyzers/virtual-service-unreachable-rule';
import { weakGatewayTls } from './analyzers/weak-gateway-tls';

/** Every analyzer, in code order. */
export const ANALYZERS: readonly Analyzer[] = [
  referencedGatewayNotFound,
  gatewaySelectorNotFound,
  gatewayCredentialNotFound,
  destinationHostNotFound,
  destinationSubsetNotFound,
  schemaValidationError,
  virtualServiceDestinationPortSelectorRequired,
  portNameIsNotUnderNamingConvention,
  virtualServiceUnreachableRule,
  virtualServiceIneffectiveMatch,
  virtualServiceHostNotFoundInGateway,
  schemaWarning,
  gatewayDuplicateCertificate,
  conflictingGateways,
  imageAutoWithoutInjection,
  externalNameServiceTypeInvalidPortName,
  invalidGatewayCredential,
  gatewayPortNotDefinedOnService,
  referencedInternalGateway,
  destinationRuleSubsetNotSelectPods,
  unknownDestinationRuleHost,
  serverDroppedByPortConflict,
  tcpVirtualServiceShadowed,
  tlsModeMissing,
  shortHostOnGateway,
  ruleShadowedByEarlierVirtualService,
  routeConfigurationRejected,
  invalidNodePort,
  targetPortNotOnPods,
  serverCertificateMissing,
  passthroughWithoutTlsRoute,
  clientCaMissing,
  defaultIngressAssumed,
  virtualServiceHostNotServedByHttpServer,
  gatewaySecretsInControlPlaneNamespace,
  weakGatewayTls,
  sidecarTemplateOnGateway,
  autoPassthroughOpenToAllHosts,
  clientCaFromServerIssuer,
];
