import { ApiObject, Chart, Duration } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { registerAppAnalysis } from './app-analysis';
import { ConfigError } from './errors';
import { factoryScope } from './factory-scope';
import { checkArray, checkOptionalDuration, checkOptionalNumber, checkOptionalObject, checkOptionalString, checkProps, checkString } from './input-check';
import * as cm from '../imports/cert-manager.io';
import { wildcardDomainProblem } from '../istio/host';
import { isDnsLabel, isDnsSubdomain, isIpAddress, isSecretKey } from '../istio/names';

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

/** The private key algorithms cert-manager knows. */
const PRIVATE_KEY_ALGORITHMS = ['RSA', 'ECDSA', 'Ed25519'] as const;
/** cert-manager's private key rotation policies. */
const ROTATION_POLICIES = ['Always', 'Never'] as const;

/** A Secret name given to a factory: a string and a DNS subdomain (at most 253 characters). */
function checkSecretName(scope: IConstruct, field: string, value: unknown): string {
  const fix = 'use the name of a Secret in the gateway\'s namespace: lowercase letters, digits, \'-\' and \'.\', at most 253 characters';
  const name = checkString(scope, field, value, fix);
  if (!isDnsSubdomain(name)) {
    const shown = name.length > 40 ? `${name.slice(0, 40)}... (${name.length} characters)` : name;
    throw new ConfigError(scope, field, `'${shown}' is not a valid Secret name`, fix);
  }
  return name;
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
   *
   * Bad arguments throw a {@link ConfigError} here, at the call, named after the method (there is no construct yet),
   * e.g. `[Certificate.fromSecret] secretName: 'Bad_Name' is not a valid Secret name; ...`.
   */
  public static fromSecret(secretName: string, options: SecretCertificateOptions = {}): ICertificate {
    const scope = factoryScope('Certificate.fromSecret');
    const name = checkSecretName(scope, 'secretName', secretName);
    options = checkProps(scope, 'options', options, '{ namespace: \'istio-system\' }', true);
    const namespace = checkOptionalString(scope, 'options.namespace', options.namespace, 'give the namespace as a string');
    if (namespace !== undefined && !isDnsLabel(namespace)) {
      throw new ConfigError(scope, 'options.namespace', `'${namespace}' is not a valid namespace name`, 'use lowercase letters, digits and \'-\', at most 63 characters, such as istio-system');
    }
    return { source: { credentialName: name, secretNamespace: namespace } };
  }

  /**
   * Certificate files from a Secret mounted into the gateway pod: the Gateway server then uses
   * `serverCertificate` / `privateKey` paths and the gateway Deployment mounts the Secret there.
   *
   * Bad options throw a {@link ConfigError} here, at the call, named after the method, e.g.
   * `[Certificate.fromFiles] options.mountPath: 'certs' is not an absolute path; ...`.
   */
  public static fromFiles(options: FileCertificateOptions = {}): ICertificate {
    const scope = factoryScope('Certificate.fromFiles');
    options = checkProps(scope, 'options', options, '{ secretName: \'lab-certs\', mountPath: \'/etc/certs/lab\' }', true);
    const secretName = options.secretName === undefined ? 'istio-ingressgateway-certs' : checkSecretName(scope, 'options.secretName', options.secretName);
    const pathFix = 'use an absolute directory such as /etc/istio/ingressgateway-certs';
    const path = checkOptionalString(scope, 'options.mountPath', options.mountPath, pathFix) ?? '/etc/istio/ingressgateway-certs';
    const mountPath = path.replace(/\/+$/, '');
    if (!path.startsWith('/') || mountPath === '' || path.includes(':')) {
      throw new ConfigError(scope, 'options.mountPath', `'${path}' is not an absolute directory path${path.includes(':') ? ' (it has a \':\')' : ''}`, `${pathFix}, not the root`);
    }
    const key = (field: keyof FileCertificateOptions, fallback: string): string => {
      const fix = 'use a Secret key of letters, digits, \'-\', \'_\' and \'.\', such as tls.crt';
      const value = checkOptionalString(scope, `options.${field}`, options[field], fix) ?? fallback;
      if (!isSecretKey(value)) {
        throw new ConfigError(scope, `options.${field}`, `'${value}' is not a valid Secret key`, fix);
      }
      return value;
    };
    return {
      source: {
        files: {
          secretName,
          mountPath,
          serverCertificate: `${mountPath}/${key('certificateKey', 'tls.crt')}`,
          privateKey: `${mountPath}/${key('privateKeyKey', 'tls.key')}`,
          caCertificates: `${mountPath}/${key('caCertificatesKey', 'ca.crt')}`,
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
  /** The cert-manager issuer that signs the certificate (and whose CA cert-manager writes into the Secret's `ca.crt`). */
  public readonly issuer: IssuerReference;

  constructor(scope: Construct, id: string, props: CertificateProps) {
    super(scope, id);
    props = checkProps(this, 'props', props, '{ dnsNames: [\'lab.example.com\'], issuer: { name: \'letsencrypt\' } }');
    const name = checkOptionalString(this, 'name', props.name, 'give the name as a string') ?? id;
    this.secretName = checkOptionalString(this, 'secretName', props.secretName, 'give the Secret name as a string') ?? `${name}-tls`;
    for (const [field, value] of [['name', name], ['secretName', this.secretName]]) {
      if (!isDnsSubdomain(value)) {
        throw new ConfigError(this, field, `'${value}' is not a valid Kubernetes name`, 'use lowercase letters, digits, \'-\' and \'.\'');
      }
    }
    const dnsNamesFix = 'list the DNS names, e.g. [\'lab.example.com\']';
    const dnsNames = checkArray(this, 'dnsNames', props.dnsNames, dnsNamesFix, (item, field) => checkString(this, field, item, dnsNamesFix));
    if (dnsNames.length === 0) {
      throw new ConfigError(this, 'dnsNames', 'is empty', 'list at least one DNS name the certificate covers');
    }
    for (const dnsName of dnsNames) {
      const problem = wildcardDomainProblem(dnsName, true);
      if (problem !== undefined || dnsName === '*' || isIpAddress(dnsName)) {
        throw new ConfigError(this, 'dnsNames', `'${dnsName}' ${problem ?? 'is not a DNS name'}`, 'write names such as counter.example.com or *.example.com');
      }
    }
    const issuer = this.checkIssuer(props.issuer);
    this.issuer = issuer;
    const commonName = checkOptionalString(this, 'commonName', props.commonName, 'give the common name as a string');
    const privateKey = this.checkPrivateKey(props.privateKey);
    checkOptionalDuration(this, 'duration', props.duration);
    checkOptionalDuration(this, 'renewBefore', props.renewBefore);
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
    if (!isDnsLabel(namespace)) {
      throw new ConfigError(this, 'namespace', `'${namespace}' (the namespace of the Certificate's Chart) is not a valid namespace name`, 'give the Chart a namespace of lowercase letters, digits and \'-\', at most 63 characters, such as istio-system');
    }
    this.source = { credentialName: this.secretName, secretNamespace: namespace };
    this.resource = new cm.Certificate(this, 'Resource', {
      metadata: { name, namespace },
      spec: {
        secretName: this.secretName,
        dnsNames,
        commonName,
        issuerRef: { name: issuer.name, kind: issuer.kind ?? 'Issuer', group: issuer.group ?? 'cert-manager.io' },
        duration: props.duration && toGoDuration(props.duration),
        renewBefore: props.renewBefore && toGoDuration(props.renewBefore),
        privateKey: privateKey && {
          algorithm: privateKey.algorithm as cm.CertificateSpecPrivateKeyAlgorithm | undefined,
          size: privateKey.size,
          rotationPolicy: privateKey.rotationPolicy as cm.CertificateSpecPrivateKeyRotationPolicy | undefined,
        },
      },
    });
    registerAppAnalysis(this);
  }

  private checkIssuer(value: IssuerReference): IssuerReference {
    const issuer = checkProps(this, 'issuer', value, '{ name: \'letsencrypt\', kind: \'ClusterIssuer\' }');
    checkString(this, 'issuer.name', issuer.name, 'give the issuer\'s name, e.g. { name: \'letsencrypt\' }');
    checkOptionalString(this, 'issuer.kind', issuer.kind, 'use \'Issuer\', \'ClusterIssuer\' or an external issuer\'s kind');
    checkOptionalString(this, 'issuer.group', issuer.group, 'use \'cert-manager.io\' or an external issuer\'s API group');
    return issuer;
  }

  private checkPrivateKey(value: CertificatePrivateKey | undefined): CertificatePrivateKey | undefined {
    const key = checkOptionalObject(this, 'privateKey', value, '{ algorithm: \'ECDSA\', size: 256 }');
    if (key === undefined) {
      return undefined;
    }
    for (const [field, allowed] of [['algorithm', PRIVATE_KEY_ALGORITHMS], ['rotationPolicy', ROTATION_POLICIES]] as const) {
      const given = checkOptionalString(this, `privateKey.${field}`, key[field], `use one of ${allowed.join(', ')}`);
      if (given !== undefined && !(allowed as readonly string[]).includes(given)) {
        throw new ConfigError(this, `privateKey.${field}`, `'${given}' is not one of ${allowed.join(', ')}`, `use one of ${allowed.join(', ')}`);
      }
    }
    checkOptionalNumber(this, 'privateKey.size', key.size, 'use a key size in bits, such as 2048 (RSA) or 256 (ECDSA)', { integer: true, min: 1 });
    return key;
  }
}
