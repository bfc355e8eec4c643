/** How Service ports map to the ports Envoy listens on. */
export class PortMapping {
  /**
   * Envoy listens on the Service port itself (80 -> 80, 443 -> 443), allowed for the non-root
   * proxy by the `net.ipv4.ip_unprivileged_port_start=0` sysctl, as the current Istio `gateway` chart does.
   */
  public static readonly DIRECT = new PortMapping('direct');
  /**
   * The legacy `istio-ingressgateway` mapping: ports below 1024 get 8000 added (80 -> 8080,
   * 443 -> 8443), so the proxy needs no sysctl.
   */
  public static readonly UNPRIVILEGED = new PortMapping('unprivileged');

  private constructor(private readonly kind: 'direct' | 'unprivileged') {}

  /** True when the pod needs the unprivileged-port sysctl. */
  public get bindsPrivilegedPorts(): boolean {
    return this.kind === 'direct';
  }

  /** @internal */
  public _targetPortFor(port: number): number {
    return this.kind === 'unprivileged' && port < 1024 ? port + 8000 : port;
  }
}
