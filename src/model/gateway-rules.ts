/**
 * The rules istiod's validating webhook applies to a Gateway (reference §i.1; istio/istio
 * `pkg/config/validation/validation.go`, `ValidateGateway`, `validateServer`, `validateServerPort`, `validateServerBind`,
 * `validateTLSOptions`; `pkg/config/validation/agent/validation.go`, `ValidateNamespaceSlashWildcardHostname`).
 * They run on objects that passed the CRD schema, so every field has its declared type.
 */
import { IstioGateway, IstioServer, IstioServerTls } from './istio-types';
import { ProblemList } from './object-problem';
import { fieldPath } from './shape';
import { refusedAnnotations } from '../istio/annotations';
import { ignoredCipherSuites } from '../istio/cipher-suites';
import { serverHostProblem } from '../istio/host';
import { isDnsLabel, isValidPort, isZonedIpAddress } from '../istio/names';
import { isPassthrough, isTlsProtocol } from '../istio/protocol';

/** The `port.protocol` values Istio can parse (case-insensitive); anything else is refused. */
export const ISTIO_PROTOCOLS = ['HTTP', 'HTTPS', 'HTTP2', 'GRPC', 'GRPC-WEB', 'HTTP_PROXY', 'TCP', 'TLS', 'UDP', 'MONGO', 'REDIS', 'MYSQL'];

/** The protocols istiod treats as HTTP (`protocol.Instance.IsHTTP`): the ones whose servers may carry `httpsRedirect`. */
const HTTP_PROTOCOLS: ReadonlySet<string> = new Set(['HTTP', 'HTTP2', 'GRPC', 'GRPC-WEB', 'HTTP_PROXY']);

/** The prefix of a `bind` that names a Unix domain socket. */
const UNIX_PREFIX = 'unix://';

/** TLS fields that a passthrough server ignores (with a warning). */
const PASSTHROUGH_IGNORED = ['credentialName', 'credentialNames', 'serverCertificate', 'privateKey', 'caCertificates', 'tlsCertificates', 'caCrl'] as const;

/** TLS fields a plain HTTP server may not carry (its tls is only for httpsRedirect). */
const HTTP_FORBIDDEN = ['serverCertificate', 'privateKey', 'caCertificates'] as const;

/** TLS fields that ISTIO_MUTUAL forbids: it uses the gateway's own workload certificate. */
const ISTIO_MUTUAL_FORBIDDEN = ['credentialName', 'credentialNames', 'serverCertificate', 'privateKey', 'caCertificates', 'tlsCertificates'] as const;

/** The webhook's problems with a Gateway. */
export function gatewayProblems(gateway: IstioGateway): ProblemList {
  const problems = new ProblemList('webhook');
  for (const { key, message, fix } of refusedAnnotations(gateway.kind, gateway.metadata.annotations)) {
    problems.error(fieldPath('metadata.annotations', key), message, fix);
  }
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
    checkServer(server, at, problems);
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
    const protocol = protocolOf(server);
    if (server.port !== undefined && server.tls?.httpsRedirect === true && !HTTP_PROTOCOLS.has(protocol)) {
      problems.warning(`${at}.tls.httpsRedirect`, `httpsRedirect has no effect on a ${protocol || 'server without protocol'} server`,
        'remove it; it belongs on the plain HTTP server');
    }
  });
  return problems;
}

/** `port.protocol` in upper case ('' when absent). */
function protocolOf(server: IstioServer): string {
  return String(server.port?.protocol ?? '').toUpperCase();
}

/** validateServer: hosts, port, bind, TLS settings, and whether the protocol allows or needs TLS settings. */
function checkServer(server: IstioServer, at: string, problems: ProblemList): void {
  const hosts = server.hosts ?? [];
  if (hosts.length === 0) {
    problems.error(`${at}.hosts`, 'a server must have at least one host', "add the hosts it serves, or '*'");
  }
  hosts.forEach((host, h) => {
    const problem = serverHostProblem(host);
    if (problem) {
      problems.error(`${at}.hosts[${h}]`, `host '${host}' ${problem}`, 'write [namespace/]host, e.g. shop.example.com or */*.example.com');
    }
  });
  const portValid = checkPort(server, at, problems);
  checkBind(server, at, problems);
  if (server.tls !== undefined) {
    checkTlsOptions(server.tls, `${at}.tls`, HTTP_PROTOCOLS.has(protocolOf(server)), problems);
  }
  if (!portValid) {
    return;
  }
  const protocol = protocolOf(server);
  const tls = server.tls;
  if (isTlsProtocol(protocol)) {
    if (tls === undefined) {
      problems.error(`${at}.tls`, `a ${protocol} server must have tls settings`, 'add tls with a mode (SIMPLE, MUTUAL, PASSTHROUGH, ...) and a certificate');
    }
  } else if (tls !== undefined) {
    if (!HTTP_PROTOCOLS.has(protocol)) {
      problems.error(`${at}.tls`, `a ${protocol} server cannot have tls settings`, 'remove tls, or make the server HTTPS or TLS');
    } else {
      const terminating = [isPassthrough(tls.mode) ? undefined : `mode ${tls.mode}`, ...setFields(tls, HTTP_FORBIDDEN)].filter((f) => f !== undefined);
      if (terminating.length > 0) {
        problems.error(`${at}.tls`, `a ${protocol} server may have tls only for httpsRedirect, not ${terminating.join(', ')}`,
          'make the server HTTPS to terminate TLS, or keep only httpsRedirect');
      }
    }
  }
}

