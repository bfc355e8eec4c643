/**
 * CIG1014 GatewaySecretsInControlPlaneNamespace: a gateway workload of the manifests runs in the control plane's
 * namespace, `istio-system`, and can read the Secrets there. istiod keeps its CA key in that namespace
 * (`istio-ca-secret`, or `cacerts` with a plugged-in CA), so whoever takes over the internet-facing gateway pod could
 * read the key and sign certificates for any workload of the mesh.
 *
 * A gateway can read those Secrets when its ServiceAccount (the pod's `serviceAccountName`, `default` when unset) is
 * bound, by a RoleBinding in `istio-system` or a ClusterRoleBinding of the manifests, to a role that allows get, list or
 * watch on `secrets` (see secret-readers.ts); and when a Gateway selecting it has a terminating server with
 * `credentialName`, `credentialNames` or `caCertCredentialName`, since istiod sends those certificates only to a
 * gateway whose ServiceAccount may list the Secrets of its namespace (istio/istio
 * `pilot/pkg/credentials/kube/secrets.go`, `CredentialsController.Authorize`, asked by `pilot/pkg/xds/sds.go`,
 * `filterAuthorizedResources`, for every Secret but the CA-only `<name>-cacert` ones), so such a gateway is granted that
 * somewhere, in the manifests or beside them. The default ingress gateway the analysis may assume is no manifest's
 * workload and is not judged.
 */
import { serversOf } from '../../engine/servers';
import { CONTROL_PLANE_NAMESPACE } from '../../istio/control-plane';
import { Analyzer, finding } from '../analyzer';
import { Finding } from '../finding';
import { manifestGatewayPods } from '../manifest-gateway-pods';
import { SecretReadGrant, secretReadGrants } from '../secret-readers';

/** The modes whose servers istiod gives certificates from Secrets (ISTIO_MUTUAL uses the workload certificate). */
const TERMINATING = new Set(['SIMPLE', 'MUTUAL', 'OPTIONAL_MUTUAL']);

/** CIG1014 for gateway workloads in istio-system that can read its Secrets. */
export const gatewaySecretsInControlPlaneNamespace: Analyzer = {
  code: 'CIG1014',
  name: 'GatewaySecretsInControlPlaneNamespace',
  level: 'Warning',
  description: 'A gateway workload runs in istio-system, where istiod keeps its CA key, and can read the Secrets there: a role of the manifests '
    + 'lets its ServiceAccount get, list or watch them, or a Gateway selecting it serves credentialName certificates, which istiod allows '
    + 'only to a gateway that may list them.',
  fix: 'Run the gateway (its Deployment, Service, ServiceAccount, Role and certificate Secrets) in a namespace of its own, e.g. istio-ingress; '
    + 'Gateways and routes keep selecting it by its labels.',
  analyze(context) {
    const findings: Finding[] = [];
    // Pods of one ServiceAccount share its grants: the RBAC objects are read once per ServiceAccount.
    const grants = new Map<string, SecretReadGrant[]>();
    for (const { pod, gateways } of manifestGatewayPods(context)) {
      if (pod.namespace !== CONTROL_PLANE_NAMESPACE) continue;
      const serviceAccount = pod.spec.serviceAccountName ?? 'default';
      let granted = grants.get(serviceAccount);
      if (granted === undefined) {
        granted = secretReadGrants(context.objects, pod.namespace, serviceAccount);
        grants.set(serviceAccount, granted);
      }
      const reasons = granted.map((g) => `${g.binding} grants ServiceAccount `
        + `${pod.namespace}/${serviceAccount} ${g.verbs.join(', ')} on its Secrets (${g.role})`);
      for (const gateway of gateways) {
        const servers = serversOf(gateway).filter((s) => s.tlsMode !== undefined && TERMINATING.has(s.tlsMode) && s.kind !== 'http'
          && (Boolean(s.tls?.credentialName) || (s.tls?.credentialNames ?? []).length > 0 || Boolean(s.tls?.caCertCredentialName)));
        if (servers.length > 0) {
          reasons.push(`Gateway ${gateway.metadata.namespace}/${gateway.metadata.name} serves Secret certificates (server `
            + `${servers.map((s) => s.portName || s.port).join(', ')}), which istiod sends only to a gateway allowed to list the Secrets of its namespace`);
        }
      }
      if (reasons.length === 0) continue;
      findings.push(finding(this, pod.owner, `the gateway runs in ${CONTROL_PLANE_NAMESPACE}, the control plane's namespace, and can read its `
        + `Secrets: ${reasons.join('; ')}. istiod keeps its CA key there (istio-ca-secret, or cacerts), so whoever takes over this `
        + 'internet-facing pod could sign certificates for any workload of the mesh: run the gateway in a namespace of its own (e.g. istio-ingress)'));
    }
    return findings;
  },
};
