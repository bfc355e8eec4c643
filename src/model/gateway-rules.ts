/**
 * The rules istiod's validating webhook applies to a Gateway (reference §i.1; istio/istio
 * `pkg/config/validation/validation.go`, `ValidateGateway`, `validateServer`, `validateServerPort`, `validateTLSOptions`).
 * They run on objects that passed the CRD schema, so every field has its declared type.
 */
import { IstioGateway, IstioServer, IstioServerTls } from './istio-types';
import { ProblemList } from './object-problem';
import { serverHostProblem } from '../istio/host';
import { isDnsLabel, isValidPort } from '../istio/names';
import { isPassthrough } from '../istio/protocol';

/** The `port.protocol` values Istio can parse (case-insensitive); anything else is refused. */
export const ISTIO_PROTOCOLS = ['HTTP', 'HTTPS', 'HTTP2', 'GRPC', 'GRPC-WEB', 'HTTP_PROXY', 'TCP', 'TLS', 'UDP', 'MONGO', 'REDIS', 'MYSQL'];

/** TLS fields that carry certificate material or a client CA. */
const CERTIFICATE_MATERIAL = ['credentialName', 'credentialNames', 'serverCertificate', 'privateKey', 'caCertificates', 'tlsCertificates', 'caCrl'] as const;

/** The webhook's problems with a Gateway. */
export function gatewayProblems(gateway: IstioGateway): ProblemList {
  const problems = new ProblemList('webhook');
  if (!isDnsLabel(gateway.metadata.name)) {
    problems.error('metadata.name', `'${gateway.metadata.name}' is not a DNS-1123 label (lowercase letters, digits and -, no dots, at most 63)`,
      'rename the Gateway (and the references to it)');
  }
  const servers = gateway.spec?.servers ?? [];
  if (servers.length === 0) {
    problems.error('spec.servers', 'a Gateway must have at least one server', 'add a server with port and hosts');
  }
  const portNames = new Map<string, number>();
  servers.forEach((server, i) => {
    const at = `spec.servers[${i}]`;
    checkPort(server, at, problems);
    const name = server.port?.name;
    if (name) {
      const first = portNames.get(name);
      if (first !== undefined) {
        problems.error(`${at}.port.name`, `port name '${name}' is already used by spec.servers[${first}]; port names must be unique within a Gateway`,
          'give each server its own port name');
      } else {
        portNames.set(name, i);
      }
    }
    (server.hosts ?? []).forEach((host, h) => {
      const problem = serverHostProblem(host);
      if (problem) {
        problems.error(`${at}.hosts[${h}]`, `host '${host}' ${problem}`, 'write [namespace/]host, e.g. shop.example.com or */*.example.com');
      }
    });
    if ((server.hosts ?? []).length === 0) {
      problems.error(`${at}.hosts`, 'a server must have at least one host', "add the hosts it serves, or '*'");
    }
    checkTls(server, at, problems);
  });
  return problems;
}

function checkPort(server: IstioServer, at: string, problems: ProblemList): void {
  const port = server.port;
  if (port === undefined) {
    problems.error(`${at}.port`, 'a server must have a port', 'add port: {number, name, protocol}');
    return;
  }
  const unixBind = typeof server.bind === 'string' && server.bind.startsWith('unix://');
  if (!(isValidPort(port.number) || (port.number === 0 && unixBind))) {
    problems.error(`${at}.port.number`, `port ${port.number} is outside 1-65535`, 'use the port Envoy listens on, from 1 to 65535');
  }
  if (!port.name) {
    problems.error(`${at}.port.name`, 'a server port must have a name', 'name it, e.g. http or https-443');
  }
  if (!ISTIO_PROTOCOLS.includes(String(port.protocol).toUpperCase())) {
    problems.error(`${at}.port.protocol`, `'${port.protocol}' is not a protocol Istio knows`, `use one of ${ISTIO_PROTOCOLS.join(', ')}`);
  }
  if (port.targetPort !== undefined) {
    problems.error(`${at}.port.targetPort`, 'targetPort has no effect on a Gateway and is refused', 'remove it; the Service maps ports to the pods');
  }
}

function checkTls(server: IstioServer, at: string, problems: ProblemList): void {
  const protocol = String(server.port?.protocol ?? '').toUpperCase();
  const tls = server.tls;
  const carriesTls = protocol === 'HTTPS' || protocol === 'TLS';
  if (tls === undefined) {
    if (carriesTls) {
      problems.error(`${at}.tls`, `a ${protocol} server must have tls settings`, 'add tls with a mode (SIMPLE, MUTUAL, PASSTHROUGH, ...) and a certificate');
    }
    return;
  }
  const httpFamily = ['HTTP', 'HTTP2', 'GRPC', 'GRPC-WEB', 'HTTP_PROXY'].includes(protocol);
  if (!carriesTls && !httpFamily) {
    problems.error(`${at}.tls`, `a ${protocol} server cannot have tls settings`, 'remove tls, or make the server HTTPS or TLS');
    return;
  }
  if (httpFamily) {
    if (certificateFields(tls).length > 0) {
      problems.error(`${at}.tls`, `a ${protocol} server may have tls only for httpsRedirect, not certificates`, 'make the server HTTPS, or keep only httpsRedirect');
    }
    return;
  }
  if (tls.httpsRedirect) {
    problems.warning(`${at}.tls.httpsRedirect`, `httpsRedirect has no effect on a ${protocol} server`, 'remove it; it belongs on the HTTP server');
  }
  checkCertificates(tls, `${at}.tls`, problems);
}

function certificateFields(tls: IstioServerTls): string[] {
  return CERTIFICATE_MATERIAL.filter((f) => {
    const value = tls[f];
    return value !== undefined && value !== '' && !(Array.isArray(value) && value.length === 0);
  });
}

function checkCertificates(tls: IstioServerTls, at: string, problems: ProblemList): void {
  const mode = tls.mode ?? 'SIMPLE';
  const fields = certificateFields(tls);
  if (isPassthrough(tls.mode)) {
    if (fields.length > 0) {
      problems.warning(at, `${fields.join(', ')} ${fields.length === 1 ? 'is' : 'are'} ignored in ${mode} mode`, 'remove them; passthrough does not terminate TLS');
    }
    return;
  }
  if (mode === 'ISTIO_MUTUAL') {
    if (fields.length > 0) {
      problems.error(at, `ISTIO_MUTUAL uses the gateway's own workload certificate and forbids ${fields.join(', ')}`, 'remove them, or use SIMPLE or MUTUAL');
    }
    return;
  }
  const credential = Boolean(tls.credentialName) || (tls.credentialNames ?? []).length > 0;
  if (!credential) {
    const files = Boolean(tls.serverCertificate) && Boolean(tls.privateKey);
    if (!files && (tls.tlsCertificates ?? []).length === 0) {
      problems.error(at, `${mode} mode needs a certificate: credentialName, or serverCertificate and privateKey`, 'set credentialName to the Secret holding the certificate');
    }
    if ((mode === 'MUTUAL' || mode === 'OPTIONAL_MUTUAL') && !tls.caCertificates) {
      problems.error(`${at}.caCertificates`, `${mode} mode with certificate files needs caCertificates to check client certificates`, 'set caCertificates, or use credentialName');
    }
  }
  if (tls.caCrl && (credential || mode === 'SIMPLE')) {
    problems.error(`${at}.caCrl`, `caCrl cannot be used ${credential ? 'with credentialName' : 'in SIMPLE mode'}`, 'remove caCrl');
  }
}
