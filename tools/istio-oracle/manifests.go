package oracle

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"google.golang.org/protobuf/proto"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	kubeyaml "k8s.io/apimachinery/pkg/util/yaml"
	"sigs.k8s.io/yaml"

	"istio.io/istio/pilot/pkg/config/kube/crd"
	"istio.io/istio/pkg/config"
	"istio.io/istio/pkg/config/schema/collections"
	"istio.io/istio/pkg/config/schema/resource"
	kubelib "istio.io/istio/pkg/kube"
	"istio.io/istio/pkg/util/protomarshal"
)

// DomainSuffix is the cluster domain every config and Service is placed in.
const DomainSuffix = "cluster.local"

// DefaultNamespace is the namespace of objects that name none, as kubectl apply would place them.
const DefaultNamespace = "default"

// CreationTime is the creation timestamp of every Istio config that does not carry one, so that the
// oldest-first orderings istiod applies (among Gateways, VirtualServices, ...) fall back to name and
// namespace, the same on every run.
var CreationTime = time.Date(2026, time.January, 1, 0, 0, 0, 0, time.UTC)

// istioGroups are the API groups whose kinds go to the config store, when collections.Pilot knows the kind.
var istioGroups = map[string]bool{
	"networking.istio.io": true,
	"security.istio.io":   true,
}

// kubeKinds are the Kubernetes kinds istiod reads from the cluster, keyed by apiVersion then kind, each
// with whether it is namespaced.
var kubeKinds = map[string]map[string]bool{
	"v1": {
		"Service":   true,
		"Pod":       true,
		"Endpoints": true,
		"Secret":    true,
		"ConfigMap": true,
		"Namespace": false,
		"Node":      false,
	},
	"discovery.k8s.io/v1": {
		"EndpointSlice": true,
	},
}

// Manifests is a multi-document YAML stream split into what istiod reads from its config store and what
// it reads from Kubernetes.
type Manifests struct {
	Configs []config.Config
	Kube    []runtime.Object
	// Ignored counts the documents of kinds istiod does not read.
	Ignored int
	// Applied is every document of the stream, with the fields the API server defaults on create filled
	// in, as a YAML stream: what a cluster would hold after applying them.
	Applied string
	// Products are the objects the cluster's controllers would make from them (controllerProducts), as
	// a YAML stream.
	Products string
}

// ParseManifests splits and parses a multi-document YAML (or JSON) stream; the items of a v1 List are
// taken one by one. Istio configs are converted with the cluster.local domain, and rejected when they
// have unknown fields or when the admission webhook would reject them. Objects without a namespace are
// put in "default". Documents of other kinds are counted and skipped. Errors name a document by its
// position among the documents that are not empty.
func ParseManifests(text string) (*Manifests, error) {
	out := &Manifests{}
	var applied strings.Builder
	seen := map[string]int{}
	var all []map[string]any
	dec := kubeyaml.NewYAMLOrJSONDecoder(strings.NewReader(text), 4096)
	doc := 0 // counts the documents that are not empty
	for {
		var obj map[string]any
		err := dec.Decode(&obj)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("document %d: cannot parse YAML: %v", doc+1, err)
		}
		if len(obj) == 0 {
			continue
		}
		doc++
		objs := []map[string]any{obj}
		if obj["apiVersion"] == "v1" && obj["kind"] == "List" {
			objs = nil
			items, _ := obj["items"].([]any)
			for _, item := range items {
				if m, ok := item.(map[string]any); ok && len(m) > 0 {
					objs = append(objs, m)
				}
			}
		}
		for _, o := range objs {
			setDefaultNamespace(o)
			applyServerDefaults(o)
			all = append(all, o)
			y, err := yaml.Marshal(o)
			if err != nil {
				return nil, fmt.Errorf("document %d: %v", doc, err)
			}
			applied.WriteString("---\n")
			applied.Write(y)
			key, err := out.add(o)
			if err != nil {
				return nil, fmt.Errorf("document %d: %v", doc, err)
			}
			if key == "" {
				continue
			}
			if first, ok := seen[key]; ok {
				return nil, fmt.Errorf("document %d: %s is already defined in document %d", doc, key, first)
			}
			seen[key] = doc
		}
	}
	out.Applied = applied.String()
	products, err := controllerProducts(all)
	if err != nil {
		return nil, err
	}
	out.Products = products
	return out, nil
}

