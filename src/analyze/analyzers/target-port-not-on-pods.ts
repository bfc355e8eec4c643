/**
 * CIG1008 TargetPortNotOnPods: a Service's named targetPort that no container of the pods it
 * selects declares; Kubernetes then has no endpoint port and the Service carries no traffic to
 * them (istiod also skips the port when translating gateway ports, reference §a.3).
 */
import { Analyzer, finding } from '../analyzer';
import { Finding } from '../finding';
import { podsSelectedBy } from '../lookup';

/** CIG1008 for named targetPorts that the selected pods (as the manifests hold them) do not declare. */
export const targetPortNotOnPods: Analyzer = {
  code: 'CIG1008',
  name: 'TargetPortNotOnPods',
  level: 'Error',
  description: 'A Service port names a targetPort that no container port of the selected pods carries, so the Service forwards nothing on it.',
  fix: 'Name the container port as the targetPort says, or use a numeric targetPort.',
  analyze(context) {
    const findings: Finding[] = [];
    for (const service of context.services) {
      const selector = service.spec?.selector;
      if (!selector || Object.keys(selector).length === 0) continue;
      const selected = podsSelectedBy(context, service.metadata.namespace, selector);
      if (selected.length === 0) continue;
      const containers = selected.flatMap((pod) => pod.spec.containers ?? []);
      const names = new Set(containers.flatMap((c) => c.ports ?? []).map((containerPort) => containerPort.name));
      for (const port of service.spec?.ports ?? []) {
        const target = port.targetPort;
        if (typeof target !== 'string' || /^\d+$/.test(target) || names.has(target)) continue;
        findings.push(finding(this, service, `port ${port.name ?? port.port} targets container port '${target}', which no container of `
          + `${[...new Set(selected.map((p) => context.resource(p.owner)))].join(', ')} declares; the Service forwards nothing on it`));
      }
    }
    return findings;
  },
};
