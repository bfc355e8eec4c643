package oracle

import (
	"sort"

	cluster "github.com/envoyproxy/go-control-plane/envoy/config/cluster/v3"
	listener "github.com/envoyproxy/go-control-plane/envoy/config/listener/v3"
	route "github.com/envoyproxy/go-control-plane/envoy/config/route/v3"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"

	"istio.io/istio/pilot/pkg/model"
	"istio.io/istio/pilot/test/xds"
	"istio.io/istio/pkg/test"
)

// IstioVersion is the version the gateway proxy announces; istiod gates some generated config on it.
const IstioVersion = "1.30.0"

// Gateway is the ingress gateway proxy whose configuration is generated.
type Gateway struct {
	Namespace string            `json:"namespace,omitempty"`
	Labels    map[string]string `json:"labels,omitempty"`
	IP        string            `json:"ip,omitempty"`
	// Name is the name of the gateway's pod; used only when the manifests hold no pod at IP.
	Name string `json:"name,omitempty"`
	// Containers are the containers of the gateway's pod template (their ports name target ports; the
	// ISTIO_META_UNPRIVILEGED_POD environment variable of istio-proxy reaches the proxy's metadata, as the
	// injector passes it); used only when the manifests hold no pod at IP. Default: one istio-proxy container.
	Containers []corev1.Container `json:"containers,omitempty"`
}

// WithDefaults fills what the input leaves out: istio-system, istio=ingressgateway, 10.244.0.10.
func (g *Gateway) WithDefaults() Gateway {
	out := Gateway{}
	if g != nil {
		out = *g
	}
	if out.Namespace == "" {
		out.Namespace = "istio-system"
	}
	if len(out.Labels) == 0 {
		out.Labels = map[string]string{"istio": "ingressgateway"}
	}
	if out.IP == "" {
		out.IP = "10.244.0.10"
	}
	if out.Name == "" {
		out.Name = "istio-ingressgateway-0"
	}
	return out
}

// XDS is what istiod sends the gateway proxy, in the order config dumps list it.
type XDS struct {
	Listeners []*listener.Listener
	Routes    []*route.RouteConfiguration
	Clusters  []*cluster.Cluster
}

// Generate builds the listeners, the routes they reference and the clusters istiod sends the gateway
// proxy gw, given the Istio configs and Kubernetes objects of m. Fatal errors are reported to t.
func Generate(t test.Failer, m *Manifests, gw Gateway) *XDS {
	kube := append([]runtime.Object{}, m.Kube...)
	pod, added := m.GatewayPod(gw)
	if added {
		kube = append(kube, pod)
	}
	podName, podNamespace := pod.Name, pod.Namespace

	s := xds.NewFakeDiscoveryServer(t, xds.FakeOptions{
		Configs:           m.Configs,
		KubernetesObjects: kube,
	})
	labels := copyLabels(gw.Labels)
	proxy := s.SetupProxy(&model.Proxy{
		Type:   model.Router,
		Labels: labels,
		Metadata: &model.NodeMetadata{
			Labels:          copyLabels(gw.Labels),
			Namespace:       gw.Namespace,
			IstioVersion:    IstioVersion,
			UnprivilegedPod: proxyEnv(pod, "ISTIO_META_UNPRIVILEGED_POD"),
		},
		ConfigNamespace: gw.Namespace,
		IPAddresses:     []string{gw.IP},
		ID:              podName + "." + podNamespace,
	})

	out := &XDS{}
	out.Listeners = s.Listeners(proxy)
	sort.SliceStable(out.Listeners, func(i, j int) bool { return out.Listeners[i].Name < out.Listeners[j].Name })
	out.Routes = s.RoutesFromListeners(proxy, out.Listeners)
	sort.SliceStable(out.Routes, func(i, j int) bool { return out.Routes[i].Name < out.Routes[j].Name })
	out.Clusters = s.Clusters(proxy)
	sort.SliceStable(out.Clusters, func(i, j int) bool { return out.Clusters[i].Name < out.Clusters[j].Name })
	return out
}

func copyLabels(in map[string]string) map[string]string {
	out := make(map[string]string, len(in))
	for k, v := range in {
		out[k] = v
	}
	return out
}

// GatewayPod is the pod of the gateway: the pod of m at the gateway's IP if there is one, else a new
// running, ready pod (added is then true). istiod finds the proxy's Services, and so the target ports
// its listeners bind, through the pod at the proxy's IP.
func (m *Manifests) GatewayPod(gw Gateway) (pod *corev1.Pod, added bool) {
	if p := podAt(m.Kube, gw.IP); p != nil {
		return p, false
	}
	return gatewayPod(gw), true
}

// podAt is the first Pod of objs whose status.podIP (or one of status.podIPs) is ip.
func podAt(objs []runtime.Object, ip string) *corev1.Pod {
	for _, o := range objs {
		p, ok := o.(*corev1.Pod)
		if !ok {
			continue
		}
		if p.Status.PodIP == ip {
			return p
		}
		for _, a := range p.Status.PodIPs {
			if a.IP == ip {
				return p
			}
		}
	}
	return nil
}

// gatewayPod is a running, ready pod of the gateway with an istio-proxy container.
func gatewayPod(gw Gateway) *corev1.Pod {
	return &corev1.Pod{
		TypeMeta: metav1.TypeMeta{APIVersion: "v1", Kind: "Pod"},
		ObjectMeta: metav1.ObjectMeta{
			Name:      gw.Name,
			Namespace: gw.Namespace,
			Labels:    copyLabels(gw.Labels),
		},
		Spec: corev1.PodSpec{
			Containers: containersOf(gw),
		},
		Status: corev1.PodStatus{
			Phase:  corev1.PodRunning,
			PodIP:  gw.IP,
			PodIPs: []corev1.PodIP{{IP: gw.IP}},
			Conditions: []corev1.PodCondition{
				{Type: corev1.PodReady, Status: corev1.ConditionTrue},
			},
		},
	}
}

// containersOf is the gateway pod's containers: those given, or one istio-proxy container.
func containersOf(gw Gateway) []corev1.Container {
	if len(gw.Containers) > 0 {
		return gw.Containers
	}
	return []corev1.Container{{Name: "istio-proxy", Image: "proxyv2"}}
}

// proxyEnv is the value of the environment variable name of the pod's istio-proxy container, or "".
func proxyEnv(pod *corev1.Pod, name string) string {
	for _, c := range pod.Spec.Containers {
		if c.Name != "istio-proxy" {
			continue
		}
		for _, e := range c.Env {
			if e.Name == name {
				return e.Value
			}
		}
	}
	return ""
}
