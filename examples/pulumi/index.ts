/**
 * The article's ingress gateway, deployed by Pulumi to the cluster of the current kubeconfig context (or the one the
 * stack's `kubernetes:*` configuration names). `pulumi preview` shows the gateway's Deployment, Service,
 * ServiceAccount, Role, RoleBinding and Gateway, and the two VirtualServices.
 */
import { articleIngress } from './article-ingress';

const ingress = articleIngress();

/** The node port of each listener, by listener name: `{ http2: 30080, https: 30443, mysql: 30306 }`. */
export const nodePorts = ingress.nodePorts;
/** `istio-system/default-gateway`: what VirtualServices bind to. */
export const gatewayReference = ingress.gatewayReference;
/** The gateway Service, `istio-ingressgateway`. */
export const serviceName = ingress.serviceName;
/** The load balancer's address, once a cloud assigns one (none for this NodePort Service). */
export const loadBalancerAddress = ingress.loadBalancerAddress;
/** The gateway as plain data, for the routes of other stacks (`new IstioRoutes(..., { gateway, ... })`). */
export const gatewayImport = ingress.gatewayImport;
