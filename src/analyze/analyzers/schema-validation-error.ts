/**
 * IST0106 SchemaValidationError: an Istio object that the API server (vendored CRD schema) or
 * istiod's validating webhook (reference §i) would refuse. One finding per problem.
 */
import { isKind, ISTIO_NETWORKING, Json, specOf } from '../../engine/model';
import { MESH_GATEWAY } from '../../istio/gateway-reference';
import { serverHostProblem, wildcardDomainProblem } from '../../istio/host';
import { KubeObject } from '../../manifests/kube-object';
import { CrdSchemaValidator } from '../../schema/crd-schema-validator';
import { Analyzer, finding } from '../analyzer';
import { Finding } from '../finding';
import { cachedRe2Problem, matchesOf, RULE_SECTIONS, rulesOf, stringMatchesOf } from '../istio-fields';

/** True for objects of an `*.istio.io` API group. */
function isIstioObject(obj: KubeObject): boolean {
  const slash = obj.apiVersion.lastIndexOf('/');
  const group = slash < 0 ? '' : obj.apiVersion.slice(0, slash);
  return group === 'istio.io' || group.endsWith('.istio.io');
}

/** The webhook's Gateway rules that matter most: host syntax, unique port names, `tls` on HTTPS/TLS servers. */
function gatewayProblems(gateway: KubeObject): Array<[string, string]> {
  const problems: Array<[string, string]> = [];
  const servers: Json[] = Array.isArray(specOf(gateway).servers) ? specOf(gateway).servers : [];
  const portNames = new Map<string, number>();
  servers.forEach((server, i) => {
    const at = `spec.servers[${i}]`;
    ((Array.isArray(server?.hosts) ? server.hosts : []) as unknown[]).forEach((host, h) => {
      const problem = typeof host === 'string' ? serverHostProblem(host) : undefined;
      if (problem) problems.push([`${at}.hosts[${h}]`, `host '${host}' ${problem}`]);
    });
    const name = server?.port?.name;
    if (typeof name === 'string' && name !== '') {
      const first = portNames.get(name);
      if (first !== undefined) {
        problems.push([`${at}.port.name`, `port name '${name}' is already used by spec.servers[${first}]; port names must be unique within a Gateway`]);
      } else {
        portNames.set(name, i);
      }
    }
    const protocol = String(server?.port?.protocol ?? '').toUpperCase();
    if ((protocol === 'HTTPS' || protocol === 'TLS') && !server?.tls) {
      problems.push([`${at}.tls`, `a ${protocol} server must have tls settings (mode and certificate)`]);
    }
  });
  return problems;
}

/** True when the VirtualService applies to sidecars: no `gateways`, or `mesh` among them. */
function appliesToMesh(spec: Json): boolean {
  const gateways: unknown[] = Array.isArray(spec.gateways) ? spec.gateways : [];
  return gateways.length === 0 || gateways.includes(MESH_GATEWAY);
}

/** The webhook's VirtualService rules that matter most: hosts, weights, regexes, redirect and direct response codes. */
function virtualServiceProblems(vs: KubeObject): Array<[string, string]> {
  const problems: Array<[string, string]> = [];
  const spec = specOf(vs);
  ((Array.isArray(spec.hosts) ? spec.hosts : []) as unknown[]).forEach((host, h) => {
    if (typeof host !== 'string') return;
    const problem = host === '*' && appliesToMesh(spec)
      ? 'is \'*\', which is only allowed for a VirtualService bound to gateways only (not to mesh)'
      : wildcardDomainProblem(host, false);
    if (problem) problems.push([`spec.hosts[${h}]`, `host '${host}' ${problem}`]);
  });
  for (const section of RULE_SECTIONS) {
    rulesOf(spec, section).forEach((rule, r) => {
      const at = `spec.${section}[${r}]`;
      ((Array.isArray(rule?.route) ? rule.route : []) as Json[]).forEach((destination, d) => {
        if (typeof destination?.weight === 'number' && destination.weight < 0) {
          problems.push([`${at}.route[${d}].weight`, `weight ${destination.weight} is negative`]);
        }
      });
      if (section !== 'http') return;
      matchesOf(rule).forEach((match, m) => {
        for (const field of stringMatchesOf(match)) {
          if (field.match?.regex === undefined) continue;
          const problem = cachedRe2Problem(String(field.match.regex));
          if (problem) problems.push([`${at}.match[${m}].${field.path}.regex`, `regex '${field.match.regex}' ${problem}`]);
        }
      });
      const code = rule?.redirect?.redirectCode;
      if (typeof code === 'number' && (code < 300 || code > 399)) {
        problems.push([`${at}.redirect.redirectCode`, `redirect code ${code} is not a 3xx code (300-399)`]);
      }
      const status = rule?.directResponse?.status;
      if (typeof status === 'number' && (status < 200 || status > 600)) {
        problems.push([`${at}.directResponse.status`, `status ${status} is outside 200-600`]);
      }
    });
  }
  return problems;
}

/** IST0106 for CRD schema violations of Istio objects and the main webhook rules of §i. */
export const schemaValidationError: Analyzer = {
  code: 'IST0106',
  name: 'SchemaValidationError',
  level: 'Error',
  description: 'An Istio object violates its CRD schema or a rule of istiod\'s validating webhook, so the API server refuses it.',
  fix: 'Correct the field the message names.',
  analyze(context) {
    const validator = CrdSchemaValidator.bundled();
    const findings: Finding[] = [];
    for (const obj of context.objects) {
      if (!isIstioObject(obj)) continue;
      const problems: Array<[string, string]> = [
        ...validator.validate(obj).map((p): [string, string] => [p.path || '(object)', p.message]),
        ...(isKind(obj, ISTIO_NETWORKING, 'Gateway') ? gatewayProblems(obj) : []),
        ...(isKind(obj, ISTIO_NETWORKING, 'VirtualService') ? virtualServiceProblems(obj) : []),
      ];
      for (const [path, message] of problems) {
        findings.push(finding(this, context.resource(obj), `${path}: ${message}; the API server refuses the object`));
      }
    }
    return findings;
  },
};