// add files obj under the config store or the Kubernetes objects, and returns what names it ("Kind
// namespace/name"), or "" when obj is of a kind istiod does not read.
func (m *Manifests) add(obj map[string]any) (string, error) {
	apiVersion, _ := obj["apiVersion"].(string)
	kindName, _ := obj["kind"].(string)
	if apiVersion == "" || kindName == "" {
		return "", fmt.Errorf("apiVersion and kind are required")
	}
	js, err := json.Marshal(obj)
	if err != nil {
		return "", err
	}
	group, version := "", apiVersion
	if i := strings.Index(apiVersion, "/"); i >= 0 {
		group, version = apiVersion[:i], apiVersion[i+1:]
	}

	if istioGroups[group] {
		gvk := config.GroupVersionKind{Group: group, Version: version, Kind: kindName}
		s, ok := collections.Pilot.FindByGroupVersionAliasesKind(gvk)
		if !ok {
			m.Ignored++
			return "", nil
		}
		cfg, err := convertIstio(s, js)
		if err != nil {
			return "", err
		}
		m.Configs = append(m.Configs, *cfg)
		return fmt.Sprintf("%s %s/%s", s.Kind(), cfg.Namespace, cfg.Name), nil
	}

	namespaced, ok := kubeKinds[apiVersion][kindName]
	if !ok {
		m.Ignored++
		return "", nil
	}
	o, _, err := kubelib.IstioCodec.UniversalDeserializer().Decode(js, nil, nil)
	if err != nil {
		return "", fmt.Errorf("cannot read %s: %v", kindName, err)
	}
	mo, ok := o.(metav1.Object)
	if !ok {
		return "", fmt.Errorf("%s has no metadata", kindName)
	}
	if namespaced && mo.GetNamespace() == "" {
		mo.SetNamespace(DefaultNamespace)
	}
	m.Kube = append(m.Kube, o)
	if !namespaced {
		return fmt.Sprintf("%s %s", kindName, mo.GetName()), nil
	}
	return fmt.Sprintf("%s %s/%s", kindName, mo.GetNamespace(), mo.GetName()), nil
}

// setDefaultNamespace puts an object of a namespaced kind Istio knows in "default" when it names no
// namespace, as kubectl apply does.
func setDefaultNamespace(obj map[string]any) {
	apiVersion, _ := obj["apiVersion"].(string)
	kindName, _ := obj["kind"].(string)
	gv, err := schema.ParseGroupVersion(apiVersion)
	if err != nil {
		return
	}
	s, ok := collections.All.FindByGroupVersionAliasesKind(config.GroupVersionKind{Group: gv.Group, Version: gv.Version, Kind: kindName})
	if !ok || s.IsClusterScoped() {
		return
	}
	meta, _ := obj["metadata"].(map[string]any)
	if meta == nil {
		meta = map[string]any{}
		obj["metadata"] = meta
	}
	if ns, _ := meta["namespace"].(string); ns == "" {
		meta["namespace"] = DefaultNamespace
	}
}

// strictFromJSON reads a spec, rejecting fields the kind does not have, as the API server does under
// kubectl's default (strict) field validation. istiod's own reader drops them.
func strictFromJSON(s resource.Schema, js string) (config.Spec, error) {
	spec, err := s.NewInstance()
	if err != nil {
		return nil, err
	}
	if pb, ok := spec.(proto.Message); ok {
		if err := protomarshal.ApplyJSONStrict(js, pb); err != nil {
			return nil, err
		}
		return spec, nil
	}
	d := json.NewDecoder(strings.NewReader(js))
	d.DisallowUnknownFields()
	if err := d.Decode(spec); err != nil {
		return nil, err
	}
	return spec, nil
}

func convertIstio(s resource.Schema, js []byte) (*config.Config, error) {
	var obj crd.IstioKind
	d := json.NewDecoder(bytes.NewReader(js))
	if err := d.Decode(&obj); err != nil {
		return nil, fmt.Errorf("cannot read %s: %v", s.Kind(), err)
	}
	if obj.Namespace == "" {
		obj.Namespace = DefaultNamespace
	}
	if obj.Spec == nil {
		obj.Spec = json.RawMessage("{}")
	}
	cfg, err := crd.ConvertObjectInternal(s, &obj, DomainSuffix, strictFromJSON)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s %s/%s: %v", s.Kind(), obj.Namespace, obj.Name, err)
	}
	if cfg.CreationTimestamp.IsZero() {
		cfg.CreationTimestamp = CreationTime
	}
	if _, err := s.ValidateConfig(*cfg); err != nil {
		return nil, fmt.Errorf("%s %s/%s is invalid: %v", s.Kind(), cfg.Namespace, cfg.Name, err)
	}
	return cfg, nil
}