/** validateServerPort; true when the port has no problem. */
function checkPort(server: IstioServer, at: string, problems: ProblemList): boolean {
  const port = server.port;
  if (port === undefined) {
    problems.error(`${at}.port`, 'a server must have a port', 'add port: {number, name, protocol}');
    return false;
  }
  const before = problems.problems.length;
  const unixBind = typeof server.bind === 'string' && server.bind.startsWith(UNIX_PREFIX);
  if (!(isValidPort(port.number) || (port.number === 0 && unixBind))) {
    problems.error(`${at}.port.number`, `port ${port.number} is outside 1-65535`, 'use the port Envoy listens on, from 1 to 65535');
  }
  if (!port.name) {
    problems.error(`${at}.port.name`, 'a server port must have a name', 'name it, e.g. http or https-443');
  }
  if (!ISTIO_PROTOCOLS.includes(protocolOf(server))) {
    problems.error(`${at}.port.protocol`, `'${port.protocol}' is not a protocol Istio knows`, `use one of ${ISTIO_PROTOCOLS.join(', ')}`);
  }
  if (port.targetPort !== undefined && port.targetPort > 0) {
    problems.error(`${at}.port.targetPort`, 'targetPort has no effect on a Gateway and is refused', 'remove it; the Service maps ports to the pods');
  }
  return problems.problems.length === before;
}

/** validateServerBind: an IP address, or `unix://` and an absolute socket path (or `@abstract` name) with port 0. */
function checkBind(server: IstioServer, at: string, problems: ProblemList): void {
  const bind = server.bind;
  if (bind === undefined || bind === '') {
    return;
  }
  if (!bind.startsWith(UNIX_PREFIX)) {
    if (!isZonedIpAddress(bind)) {
      problems.error(`${at}.bind`, `bind '${bind}' is not an IP address`, 'write the IP address to listen on (e.g. 0.0.0.0), or unix:///path/to/socket');
    }
    return;
  }
  const path = bind.slice(UNIX_PREFIX.length);
  if (path === '') {
    problems.error(`${at}.bind`, `bind '${bind}' names no socket path`, 'write unix:// and an absolute path, e.g. unix:///var/run/gateway.sock');
  } else if (!path.startsWith('@') && (!path.startsWith('/') || path.endsWith('/'))) {
    problems.error(`${at}.bind`, `bind '${bind}': '${path}' is not an absolute path to a file`, 'write unix:// and an absolute path, e.g. unix:///var/run/gateway.sock');
  }
  const number = server.port?.number;
  if (number !== undefined && number !== 0) {
    problems.error(`${at}.port.number`, `port ${number} is set on a server bound to a Unix domain socket`, 'set port.number to 0 for a unix:// bind');
  }
}

/** The TLS fields of `fields` that are set (non-empty). */
function setFields(tls: IstioServerTls, fields: readonly (keyof IstioServerTls)[]): string[] {
  return fields.filter((f) => {
    const value = tls[f];
    return value !== undefined && value !== '' && value !== false && !(Array.isArray(value) && value.length === 0);
  });
}

