/**
 * Typed views of the built-in objects the engine and the analyzers read, valid once an object has passed the checks of
 * core-kinds.ts: every field named here then has the type written here (fields the code does not read are left out).
 */
import { KubeObject } from '../manifests/kube-object';

/** A port of a Service. */
export interface KubeServicePort {
  /** Name. */
  readonly name?: string;
  /** TCP, UDP or SCTP. */
  readonly protocol?: string;
  /** Application protocol. */
  readonly appProtocol?: string;
  /** The Service port. */
  readonly port: number;
  /** The container port, by number or name. */
  readonly targetPort?: number | string;
  /** The node port. */
  readonly nodePort?: number;
}

/** A v1 Service. */
export interface KubeService extends KubeObject {
  /** The spec. */
  readonly spec?: {
    /** ClusterIP, NodePort, LoadBalancer or ExternalName. */
    readonly type?: string;
    /** Pod labels. */
    readonly selector?: Readonly<Record<string, string>>;
    /** Ports. */
    readonly ports?: readonly KubeServicePort[];
  };
}

/** A container of a pod template. */
export interface KubeContainer {
  /** Name. */
  readonly name?: string;
  /** Image. */
  readonly image?: string;
  /** Arguments. */
  readonly args?: readonly string[];
  /** Environment variables (`value` only; `valueFrom` is not read). */
  readonly env?: ReadonlyArray<{ readonly name: string; readonly value?: string }>;
  /** Ports. */
  readonly ports?: ReadonlyArray<{ readonly containerPort: number; readonly name?: string; readonly protocol?: string }>;
}

/** A pod spec. */
export interface KubePodSpec {
  /** Containers. */
  readonly containers?: readonly KubeContainer[];
  /** Init containers. */
  readonly initContainers?: readonly KubeContainer[];
  /** Service account. */
  readonly serviceAccountName?: string;
  /**
   * The node the pod runs on.
   * @default - set by the scheduler
   */
  readonly nodeName?: string;
  /** Volumes (Secret volumes only are read). */
  readonly volumes?: ReadonlyArray<{ readonly name?: string; readonly secret?: { readonly secretName?: string } }>;
}

/** A pod template. */
export interface KubePodTemplate {
  /** Labels and annotations. */
  readonly metadata?: {
    /** Labels. */
    readonly labels?: Readonly<Record<string, string>>;
    /** Annotations. */
    readonly annotations?: Readonly<Record<string, string>>;
  };
  /** The pod spec. */
  readonly spec?: KubePodSpec;
}

/** An apps/v1 Deployment, DaemonSet or StatefulSet. */
export interface KubeWorkload extends KubeObject {
  /** The spec. */
  readonly spec?: {
    /** Replicas. */
    readonly replicas?: number;
    /** Selector. */
    readonly selector?: { readonly matchLabels?: Readonly<Record<string, string>> };
    /** Pod template. */
    readonly template?: KubePodTemplate;
  };
}

/** A v1 Pod. */
export interface KubePod extends KubeObject {
  /** The spec. */
  readonly spec?: KubePodSpec;
}

/** A v1 Node: only its `metadata.labels` are read (the loader checks them, as for every kind). */
export type KubeNode = KubeObject;

/** A v1 Secret. */
export interface KubeSecret extends KubeObject {
  /** Type. */
  readonly type?: string;
  /** Base64 data. */
  readonly data?: Readonly<Record<string, string>>;
  /** Plain data. */
  readonly stringData?: Readonly<Record<string, string>>;
}
