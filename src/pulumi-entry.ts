/**
 * `cdk8s-istio-gateway/pulumi`: the gateway, its routes and any cdk8s chart as Pulumi components, registered as typed
 * `@pulumi/kubernetes` resources. Loads `@pulumi/pulumi` and `@pulumi/kubernetes` (optional peer dependencies of the
 * package), which the main entry and `/engine` never load.
 */
export * from './pulumi/chart-component';
export * from './pulumi/cdk8s-chart';
export * from './pulumi/gateway-import';
export * from './pulumi/route-args';
export * from './pulumi/istio-ingress';
export * from './pulumi/istio-routes';
