package oracle

import (
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
)

func TestControllerProducts(t *testing.T) {
	m, err := ParseManifests(`
apiVersion: apps/v1
kind: Deployment
metadata: {name: reviews, namespace: shop}
spec:
  selector: {matchLabels: {app: reviews}}
  template:
    metadata: {labels: {app: reviews, version: v2}}
    spec: {containers: [{name: reviews, image: reviews}]}
---
apiVersion: cert-manager.io/v1
kind: Certificate
metadata: {name: shop, namespace: istio-system}
spec: {secretName: shop-tls, dnsNames: [shop.example.com]}
---
apiVersion: cert-manager.io/v1
kind: Certificate
metadata: {name: given, namespace: istio-system}
spec: {secretName: given-tls}
---
apiVersion: v1
kind: Secret
metadata: {name: given-tls, namespace: istio-system}
type: kubernetes.io/tls
data: {tls.crt: "", tls.key: ""}
`)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"name: reviews-0", "namespace: shop", "version: v2", "phase: Running", "name: shop-tls", "type: kubernetes.io/tls"} {
		if !strings.Contains(m.Products, want) {
			t.Errorf("products lack %q:\n%s", want, m.Products)
		}
	}
	if strings.Contains(m.Products, "given-tls") {
		t.Errorf("a Secret the manifests define is made again:\n%s", m.Products)
	}
}

func TestGatewayPodContainers(t *testing.T) {
	gw := (&Gateway{Containers: []corev1.Container{{
		Name:  "istio-proxy",
		Ports: []corev1.ContainerPort{{Name: "http-web", ContainerPort: 8080}},
		Env:   []corev1.EnvVar{{Name: "ISTIO_META_UNPRIVILEGED_POD", Value: "true"}},
	}}}).WithDefaults()
	pod := gatewayPod(gw)
	if got := pod.Spec.Containers[0].Ports[0].ContainerPort; got != 8080 {
		t.Errorf("container port %d", got)
	}
	if got := proxyEnv(pod, "ISTIO_META_UNPRIVILEGED_POD"); got != "true" {
		t.Errorf("ISTIO_META_UNPRIVILEGED_POD %q", got)
	}
	if got := gatewayPod((&Gateway{}).WithDefaults()).Spec.Containers[0].Name; got != "istio-proxy" {
		t.Errorf("default container %q", got)
	}
}
