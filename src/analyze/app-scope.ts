/**
 * Which findings a whole app can be failed for at synth: the ones whose cause is inside the app.
 *
 * An app (a cdk8s App, or the manifests of one GitOps directory) is usually not everything the cluster holds: routes
 * name Services, DestinationRules and Gateways that other teams deploy. The analyzer only sees the app, so some of its
 * findings are about references it cannot resolve although the cluster can. Those findings are real in `analyze`
 * (which reports everything), but they must not fail `cdk8s synth`.
 *
 * Everything here is decided by the fields of a finding (`code`, `level`, `reference`), never by its message.
 */
import { Analyzer, FindingScope } from './analyzer';
import { Finding, FindingReference, ReferenceVariant } from './finding';

/**
 * Codes whose findings depend on objects outside the app: `IST0173` DestinationRuleSubsetNotSelectPods (the pods
 * belong to the Service's own deployment), `IST0174` UnknownDestinationRuleHost (the Service lives elsewhere),
 * `IST0149` JwtClaimBasedRoutingWithoutRequestAuthN (the RequestAuthentication is often installed with the mesh) and
 * `CIG1012` DefaultIngressAssumed (the gateway pods are assumed installed with the mesh).
 */
export const OUT_OF_APP_CODES: readonly string[] = ['IST0173', 'IST0174', 'IST0149', 'CIG1012'];

/**
 * `IST0101` ReferencedResourceNotFound variants (`Finding.reference.variant`) that the app can be failed for. Every
 * other variant names something the cluster may hold outside the app: a destination `host`, `host:port`, `mirror host`,
 * a `host+subset in destinationrule` (or mirror) subset, a `credentialName` Secret, the gateway pods a Gateway
 * `selector` picks (installed with the mesh, when the app defines no workload). A `gateway` reference only counts when
 * the app itself defines Gateways in the namespace the reference points to, or when it points to the VirtualService's
 * own namespace while the app defines a Gateway of that name elsewhere: see {@link hasOutOfAppCause}.
 */
export const IN_APP_REFERENCE_VARIANTS: readonly ReferenceVariant[] = ['gateway'];

/** What {@link hasOutOfAppCause} needs to know about the app. */
export interface AppScope {
  /** Namespaces in which the app defines at least one Istio Gateway. */
  readonly gatewayNamespaces: ReadonlySet<string>;
  /** Names of the Istio Gateways the app defines, in any namespace. */
  readonly gatewayNames: ReadonlySet<string>;
  /** `namespace/name` of Gateways the app declares to exist outside it (`IngressGateway.fromGatewayReference`). */
  readonly externalGateways: ReadonlySet<string>;
}

/**
 * The scope of an app from its objects (plain manifests, before or after loading).
 *
 * @param objects - every object of the app.
 * @param namespace - the namespace of objects without `metadata.namespace`.
 * @param externalGateways - `namespace/name` of Gateways the app declares to exist outside it.
 */
export function appScopeOf(objects: readonly unknown[], namespace = 'default', externalGateways: readonly string[] = []): AppScope {
  const gatewayNamespaces = new Set<string>();
  const gatewayNames = new Set<string>();
  for (const object of objects) {
    const o = object as { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } } | null;
    if (o && o.kind === 'Gateway' && typeof o.apiVersion === 'string' && o.apiVersion.startsWith('networking.istio.io/')) {
      gatewayNamespaces.add(typeof o.metadata?.namespace === 'string' ? o.metadata.namespace : namespace);
      if (typeof o.metadata?.name === 'string') {
        gatewayNames.add(o.metadata.name);
      }
    }
  }
  return { gatewayNamespaces, gatewayNames, externalGateways: new Set(externalGateways) };
}

