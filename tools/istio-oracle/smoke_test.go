package oracle

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
)

func TestMain(m *testing.M) {
	quietLogs()
	os.Exit(m.Run())
}

func fixture(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func runOK(t *testing.T, c Case) Result {
	t.Helper()
	var res Result
	t.Run(c.ID, func(t *testing.T) { res = RunCase(t, c) })
	if res.Error != nil {
		t.Fatalf("case %s: %s", c.ID, *res.Error)
	}
	return res
}

// dumpOf decodes a config dump into plain JSON values.
type dumpOf struct {
	Configs []map[string]any `json:"configs"`
}

func decodeDump(t *testing.T, raw json.RawMessage) dumpOf {
	t.Helper()
	var d dumpOf
	if err := json.Unmarshal(raw, &d); err != nil {
		t.Fatal(err)
	}
	return d
}

func (d dumpOf) section(t *testing.T, typ string) map[string]any {
	t.Helper()
	for _, c := range d.Configs {
		if c["@type"] == "type.googleapis.com/envoy.admin.v3."+typ {
			return c
		}
	}
	t.Fatalf("no %s in the dump", typ)
	return nil
}

func list(v any) []any {
	l, _ := v.([]any)
	return l
}

func obj(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

func TestStandardFixture(t *testing.T) {
	res := runOK(t, Case{ID: "standard", Manifests: fixture(t, "standard.yaml")})
	d := decodeDump(t, res.ConfigDump)
	if res.Analysis != nil {
		t.Errorf("analysis not asked for, got %v", res.Analysis)
	}

	var listeners []string
	for _, l := range list(d.section(t, "ListenersConfigDump")["dynamic_listeners"]) {
		listeners = append(listeners, obj(obj(obj(l)["active_state"])["listener"])["name"].(string))
	}
	if !reflect.DeepEqual(listeners, []string{"0.0.0.0_8080"}) {
		t.Errorf("listeners: %v", listeners)
	}

	var rc map[string]any
	for _, r := range list(d.section(t, "RoutesConfigDump")["dynamic_route_configs"]) {
		c := obj(obj(r)["route_config"])
		if c["name"] == "http.8080" {
			rc = c
		}
	}
	if rc == nil {
		t.Fatal("no route configuration http.8080")
	}
	var vh map[string]any
	for _, v := range list(rc["virtual_hosts"]) {
		if obj(v)["name"] == "shop.example.com:80" {
			vh = obj(v)
		}
	}
	if vh == nil {
		t.Fatalf("no virtual host shop.example.com:80 in %v", rc["virtual_hosts"])
	}
	// Gateways get no "host:*" domains: the route configuration ignores the port in host matching.
	if got, want := vh["domains"], []any{"shop.example.com"}; !reflect.DeepEqual(got, want) {
		t.Errorf("domains: %v, want %v", got, want)
	}
	if rc["ignore_port_in_host_matching"] != true {
		t.Errorf("ignore_port_in_host_matching: %v", rc["ignore_port_in_host_matching"])
	}
	routes := list(vh["routes"])
	if len(routes) != 1 {
		t.Fatalf("routes: %v", routes)
	}
	if got := obj(obj(routes[0])["route"])["cluster"]; got != "outbound|80||api.default.svc.cluster.local" {
		t.Errorf("cluster: %v", got)
	}

	clusters := map[string]bool{}
	for _, c := range list(d.section(t, "ClustersConfigDump")["dynamic_active_clusters"]) {
		clusters[obj(obj(c)["cluster"])["name"].(string)] = true
	}
	if !clusters["outbound|80||api.default.svc.cluster.local"] {
		t.Errorf("clusters: %v", clusters)
	}
}

func TestSameInputSameOutput(t *testing.T) {
	c := Case{ID: "standard", Manifests: fixture(t, "standard.yaml"), Analyze: true}
	a, b := runOK(t, c), runOK(t, c)
	var ab, bb bytes.Buffer
	if err := WriteResult(&ab, a); err != nil {
		t.Fatal(err)
	}
	if err := WriteResult(&bb, b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(ab.Bytes(), bb.Bytes()) {
		t.Error("two runs of the same case differ")
	}
}

const missingHost = `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: vs
spec:
  hosts:
  - shop.example.com
  http:
  - route:
    - destination:
        host: nowhere
`

func TestAnalysisMissingHost(t *testing.T) {
	res := runOK(t, Case{ID: "missing-host", Manifests: missingHost, Analyze: true})
	want := Finding{
		Code:     "IST0101",
		Level:    "Error",
		Resource: "VirtualService default/vs",
		Message:  `Referenced host not found: "nowhere"`,
	}
	for _, f := range res.Analysis {
		if f == want {
			return
		}
	}
	t.Errorf("no %+v in %+v", want, res.Analysis)
}

// istioctl analyze --use-kube=false skips the Services of files, and with them the host checks.
func TestFilesAnalysisSkipsHostChecks(t *testing.T) {
	res := runOK(t, Case{ID: "missing-host", Manifests: missingHost, Analyze: true, AnalysisMode: AnalyzeFiles})
	for _, f := range res.Analysis {
		if f.Code == "IST0101" {
			t.Errorf("files mode reported %+v", f)
		}
	}
}

func TestBatchWithBadCase(t *testing.T) {
	dir := t.TempDir()
	in, out := filepath.Join(dir, "in.jsonl"), filepath.Join(dir, "out.jsonl")
	var buf bytes.Buffer
	for _, c := range []Case{
		{ID: "bad", Manifests: "kind: [unclosed\n"},
		{ID: "good", Manifests: fixture(t, "standard.yaml"), Analyze: true},
	} {
		b, _ := json.Marshal(c)
		buf.Write(append(b, '\n'))
	}
	if err := os.WriteFile(in, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	runBatch(t, in, out)

	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	lines := bytes.Split(bytes.TrimSuffix(b, []byte("\n")), []byte("\n"))
	if len(lines) != 2 {
		t.Fatalf("%d output lines", len(lines))
	}
	var bad, good map[string]json.RawMessage
	if err := json.Unmarshal(lines[0], &bad); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(lines[1], &good); err != nil {
		t.Fatal(err)
	}
	if string(bad["id"]) != `"bad"` || string(bad["configDump"]) != "null" || string(bad["analysis"]) != "null" ||
		string(bad["error"]) == "null" {
		t.Errorf("bad case: %s", lines[0])
	}
	if string(good["id"]) != `"good"` || string(good["error"]) != "null" || string(good["configDump"]) == "null" ||
		string(good["analysis"]) == "null" {
		t.Errorf("good case: %.300s", lines[1])
	}
}

func TestManifestErrors(t *testing.T) {
	std := fixture(t, "standard.yaml")
	for _, tc := range []struct{ name, manifests, want string }{
		{"yaml", "---\nkind: [unclosed\n", "document 1: cannot parse YAML"},
		{"twice", std + "\n---\n" + std, "document 5: Gateway istio-system/gw is already defined in document 1"},
		{"invalid", "apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: x}\nspec: {hosts: [a], http: [{route: []}]}\n",
			"document 1: VirtualService default/x is invalid"},
		{"no kind", "apiVersion: v1\nmetadata: {name: x}\n", "document 1: apiVersion and kind are required"},
		{"unknown field", "apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: x}\nspec: {host: a, hots: b}\n",
			"document 1: cannot read DestinationRule default/x: unknown field \"hots\""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseManifests(tc.manifests)
			if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("error %v, want %q...", err, tc.want)
			}
		})
	}
}

func TestManifestKinds(t *testing.T) {
	m, err := ParseManifests(`
apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Service
  metadata: {name: a}
  spec: {ports: [{port: 80}]}
- apiVersion: networking.istio.io/v1beta1
  kind: DestinationRule
  metadata: {name: a}
  spec: {host: a}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: a}
---
apiVersion: v1
kind: Namespace
metadata: {name: shop}
`)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Configs) != 1 || m.Configs[0].Namespace != "default" || m.Configs[0].Domain != DomainSuffix ||
		!m.Configs[0].CreationTimestamp.Equal(CreationTime) {
		t.Errorf("configs: %+v", m.Configs)
	}
	if len(m.Kube) != 2 || m.Ignored != 1 {
		t.Fatalf("%d Kubernetes objects, %d ignored", len(m.Kube), m.Ignored)
	}
	svc := m.Kube[0].(*corev1.Service)
	if svc.Namespace != "default" || svc.Spec.Ports[0].TargetPort.IntValue() != 80 || svc.Spec.Ports[0].Protocol != "TCP" {
		t.Errorf("service: %+v", svc)
	}
	if ns := m.Kube[1].(*corev1.Namespace); ns.Namespace != "" {
		t.Errorf("namespace got namespace %q", ns.Namespace)
	}
	if !strings.Contains(m.Applied, "targetPort: 80") || !strings.Contains(m.Applied, "kind: Deployment") ||
		strings.Count(m.Applied, "namespace: default") != 3 {
		t.Errorf("applied:\n%s", m.Applied)
	}
}

func listenerNames(t *testing.T, res Result) []string {
	t.Helper()
	var names []string
	for _, l := range list(decodeDump(t, res.ConfigDump).section(t, "ListenersConfigDump")["dynamic_listeners"]) {
		names = append(names, obj(l)["name"].(string))
	}
	return names
}

// The gateway binds the target ports of the Service that selects its pod; a port without targetPort
// targets itself, as the API server defaults it.
func TestGatewayTargetPorts(t *testing.T) {
	std := fixture(t, "standard.yaml")
	noTarget := strings.Replace(std, "    targetPort: 8080\n  - name: https", "  - name: https", 1)
	if noTarget == std {
		t.Fatal("fixture changed")
	}
	pod := `
---
apiVersion: v1
kind: Pod
metadata: {name: gateway-7d4f, namespace: istio-system, labels: {istio: ingressgateway}}
spec: {containers: [{name: istio-proxy, image: proxyv2}]}
status: {phase: Running, podIP: 10.244.0.10, conditions: [{type: Ready, status: "True"}]}
`
	for _, tc := range []struct {
		name, manifests string
		gateway         *Gateway
		want            []string
	}{
		{"target port", std, nil, []string{"0.0.0.0_8080"}},
		{"no target port", noTarget, nil, []string{"0.0.0.0_80"}},
		{"pod in manifests", std + pod, nil, []string{"0.0.0.0_8080"}},
		{"other labels", std, &Gateway{Labels: map[string]string{"istio": "egressgateway"}}, nil},
	} {
		res := runOK(t, Case{ID: tc.name, Manifests: tc.manifests, Gateway: tc.gateway})
		if got := listenerNames(t, res); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: listeners %v, want %v", tc.name, got, tc.want)
		}
	}
}

// In cluster mode the analyzers see the gateway's pod, so a policy that selects the gateway selects
// a workload (IST0127 otherwise: istioctl's own default gateway pod has no proxy image, so it is not
// in the mesh).
func TestAnalysisSeesGatewayPod(t *testing.T) {
	policy := `
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: allow
  namespace: istio-system
spec:
  selector:
    matchLabels:
      istio: ingressgateway
  rules:
  - to:
    - operation:
        ports: ["8080"]
`
	codes := func(mode AnalysisMode) []string {
		res := runOK(t, Case{ID: string(mode), Manifests: fixture(t, "standard.yaml") + policy, Analyze: true,
			AnalysisMode: mode, AllNamespaces: true})
		var out []string
		for _, f := range res.Analysis {
			out = append(out, f.Code)
		}
		return out
	}
	if got := codes(AnalyzeCluster); len(got) != 0 {
		t.Errorf("cluster mode: %v", got)
	}
	// istioctl skips the Pods of files, and so the policy analyzer, which needs them.
	if got := codes(AnalyzeFiles); len(got) != 0 {
		t.Errorf("files mode: %v", got)
	}
}
