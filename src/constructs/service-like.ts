/**
 * A Kubernetes Service construct that routes and DestinationRules can name: a cdk8s-plus `Service` of any version
 * (cdk8s-plus-28 to cdk8s-plus-33), or any construct with the same shape. Only what is read here is required, so
 * the library depends on no particular cdk8s-plus.
 */
export interface ServiceLike {
  /** The Service's name. */
  readonly name: string;
  /** The Service's metadata; only its namespace is read. */
  readonly metadata: {
    /**
     * The Service's namespace.
     * @default - the namespace of the construct that names the Service
     */
    readonly namespace?: string;
  };
  /** The Service's ports; only their port numbers are read. */
  readonly ports: ReadonlyArray<{
    /** The port number the Service exposes. */
    readonly port: number;
  }>;
}