/** validateTLSOptions: protocol versions, cipher suites, and the certificate sources each mode needs or forbids. */
function checkTlsOptions(tls: IstioServerTls, at: string, plainHttp: boolean, problems: ProblemList): void {
  const ciphers = tls.cipherSuites ?? [];
  if ((tls.minProtocolVersion === 'TLSV1_0' || tls.minProtocolVersion === 'TLSV1_1') && ciphers.length === 0) {
    problems.warning(`${at}.minProtocolVersion`, `${tls.minProtocolVersion} needs cipherSuites: Envoy's default suites no longer include ones TLS below 1.2 can use`,
      'list the cipherSuites the old clients support, or use TLSV1_2');
  }
  checkCipherSuites(ciphers, `${at}.cipherSuites`, problems);
  const mode = tls.mode ?? 'PASSTHROUGH';
  if (mode === 'ISTIO_MUTUAL') {
    for (const field of setFields(tls, ISTIO_MUTUAL_FORBIDDEN)) {
      problems.error(`${at}.${field}`, `ISTIO_MUTUAL uses the gateway's own workload certificate and forbids ${field}`, `remove ${field}, or use SIMPLE or MUTUAL`);
    }
    return;
  }
  if (isPassthrough(tls.mode)) {
    const ignored = setFields(tls, PASSTHROUGH_IGNORED);
    if (ignored.length > 0) {
      problems.warning(at, `${ignored.join(', ')} ${ignored.length === 1 ? 'is' : 'are'} ignored in ${mode} mode${tls.mode === undefined ? ' (the default when mode is omitted)' : ''}`,
        plainHttp ? 'remove them; a plain HTTP server does not terminate TLS' : 'remove them, or set mode SIMPLE to terminate TLS');
    }
  }
  const sources = [
    tls.serverCertificate && tls.privateKey ? 'serverCertificate/privateKey' : undefined,
    tls.credentialName ? 'credentialName' : undefined,
    (tls.credentialNames ?? []).length > 0 ? 'credentialNames' : undefined,
    (tls.tlsCertificates ?? []).length > 0 ? 'tlsCertificates' : undefined,
  ].filter((s): s is string => s !== undefined);
  if (sources.length > 1) {
    problems.error(at, `only one certificate source may be set, found ${sources.join(', ')}`, 'keep one of them (credentialName is the usual one)');
  }
  const terminating = mode === 'SIMPLE' || mode === 'MUTUAL' || mode === 'OPTIONAL_MUTUAL';
  const credential = Boolean(tls.credentialName) || (tls.credentialNames ?? []).length > 0;
  if (terminating && credential) {
    return;
  }
  if (terminating) {
    checkCertificateFiles(tls, mode, at, problems);
  }
  if (tls.caCrl) {
    if (tls.credentialName) {
      problems.error(`${at}.caCrl`, 'caCrl cannot be used with credentialName', 'put the revocation list in the credential Secret (ca.crl), and remove caCrl');
    }
    if (mode === 'SIMPLE') {
      problems.error(`${at}.caCrl`, 'caCrl cannot be used in SIMPLE mode (no client certificates to revoke)', 'remove caCrl, or use MUTUAL');
    }
  }
}

/** The certificate files a terminating mode needs when no credential is named. */
function checkCertificateFiles(tls: IstioServerTls, mode: string, at: string, problems: ProblemList): void {
  const mutual = mode !== 'SIMPLE';
  if (mutual && !tls.caCertificates) {
    problems.error(`${at}.caCertificates`, `${mode} mode with certificate files needs caCertificates to check client certificates`, 'set caCertificates, or use credentialName');
  }
  const pairs = tls.tlsCertificates ?? [];
  if (pairs.length > 2) {
    problems.warning(`${at}.tlsCertificates`, `${pairs.length} tlsCertificates are listed; a server supports at most 2 (one RSA, one ECDSA)`, 'keep at most 2');
  }
  if (pairs.length === 0) {
    if (!tls.serverCertificate && !tls.privateKey) {
      problems.error(at, `${mode} mode needs a certificate: credentialName, or serverCertificate and privateKey`, 'set credentialName to the Secret holding the certificate');
    } else {
      checkPair(tls, mode, at, problems);
    }
  }
  pairs.forEach((pair, p) => checkPair(pair, mode, `${at}.tlsCertificates[${p}]`, problems));
}

/** A certificate file and its key, as a server or a `tlsCertificates` entry names them. */
type CertificatePair = Pick<IstioServerTls, 'serverCertificate' | 'privateKey'>;

/** A certificate pair needs both files. */
function checkPair(pair: CertificatePair, mode: string, at: string, problems: ProblemList): void {
  if (!pair.serverCertificate) {
    problems.error(`${at}.serverCertificate`, `${mode} mode needs serverCertificate beside privateKey`, 'set the path of the certificate file');
  }
  if (!pair.privateKey) {
    problems.error(`${at}.privateKey`, `${mode} mode needs privateKey beside serverCertificate`, 'set the path of the key file');
  }
}

/** Unknown and repeated cipher suite names: istiod drops them, with a warning. */
function checkCipherSuites(ciphers: readonly string[], at: string, problems: ProblemList): void {
  const { unknown, repeated } = ignoredCipherSuites(ciphers);
  if (unknown.length > 0) {
    problems.warning(at, `unknown cipher suites ${unknown.join(', ')} are ignored`,
      'use BoringSSL cipher names such as ECDHE-RSA-AES128-GCM-SHA256 or ECDHE-ECDSA-AES256-GCM-SHA384');
  }
  if (repeated.length > 0) {
    problems.warning(at, `repeated cipher suites ${repeated.join(', ')} are ignored`, 'list each cipher suite once');
  }
}
