/**
 * The certificate each TLS-terminating server of a local gateway presents, and the client CA of MUTUAL servers: given
 * with the gateway's options, read from a Secret in the manifests (the `credentialName` istiod would read), or made
 * for the test by a test CA, for the SNI name the client asked for.
 */
import * as tls from 'tls';
import { GatewayServer } from '../engine/servers';
import { KubeObject } from '../manifests/kube-object';
import { KubeSecret } from '../model/core-types';
import { credentialKeyPair, secretValue } from '../model/secret-data';
// The X.509 library is loaded only when a certificate has to be made: a plaintext gateway never loads it.
type TestCertificates = typeof import('./test-certificates');
type TestCertificateAuthority = TestCertificates['TestCertificateAuthority']['prototype'];

/** PEM material of a server certificate. */
export interface TlsMaterial {
  /** Certificate chain (PEM). */
  readonly cert: string;
  /** Private key (PEM). */
  readonly key: string;
  /**
   * CA certificates (PEM) that client certificates must chain to, for MUTUAL servers.
   * @default - the Secret's `ca.crt`, or the `<credentialName>-cacert` Secret's, else the gateway's test CA
   */
  readonly ca?: string;
}

/** How a TLS-terminating filter chain handshakes. */
export interface ServerTlsOptions {
  /** The certificate and key. */
  readonly secureContext: tls.SecureContext;
  /** True when the server asks for a client certificate (MUTUAL, OPTIONAL_MUTUAL, ISTIO_MUTUAL). */
  readonly requestCert: boolean;
  /** True when a client without a valid certificate is refused (MUTUAL, ISTIO_MUTUAL). */
  readonly requireClientCertificate: boolean;
}

const TLS_VERSIONS: Readonly<Record<string, tls.SecureVersion>> = {
  TLSV1_0: 'TLSv1', TLSV1_1: 'TLSv1.1', TLSV1_2: 'TLSv1.2', TLSV1_3: 'TLSv1.3',
};

/** Where a server's certificate comes from, and the test CA that makes the missing ones. */
export class ServerCredentials {
  private authority?: Promise<TestCertificateAuthority>;
  private readonly contexts = new Map<string, Promise<ServerTlsOptions>>();
  private readonly secrets: ReadonlyMap<string, KubeSecret>;

  /**
   * @param objects - the manifests: Secrets named by `credentialName` are read from the gateway workload's namespace.
   * @param namespace - the gateway workload's namespace.
   * @param given - certificates given with the gateway's options, by `credentialName` (or a server's
   *   `serverCertificate` path), which win over Secrets.
   */
  constructor(objects: readonly KubeObject[], namespace: string, private readonly given: Readonly<Record<string, TlsMaterial>>) {
    this.secrets = new Map(objects
      .filter((o): o is KubeSecret => o.kind === 'Secret' && o.apiVersion === 'v1' && (o.metadata.namespace ?? 'default') === namespace)
      .map((s) => [s.metadata.name, s]));
  }

  /** The test CA, made on first use; its certificate is what clients of generated certificates trust. */
  public testAuthority(): Promise<TestCertificateAuthority> {
    if (this.authority === undefined) {
      this.authority = import('./test-certificates').then((m) => m.TestCertificateAuthority.create({ commonName: 'cdk8s-istio-gateway test CA' }));
    }
    return this.authority;
  }

  /** True once a certificate was made by the test CA. */
  public get madeTestCertificates(): boolean {
    return this.authority !== undefined;
  }

  /** The handshake settings of `server` for a client that sent `sni` (empty when it sent none). */
  public optionsFor(server: GatewayServer, sni: string): Promise<ServerTlsOptions> {
    const material = this.materialOf(server);
    // Given or read material is the same whatever the SNI; a certificate made for the test is made per SNI name.
    const cacheKey = `${server.gatewayKey}#${server.index}|${material === undefined ? sni : ''}`;
    let options = this.contexts.get(cacheKey);
    if (options === undefined) {
      options = this.build(server, sni, material);
      this.contexts.set(cacheKey, options);
    }
    return options;
  }