/**
 * True when a reference may name an object outside the app: a variant not in {@link IN_APP_REFERENCE_VARIANTS}, a
 * Gateway the app declares to exist elsewhere, or a Gateway in a namespace in which the app defines none, unless that
 * namespace is the referring VirtualService's own (`referrerNamespace`: a short name resolves there) and the app
 * defines a Gateway of that name in another namespace, which the reference meant. A gateway reference that resolves to
 * no namespace (malformed) is the app's own mistake.
 */
function isOutOfAppReference(reference: FindingReference, scope: AppScope, referrerNamespace: string | undefined): boolean {
  if (!IN_APP_REFERENCE_VARIANTS.includes(reference.variant)) {
    return true;
  }
  if (reference.namespace === undefined) {
    return false;
  }
  if (scope.externalGateways.has(`${reference.namespace}/${reference.name}`)) {
    return true;
  }
  return !scope.gatewayNamespaces.has(reference.namespace) && !(reference.namespace === referrerNamespace && scope.gatewayNames.has(reference.name));
}

/**
 * True when a finding may be caused by an object outside the app, so it must not fail the app's synth:
 *
 * - a code of {@link OUT_OF_APP_CODES};
 * - an `IST0101` whose `reference` variant is not in {@link IN_APP_REFERENCE_VARIANTS} (or that has no `reference`):
 *   destination hosts, ports and subsets, mirror hosts, credential Secrets, gateway pods;
 * - an `IST0101` gateway reference to a namespace in which the app defines no Gateway: a route may bind to a Gateway
 *   another team deploys (`gateways: ['other/ext']`), but a missing Gateway in a namespace where the app defines its
 *   own gateways (`istio-system/missing` next to `istio-system/default-gateway`) is a mistake in the app, and so is a
 *   reference to the VirtualService's own namespace (a short name resolves there) while the app's Gateway of that name
 *   is in another (`gateways: ['web']` in `default`, the app's Gateway `web` in `istio-system`): the finding's `object`
 *   says which namespace the VirtualService is in.
 *
 * @param finding - a finding of `analyze` over the app's objects.
 * @param scope - the app, from {@link appScopeOf}.
 */
export function hasOutOfAppCause(finding: Finding, scope: AppScope): boolean {
  if (OUT_OF_APP_CODES.includes(finding.code)) {
    return true;
  }
  if (finding.code !== 'IST0101') {
    return false;
  }
  return finding.reference === undefined || isOutOfAppReference(finding.reference, scope, finding.object?.namespace);
}

/**
 * The findings that fail an app's synth: `Error` findings that cannot have a cause outside the app
 * ({@link hasOutOfAppCause}).
 *
 * @param findings - the findings of `analyze` over every object of the app.
 * @param scope - the app, from {@link appScopeOf}.
 */
export function synthBlockingFindings(findings: readonly Finding[], scope: AppScope): Finding[] {
  return findings.filter((f) => f.level === 'Error' && !hasOutOfAppCause(f, scope));
}

/**
 * The analysis of an app at synth as a {@link FindingScope}: only the findings {@link synthBlockingFindings} keeps are
 * made. Analyzers of warnings and infos, of {@link OUT_OF_APP_CODES} and of reference variants that are never in the
 * app (destination hosts and subsets, Secrets, gateway pods) do not run; gateway references are checked against the
 * app's Gateway namespaces and names before a finding is made (a reference to a namespace without app Gateways is
 * kept when the app has a Gateway of that name: {@link synthBlockingFindings} then judges it by the VirtualService's
 * namespace).
 *
 * @param scope - the app, from {@link appScopeOf}.
 */
export function synthScope(scope: AppScope): FindingScope {
  return {
    admitsAnalyzer: (analyzer: Analyzer) => analyzer.level === 'Error' && !OUT_OF_APP_CODES.includes(analyzer.code)
      && (analyzer.code !== 'IST0101' || (analyzer.referenceVariants ?? []).some((v) => IN_APP_REFERENCE_VARIANTS.includes(v))),
    admitsReference: (reference: FindingReference) => !isOutOfAppReference(reference, scope, reference.namespace),
  };
}
