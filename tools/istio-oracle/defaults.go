package oracle

// applyServerDefaults fills in the fields the Kubernetes API server defaults on create and that istiod
// or the analyzers read: a Service's type, and the protocol and target port of its ports; the protocol
// of a Pod's container ports. Objects read straight from YAML lack them: istiod would take a Service
// port without targetPort as target port 0, and the gateway port analyzer only counts TCP ports.
func applyServerDefaults(obj map[string]any) {
	if obj["apiVersion"] != "v1" {
		return
	}
	spec, _ := obj["spec"].(map[string]any)
	if spec == nil {
		return
	}
	switch obj["kind"] {
	case "Service":
		if _, ok := spec["type"]; !ok {
			spec["type"] = "ClusterIP"
		}
		ports, _ := spec["ports"].([]any)
		for _, p := range ports {
			port, _ := p.(map[string]any)
			if port == nil {
				continue
			}
			if _, ok := port["protocol"]; !ok {
				port["protocol"] = "TCP"
			}
			if _, ok := port["targetPort"]; !ok && port["port"] != nil {
				port["targetPort"] = port["port"]
			}
		}
	case "Pod":
		for _, field := range []string{"initContainers", "containers"} {
			containers, _ := spec[field].([]any)
			for _, c := range containers {
				container, _ := c.(map[string]any)
				ports, _ := container["ports"].([]any)
				for _, p := range ports {
					if port, _ := p.(map[string]any); port != nil {
						if _, ok := port["protocol"]; !ok {
							port["protocol"] = "TCP"
						}
					}
				}
			}
		}
	}
}
