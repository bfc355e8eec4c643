package oracle

import (
	"fmt"
	"strings"

	"sigs.k8s.io/yaml"
)

// workloadKinds are the controllers whose pod template becomes a running pod, by apiVersion then kind.
var workloadKinds = map[string]map[string]bool{
	"apps/v1":  {"Deployment": true, "StatefulSet": true, "DaemonSet": true, "ReplicaSet": true},
	"batch/v1": {"Job": true},
}

// controllerProducts are the objects the cluster's controllers make from the manifests once they are
// applied, for an analysis of the cluster: a running pod per workload (from its pod template), and the
// TLS Secret of each cert-manager Certificate (spec.secretName). istiod's config generation for the
// gateway does not read them; istioctl analyze against a cluster sees them (a DestinationRule subset
// selects the pods of a Deployment, a Gateway's credentialName names the Secret cert-manager issues).
// Objects the manifests define themselves are not made again.
func controllerProducts(objs []map[string]any) (string, error) {
	defined := map[string]bool{}
	for _, o := range objs {
		defined[objectKey(o)] = true
	}
	var out strings.Builder
	for _, o := range objs {
		product := productOf(o)
		if product == nil || defined[objectKey(product)] {
			continue
		}
		defined[objectKey(product)] = true
		applyServerDefaults(product)
		y, err := yaml.Marshal(product)
		if err != nil {
			return "", err
		}
		out.WriteString("---\n")
		out.Write(y)
	}
	return out.String(), nil
}

// productOf is the object a controller makes from o, or nil.
func productOf(o map[string]any) map[string]any {
	apiVersion, _ := o["apiVersion"].(string)
	kind, _ := o["kind"].(string)
	meta, _ := o["metadata"].(map[string]any)
	spec, _ := o["spec"].(map[string]any)
	if meta == nil || spec == nil {
		return nil
	}
	name, _ := meta["name"].(string)
	namespace, _ := meta["namespace"].(string)
	if namespace == "" {
		namespace = DefaultNamespace
	}
	switch {
	case workloadKinds[apiVersion][kind]:
		template, _ := spec["template"].(map[string]any)
		templateMeta, _ := template["metadata"].(map[string]any)
		podSpec, _ := template["spec"].(map[string]any)
		if podSpec == nil {
			return nil
		}
		labels, _ := templateMeta["labels"].(map[string]any)
		return map[string]any{
			"apiVersion": "v1", "kind": "Pod",
			"metadata": map[string]any{"name": name + "-0", "namespace": namespace, "labels": labels},
			"spec":     podSpec,
			"status":   map[string]any{"phase": "Running"},
		}
	case apiVersion == "cert-manager.io/v1" && kind == "Certificate":
		secretName, _ := spec["secretName"].(string)
		if secretName == "" {
			return nil
		}
		return map[string]any{
			"apiVersion": "v1", "kind": "Secret", "type": "kubernetes.io/tls",
			"metadata": map[string]any{"name": secretName, "namespace": namespace},
			"data":     map[string]any{"tls.crt": "", "tls.key": ""},
		}
	}
	return nil
}

// objectKey names an object: "apiVersion Kind namespace/name".
func objectKey(o map[string]any) string {
	meta, _ := o["metadata"].(map[string]any)
	namespace, _ := meta["namespace"].(string)
	return fmt.Sprintf("%v %v %s/%v", o["apiVersion"], o["kind"], namespace, meta["name"])
}
