/**
 * Where Istio's control plane runs, as Istio installs it.
 */

/** The namespace istiod runs in and keeps the mesh's CA key in (`istio-ca-secret`, or `cacerts` with a plugged-in CA). */
export const CONTROL_PLANE_NAMESPACE = 'istio-system';
