/**
 * IST0133 SchemaWarning: what istiod's validating webhook accepts with a warning (reference §i):
 * legacy `name.namespace.svc.cluster.local` gateway references, certificate fields on a
 * passthrough server (ignored), `httpsRedirect` on a server that is not HTTP.
 */
import { isHttpFamily } from '../../istio/protocol';
import { Analyzer, finding } from '../analyzer';
import { Finding } from '../finding';
import { certificateFieldsOf, gatewayReferencesOf } from '../istio-fields';

/** IST0133 for the webhook warnings of §i that concern gateways. */
export const schemaWarning: Analyzer = {
  code: 'IST0133',
  name: 'SchemaWarning',
  level: 'Warning',
  description: 'istiod\'s validating webhook accepts the object with a warning: a legacy gateway reference, ignored certificates, or a misplaced httpsRedirect.',
  fix: 'Write gateway references as namespace/name, drop certificates from passthrough servers (or set a terminating mode), and use httpsRedirect on HTTP servers only.',
  analyze(context) {
    const findings: Finding[] = [];
    for (const vs of context.virtualServices) {
      for (const { path, reference } of gatewayReferencesOf(vs)) {
        if (reference.includes('/') || !reference.includes('.')) continue;
        const [name, namespace] = reference.split('.');
        findings.push(finding(this, vs, `${path}: gateway reference '${reference}' uses the legacy dotted form; `
          + `write it as '${namespace}/${name}'`));
      }
    }
    for (const gateway of context.gateways) {
      (gateway.spec?.servers ?? []).forEach((server, i) => {
        const tls = server.tls;
        if (tls === undefined) return;
        const protocol = (server.port?.protocol ?? '').toUpperCase();
        const mode = (tls.mode ?? 'PASSTHROUGH').toUpperCase();
        const certificates = certificateFieldsOf(tls);
        if ((mode === 'PASSTHROUGH' || mode === 'AUTO_PASSTHROUGH') && certificates.length > 0) {
          findings.push(finding(this, gateway, `spec.servers[${i}].tls: ${certificates.join(', ')} ignored: `
            + `mode ${mode}${tls.mode === undefined ? ' (the default when mode is omitted)' : ''} does not terminate TLS`));
        }
        if (tls.httpsRedirect === true && !isHttpFamily(protocol)) {
          findings.push(finding(this, gateway, `spec.servers[${i}].tls.httpsRedirect: only HTTP servers redirect to https; `
            + `it has no effect on a ${protocol || 'server without protocol'}`));
        }
      });
    }
    return findings;
  },
};
