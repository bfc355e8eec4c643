/**
 * Certificates made for a test: a certificate authority of its own, and server and client certificates it signs, so a
 * gateway listener can terminate TLS (and ask for client certificates) when the user supplied no certificate.
 *
 * The certificates are built with `@peculiar/x509`: written in TypeScript, it signs with Node's own WebCrypto (no
 * native code, no install script, no cryptography of its own), makes ECDSA P-256 keys, which take a few milliseconds
 * where RSA keys take tens, and is kept up to date by the PeculiarVentures team, whose ASN.1 packages other
 * certificate libraries (`selfsigned` among them) build on. `node-forge` would bring its own JavaScript cryptography and
 * cannot sign with ECDSA. The library needs a Reflect metadata polyfill (`reflect-metadata`, which adds
 * `Reflect.getMetadata` and its kin to the global `Reflect`), so this module loads both, and only this module does: the
 * gateway requires it when it first needs a certificate.
 */
import 'reflect-metadata';
import { webcrypto } from 'crypto';
import { isIP } from 'net';
import * as x509 from '@peculiar/x509';

/** A certificate and its private key, both PEM: what `tls.createServer` takes as `cert` and `key`. */
export interface PemCertificate {
  /** The certificate (PEM `CERTIFICATE`). */
  readonly cert: string;
  /** Its private key (PEM `PRIVATE KEY`, PKCS #8). */
  readonly key: string;
}

/** Options of {@link TestCertificateAuthority.create}. */
export interface TestCertificateAuthorityOptions {
  /**
   * The authority's common name.
   * @default 'cdk8s-istio-gateway test CA'
   */
  readonly commonName?: string;
}

/** Subject alternative names of a client certificate. */
export interface ClientCertificateOptions {
  /**
   * URI names, such as a SPIFFE identity (`spiffe://cluster.local/ns/default/sa/sleep`).
   * @default - none
   */
  readonly uris?: readonly string[];
  /**
   * DNS names.
   * @default - none
   */
  readonly dnsNames?: readonly string[];
}

/** ECDSA on P-256 with SHA-256, for keys and signatures. */
const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
/** How long before its creation a certificate is already valid: clocks of the machines in a test may differ a little. */
const BACKDATE_MS = 60 * 60 * 1000;
/** How long after its creation a certificate stays valid. */
const LIFETIME_MS = 24 * 60 * 60 * 1000;
const DEFAULT_COMMON_NAME = 'cdk8s-istio-gateway test CA';

/**
 * A certificate authority that exists for one test run: a self-signed certificate valid for about a day (from an hour
 * before its creation), whose key stays in memory, and the certificates it issues with the same validity.
 */
export class TestCertificateAuthority {
  /** A new authority (an ECDSA P-256 key and its self-signed certificate). */
  public static async create(options: TestCertificateAuthorityOptions = {}): Promise<TestCertificateAuthority> {
    const keys = await generateKeys();
    const notBefore = new Date(Date.now() - BACKDATE_MS);
    const notAfter = new Date(notBefore.getTime() + BACKDATE_MS + LIFETIME_MS);
    const certificate = await x509.X509CertificateGenerator.createSelfSigned({
      name: [{ CN: [options.commonName ?? DEFAULT_COMMON_NAME] }],
      keys,
      notBefore,
      notAfter,
      signingAlgorithm: ALGORITHM,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        // Two distinct bits: their sum is the set of both.
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign + x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, webcrypto),
      ],
    }, webcrypto);
    return new TestCertificateAuthority(certificate, keys.privateKey);
  }

  /** The authority's certificate (PEM): what a client trusts, as `ca` of `tls.connect` or of an `https.Agent`. */
  public readonly certificate: string;

  /** Server certificates issued so far, by their sorted names. */
  private readonly servers = new Map<string, Promise<PemCertificate>>();

  private constructor(private readonly authority: x509.X509Certificate, private readonly signingKey: webcrypto.CryptoKey) {
    this.certificate = authority.toString('pem');
  }

  /**
   * A server certificate for `names`: DNS names (wildcards such as `*.lab.example.com` allowed) and IP addresses,
   * each a subject alternative name of its kind, the first one the common name; extended key usage serverAuth. The
   * same names (in any order) give the same certificate.
   */
  public issueServer(names: readonly string[]): Promise<PemCertificate> {
    if (names.length === 0) {
      return Promise.reject(new Error('A server certificate needs at least one name.'));
    }
    const normalized = names.map((name) => (isIP(name) ? name : name.toLowerCase()));
    const key = [...new Set(normalized)].sort().join(' ');
    let issued = this.servers.get(key);
    if (issued === undefined) {
      issued = this.issue(normalized[0], x509.ExtendedKeyUsage.serverAuth,
        normalized.map((name): x509.JsonGeneralName => ({ type: isIP(name) ? 'ip' : 'dns', value: name })));
      this.servers.set(key, issued);
      issued.catch(() => this.servers.delete(key));
    }
    return issued;
  }

  /**
   * A client certificate for mutual TLS: common name `commonName`, the URI and DNS names given as subject alternative
   * names, extended key usage clientAuth. Each call makes a new one.
   */
  public issueClient(commonName: string, options: ClientCertificateOptions = {}): Promise<PemCertificate> {
    const names: x509.JsonGeneralName[] = [
      ...(options.uris ?? []).map((value): x509.JsonGeneralName => ({ type: 'url', value })),
      ...(options.dnsNames ?? []).map((value): x509.JsonGeneralName => ({ type: 'dns', value })),
    ];
    return this.issue(commonName, x509.ExtendedKeyUsage.clientAuth, names);
  }

  /** A new key and a certificate for it, signed by the authority, valid as long as the authority. */
  private async issue(commonName: string, usage: x509.ExtendedKeyUsage, names: x509.JsonGeneralName[]): Promise<PemCertificate> {
    const keys = await generateKeys();
    const extensions: x509.Extension[] = [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([usage], false),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, webcrypto),
      await x509.AuthorityKeyIdentifierExtension.create(this.authority, false, webcrypto),
    ];
    if (names.length > 0) {
      extensions.push(new x509.SubjectAlternativeNameExtension(names, false));
    }
    const certificate = await x509.X509CertificateGenerator.create({
      subject: [{ CN: [commonName] }],
      issuer: this.authority.subject,
      notBefore: this.authority.notBefore,
      notAfter: this.authority.notAfter,
      publicKey: keys.publicKey,
      signingKey: this.signingKey,
      signingAlgorithm: ALGORITHM,
      extensions,
    }, webcrypto);
    const privateKey = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
    return { cert: certificate.toString('pem'), key: x509.PemConverter.encode(privateKey, 'PRIVATE KEY') };
  }
}

/** A new ECDSA P-256 key pair, extractable (the private key leaves as PEM). */
async function generateKeys(): Promise<webcrypto.CryptoKeyPair> {
  return webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
}
