import { ApiObject, Chart, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { registerAppAnalysis } from './app-analysis';
import { ConfigError } from './errors';
import * as cm from '../imports/cert-manager.io';
import { wildcardDomainProblem } from '../istio/host';
import { isDnsSubdomain, isIpAddress } from '../istio/names';

/** Where a listener's certificate comes from, as the Gateway `tls` block and the gateway pod see it. */
export interface CertificateSource {
  /** `credentialName`: a Secret in the gateway's namespace served to Envoy over SDS. */
  readonly credentialName?: string;
  /** Files mounted into the gateway pod (`serverCertificate` / `privateKey` / `caCertificates`). */
  readonly files?: CertificateFiles;
  /** The namespace the Secret lives in, when known; it must be the gateway's namespace. */
  readonly secretNamespace?: string;
}

/** Certificate files mounted from a Secret into the gateway pod. */
export interface CertificateFiles {
  /** The Secret whose keys are mounted. */
  readonly secretName: string;
  /** The directory the Secret is mounted at. */
  readonly mountPath: string;
  /** Absolute path of the server certificate chain. */
  readonly serverCertificate: string;
  /** Absolute path of the private key. */
  readonly privateKey: string;
  /** Absolute path of the CA bundle that verifies client certificates. */
  readonly caCertificates: string;
}

/** TLS material a {@link GatewayListener} can serve. */
export interface ICertificate {
  /** Where the certificate comes from; read when the listener is rendered. */
  readonly source: CertificateSource;
}

/** A cert-manager issuer reference. */
export interface IssuerReference {
  /** The issuer's name. */
  readonly name: string;
  /**
   * `Issuer` (in the certificate's namespace) or `ClusterIssuer`.
   * @default 'Issuer'
   */
  readonly kind?: string;
  /**
   * The API group of the issuer.
   * @default 'cert-manager.io'
   */
  readonly group?: string;
}

/** Private key settings of a cert-manager Certificate. */
export interface CertificatePrivateKey {
  /**
   * `RSA`, `ECDSA` or `Ed25519`.
   * @default - cert-manager's default (RSA 2048)
   */
  readonly algorithm?: string;
  /**
   * Key size in bits (RSA: 2048, 4096, 8192; ECDSA: 256, 384, 521).
   * @default - cert-manager's default for the algorithm
   */
  readonly size?: number;
  /**
   * `Always` (a new key on every renewal) or `Never`.
   * @default - cert-manager's default (`Always` since v1.18)
   */
  readonly rotationPolicy?: string;
}

/** Properties of a cert-manager {@link Certificate}. */
export interface CertificateProps {
  /** DNS names the certificate is valid for (wildcards allowed, e.g. `*.lab.example.com`). */
  readonly dnsNames: string[];
  /** The cert-manager issuer that signs the certificate. */
  readonly issuer: IssuerReference;
  /**
   * Name of the Certificate resource.
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * The Secret cert-manager writes; it is the listener's `credentialName`. It lands in the
   * Certificate's namespace, which must be the gateway's.
   * @default - `<name>-tls`
   */
  readonly secretName?: string;
  /**
   * Requested validity.
   * @default - cert-manager's default (90 days)
   */
  readonly duration?: Duration;
  /**
   * How long before expiry cert-manager renews.
   * @default - cert-manager's default (a third of the duration)
   */
  readonly renewBefore?: Duration;
  /**
   * The certificate's common name.
   * @default - none (the DNS names are used)
   */
  readonly commonName?: string;
  /**
   * Private key settings.
   * @default - cert-manager's defaults
   */
  readonly privateKey?: CertificatePrivateKey;
}

/** Options of {@link Certificate.fromSecret}. */
export interface SecretCertificateOptions {
  /**
   * The namespace of the Secret. It must be the gateway's namespace: Istio reads
   * `credentialName` Secrets from the gateway pod's namespace only.
   * @default - the gateway's namespace
   */
  readonly namespace?: string;
}

/** Options of {@link Certificate.fromFiles}. */
export interface FileCertificateOptions {
  /**
   * The `kubernetes.io/tls` Secret mounted into the gateway pod.
   * @default 'istio-ingressgateway-certs'
   */
  readonly secretName?: string;
  /**
   * The directory the Secret is mounted at.
   * @default '/etc/istio/ingressgateway-certs'
   */
  readonly mountPath?: string;
  /**
   * The Secret key holding the certificate chain.
   * @default 'tls.crt'
   */
  readonly certificateKey?: string;
  /**
   * The Secret key holding the private key.
   * @default 'tls.key'
   */
  readonly privateKeyKey?: string;
  /**
   * The Secret key holding the CA bundle for client certificates (MUTUAL listeners).
   * @default 'ca.crt'
   */
  readonly caCertificatesKey?: string;
}

/** cert-manager's certificate duration when none is requested. */
const DEFAULT_DURATION = Duration.days(90);

const GO_DURATION_UNITS: Array<[number, string]> = [[3_600_000, 'h'], [60_000, 'm'], [1_000, 's']];

/** A cdk8s Duration as a Go duration string (`2160h`, `90m`, `30s`). */
function toGoDuration(duration: Duration): string {
  const ms = duration.toMilliseconds();
  const [size, unit] = GO_DURATION_UNITS.find(([unitMs]) => ms % unitMs === 0) ?? [1, 'ms'];
  return `${ms / size}${unit}`;
}

/**
 * TLS material for gateway listeners: a cert-manager `Certificate` whose Secret the gateway
 * serves by `credentialName`, an existing Secret ({@link Certificate.fromSecret}), or
 * certificate files mounted into the gateway pod ({@link Certificate.fromFiles}).
 */
export class Certificate extends Construct implements ICertificate {
  /**
   * An existing `kubernetes.io/tls` Secret (keys `tls.crt`, `tls.key`, optional `ca.crt`) in
   * the gateway's namespace, referenced by `credentialName`.
   */
  public static fromSecret(secretName: string, options: SecretCertificateOptions = {}): ICertificate {
    return { source: { credentialName: secretName, secretNamespace: options.namespace } };
  }

  /**
   * Certificate files from a Secret mounted into the gateway pod: the Gateway server then uses
   * `serverCertificate` / `privateKey` paths and the gateway Deployment mounts the Secret there.
   */
  public static fromFiles(options: FileCertificateOptions = {}): ICertificate {
    const mountPath = (options.mountPath ?? '/etc/istio/ingressgateway-certs').replace(/\/+$/, '');
    return {
      source: {
        files: {
          secretName: options.secretName ?? 'istio-ingressgateway-certs',
          mountPath,
          serverCertificate: `${mountPath}/${options.certificateKey ?? 'tls.crt'}`,
          privateKey: `${mountPath}/${options.privateKeyKey ?? 'tls.key'}`,
          caCertificates: `${mountPath}/${options.caCertificatesKey ?? 'ca.crt'}`,
        },
      },
    };
  }

  /** The cert-manager Certificate resource. */
  public readonly resource: ApiObject;
  /** The Secret cert-manager writes, used as `credentialName`. */
  public readonly secretName: string;
  /** Where the certificate comes from. */
  public readonly source: CertificateSource;

  constructor(scope: Construct, id: string, props: CertificateProps) {
    super(scope, id);
    const name = props.name ?? id;
    this.secretName = props.secretName ?? `${name}-tls`;
    for (const [field, value] of [['name', name], ['secretName', this.secretName]]) {
      if (!isDnsSubdomain(value)) {
        throw new ConfigError(this, field, `'${value}' is not a valid Kubernetes name`, 'use lowercase letters, digits, \'-\' and \'.\'');
      }
    }
    if (props.dnsNames.length === 0) {
      throw new ConfigError(this, 'dnsNames', 'is empty', 'list at least one DNS name the certificate covers');
    }
    for (const dnsName of props.dnsNames) {
      const problem = wildcardDomainProblem(dnsName, true);
      if (problem !== undefined || dnsName === '*' || isIpAddress(dnsName)) {
        throw new ConfigError(this, 'dnsNames', `'${dnsName}' ${problem ?? 'is not a DNS name'}`, 'write names such as counter.example.com or *.example.com');
      }
    }
    if (props.duration && props.duration.toMilliseconds() < Duration.hours(1).toMilliseconds()) {
      throw new ConfigError(this, 'duration', `${toGoDuration(props.duration)} is shorter than cert-manager's minimum of 1h`, 'use Duration.hours(1) or more');
    }
    const duration = props.duration ?? DEFAULT_DURATION;
    if (props.renewBefore && props.renewBefore.toMilliseconds() >= duration.toMilliseconds()) {
      throw new ConfigError(this, 'renewBefore', `${toGoDuration(props.renewBefore)} is not shorter than the duration ${toGoDuration(duration)}`, 'renew before the certificate expires: make renewBefore shorter than duration');
    }
    const namespace = Chart.of(this).namespace;
    if (!namespace) {
      throw new ConfigError(this, 'namespace', 'the Certificate\'s Chart has no namespace, so its Secret would land wherever it is applied, while Istio reads it from the gateway\'s namespace only', 'create the Certificate in a Chart with the gateway\'s namespace');
    }
    this.source = { credentialName: this.secretName, secretNamespace: namespace };
    this.resource = new cm.Certificate(this, 'Resource', {
      metadata: { name, namespace },
      spec: {
        secretName: this.secretName,
        dnsNames: props.dnsNames,
        commonName: props.commonName,
        issuerRef: { name: props.issuer.name, kind: props.issuer.kind ?? 'Issuer', group: props.issuer.group ?? 'cert-manager.io' },
        duration: props.duration && toGoDuration(props.duration),
        renewBefore: props.renewBefore && toGoDuration(props.renewBefore),
        privateKey: props.privateKey && {
          algorithm: props.privateKey.algorithm as cm.CertificateSpecPrivateKeyAlgorithm | undefined,
          size: props.privateKey.size,
          rotationPolicy: props.privateKey.rotationPolicy as cm.CertificateSpecPrivateKeyRotationPolicy | undefined,
        },
      },
    });
    registerAppAnalysis(this);
  }
}
