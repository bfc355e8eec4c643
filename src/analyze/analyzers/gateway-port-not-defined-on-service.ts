/**
 * IST0162 GatewayPortNotDefinedOnService: a Gateway server port that no Service of the gateway
 * pods exposes (as a port or a numeric targetPort), so no traffic reaches it through the Service.
 * The pods and Services include the default ingress gateway the analysis assumes, as
 * `istioctl analyze` does for files.
 */
import { selects } from '../../engine/model';
import { Analyzer, finding } from '../analyzer';
import { DEFAULT_INGRESS_DESCRIPTION } from '../default-ingress';
import { Finding } from '../finding';

/** IST0162 for every Gateway server whose port the pods' Services do not expose. */
export const gatewayPortNotDefinedOnService: Analyzer = {
  code: 'IST0162',
  name: 'GatewayPortNotDefinedOnService',
  level: 'Warning',
  description: 'A Gateway server port is neither a port nor a numeric targetPort of any Service selecting the gateway pods.',
  fix: 'Add the port to the gateway Service, or use a port the Service exposes.',
  analyze(context) {
    const findings: Finding[] = [];
    const assumedService = context.defaultIngress?.service;
    for (const gateway of context.gateways) {
      const selector = gateway.spec?.selector ?? {};
      const pods = context.gatewayPods().filter((p) => selects(selector, p.labels));
      if (pods.length === 0) {
        continue;
      }
      const ports = new Set<number>();
      let assumed = false;
      for (const service of context.gatewayServices()) {
        const serviceSelector = service.spec?.selector;
        if (!serviceSelector || Object.keys(serviceSelector).length === 0
          || !pods.some((p) => p.namespace === service.metadata.namespace && selects(serviceSelector, p.labels))) {
          continue;
        }
        assumed ||= service === assumedService;
        for (const port of service.spec?.ports ?? []) {
          if ((port.protocol ?? 'TCP') !== 'TCP') continue;
          ports.add(port.port);
          if (typeof port.targetPort === 'number') ports.add(port.targetPort);
        }
      }
      const included = assumed ? `, the assumed default ingress Service ${DEFAULT_INGRESS_DESCRIPTION} included` : '';
      for (const server of gateway.spec?.servers ?? []) {
        const number = server.port?.number;
        if (typeof number === 'number' && !ports.has(number)) {
          findings.push(finding(this, gateway, `server ${server.port?.name ?? number} listens on port ${number}, which no Service of the `
            + `gateway pods (selector ${Object.entries(selector).map(([k, v]) => `${k}=${v}`).join(',')}) exposes${included}; `
            + 'traffic through the Service never reaches it: add the port to the gateway Service'));
        }
      }
    }
    return findings;
  },
};
