/**
 * Any cdk8s chart or app, deployed by Pulumi as typed `@pulumi/kubernetes` resources.
 */
import * as pulumi from '@pulumi/pulumi';
import { App, Chart } from 'cdk8s';
import { ChartComponent, ChartComponentArgs } from './chart-component';

/** What {@link Cdk8sChart} deploys. */
export interface Cdk8sChartArgs extends ChartComponentArgs {
  /**
   * The cdk8s chart, or the app whose charts (all of them, in synth order) are deployed. Build it with this library's
   * constructs or with any others; it is validated, and analyzed, as `cdk8s synth` would.
   */
  readonly chart: Chart | App;
}

/**
 * A cdk8s chart or app as Pulumi resources: each object the chart synthesizes becomes a typed `@pulumi/kubernetes`
 * resource (`k8s.core.v1.Service`, `k8s.apps.v1.Deployment`, `k8s.rbac.v1.Role`, ...; Istio, cert-manager and other
 * custom kinds as `k8s.apiextensions.CustomResource`), parented to this component, created after the objects it refers
 * to, and named `<name>/<construct path>`.
 *
 * ```ts
 * const app = new App();
 * articleGateway(app); // IngressGateway, HttpRoute, ... in charts of `app`
 * const ingress = new Cdk8sChart('ingress', { chart: app }, { provider });
 * ```
 *
 * A mistake the constructs or the analysis find fails the program with synth's message. `toJson()` gives the objects,
 * so `expect(ingress).toRouteTo(...)` and `TrafficEngine.fromChart(ingress)` work in Pulumi unit tests.
 */
export class Cdk8sChart extends ChartComponent {
  /**
   * @param name - the component's logical name; the resources are named `<name>/<construct path>`.
   * @param args - the chart or app.
   * @param opts - the component's resource options: a `provider` (or `providers`) given here is the one its
   *   resources use.
   */
  constructor(name: string, args: Cdk8sChartArgs, opts?: pulumi.ComponentResourceOptions) {
    super('cdk8s-istio-gateway:index:Cdk8sChart', name, () => chartOf(args), args, opts);
    this.registerOutputs({ objects: this.objects.map((o) => `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`) });
  }
}

function chartOf(args: Cdk8sChartArgs | undefined): Chart | App {
  if (args === null || typeof args !== 'object' || args.chart === undefined || args.chart === null) {
    throw new Error('args.chart is missing; give the cdk8s Chart or App to deploy, e.g. { chart: app }');
  }
  return args.chart;
}