  private async build(server: GatewayServer, sni: string, material: TlsMaterial | undefined): Promise<ServerTlsOptions> {
    const mode = server.tlsMode ?? 'SIMPLE';
    const requestCert = mode === 'MUTUAL' || mode === 'OPTIONAL_MUTUAL' || mode === 'ISTIO_MUTUAL';
    const pair = material ?? await (await this.testAuthority()).issueServer([certificateName(server, sni)]);
    let ca: string | undefined;
    if (requestCert) {
      ca = material?.ca ?? this.clientCaOf(server) ?? (await this.testAuthority()).certificate;
    }
    const tlsSettings = server.tls ?? {};
    const secureContext = tls.createSecureContext({
      cert: pair.cert,
      key: pair.key,
      ...(ca === undefined ? {} : { ca }),
      // istiod's gateway default is TLS 1.2 at least (meshConfig.tlsDefaults); Envoy's own default too.
      minVersion: TLS_VERSIONS[(tlsSettings.minProtocolVersion ?? 'TLSV1_2').toUpperCase()] ?? 'TLSv1.2',
      ...(tlsSettings.maxProtocolVersion && TLS_VERSIONS[tlsSettings.maxProtocolVersion.toUpperCase()]
        ? { maxVersion: TLS_VERSIONS[tlsSettings.maxProtocolVersion.toUpperCase()] } : {}),
      ...(tlsSettings.cipherSuites?.length ? { ciphers: tlsSettings.cipherSuites.join(':') } : {}),
    });
    return { secureContext, requestCert, requireClientCertificate: mode === 'MUTUAL' || mode === 'ISTIO_MUTUAL' };
  }

  /** The given or Secret material of a server, or undefined when a certificate must be made for it. */
  private materialOf(server: GatewayServer): TlsMaterial | undefined {
    const settings = server.tls ?? {};
    const names = [settings.credentialName, ...settings.credentialNames ?? [], settings.serverCertificate].filter((n): n is string => !!n);
    for (const name of names) {
      const given = this.given[name];
      if (given !== undefined) {
        return given;
      }
    }
    for (const name of [settings.credentialName, ...settings.credentialNames ?? []]) {
      const secret = name === undefined ? undefined : this.secrets.get(name);
      const pair = secret === undefined ? undefined : credentialKeyPair(secret);
      if (pair !== undefined) {
        return pair;
      }
    }
    return undefined;
  }

  /**
   * The client CA of a MUTUAL server as istiod finds it: `caCertCredentialName`'s Secret, the `ca.crt` (or `cacert`)
   * key of the credential's Secret, or the `<credentialName>-cacert` Secret.
   */
  private clientCaOf(server: GatewayServer): string | undefined {
    const settings = server.tls ?? {};
    const given = settings.credentialName === undefined ? undefined : this.given[settings.credentialName]?.ca;
    if (given !== undefined) {
      return given;
    }
    const candidates = [
      settings.caCertCredentialName,
      settings.credentialName,
      settings.credentialName === undefined ? undefined : `${settings.credentialName}-cacert`,
    ];
    for (const name of candidates) {
      const secret = name === undefined ? undefined : this.secrets.get(name);
      const ca = secret && (secretValue(secret, 'ca.crt') ?? secretValue(secret, 'cacert'));
      if (ca) {
        return ca;
      }
    }
    return undefined;
  }
}

/** The name a made certificate is for: the client's SNI, else the server's first host without its namespace. */
function certificateName(server: GatewayServer, sni: string): string {
  if (sni !== '') {
    return sni;
  }
  const host = server.hosts.map((h) => h.slice(h.indexOf('/') + 1)).find((h) => h !== '*' && !h.startsWith('*'));
  return host ?? 'localhost';
}
