package oracle

import (
	"fmt"
	"sort"
	"strings"

	"istio.io/istio/pkg/config/analysis/analyzers"
	"istio.io/istio/pkg/config/analysis/local"
	"istio.io/istio/pkg/config/resource"
)

// IstioNamespace is the namespace istioctl assumes Istio is installed in.
const IstioNamespace = "istio-system"

// Finding is one message of the analysis.
type Finding struct {
	Code  string `json:"code"`
	Level string `json:"level"`
	// Resource is "Kind namespace/name", or "Kind name" for a cluster-scoped one; empty when the message
	// is about no resource.
	Resource string `json:"resource"`
	Message  string `json:"message"`
}

// AnalysisMode says which objects of the manifests the analyzers see.
type AnalysisMode string

const (
	// AnalyzeCluster lets the analyzers see every object of the manifests, Services, Pods, Namespaces
	// and Secrets included, as `istioctl analyze` does against a cluster holding them.
	AnalyzeCluster AnalysisMode = "cluster"
	// AnalyzeFiles is `istioctl analyze --use-kube=false` on a file of the manifests: istioctl skips the
	// Services, Pods, Namespaces, Nodes and Secrets of files, and so every analyzer that needs one of
	// them (IST0101 among them).
	AnalyzeFiles AnalysisMode = "files"
)

// Analyze reports what istioctl analyze reports for the manifests (in cluster mode, give it the
// manifests as the API server would hold them: Manifests.Applied): every analyzer, the default mesh
// config, the default ingress gateway pod and Service istioctl adds when it reads no cluster (objects of
// the manifests replace them), objects without a namespace in "default". Like istioctl, it keeps only
// the messages about resources in "default" or cluster-scoped ones, unless allNamespaces is set
// (istioctl's --all-namespaces).
func Analyze(manifests string, mode AnalysisMode, allNamespaces bool) ([]Finding, error) {
	ns := resource.Namespace(DefaultNamespace)
	if allNamespaces {
		ns = ""
	}
	sa := local.NewIstiodAnalyzer(analyzers.AllCombined(), ns, resource.Namespace(IstioNamespace), nil)
	source := []local.ReaderSource{{Name: "manifests.yaml", Reader: strings.NewReader(manifests)}}
	switch mode {
	case AnalyzeFiles:
		if err := sa.AddDefaultResources(); err != nil {
			return nil, fmt.Errorf("adding default resources: %v", err)
		}
		if err := sa.AddReaderKubeSource(source); err != nil {
			return nil, fmt.Errorf("reading manifests: %v", err)
		}
	case AnalyzeCluster, "":
		// The first reader decides which kinds the file source keeps: an empty one that keeps them all,
		// then the defaults, then the manifests, which replace defaults of the same name.
		if err := sa.AddTestReaderKubeSource([]local.ReaderSource{{Name: "empty", Reader: strings.NewReader("")}}); err != nil {
			return nil, err
		}
		if err := sa.AddDefaultResources(); err != nil {
			return nil, fmt.Errorf("adding default resources: %v", err)
		}
		if err := sa.AddTestReaderKubeSource(source); err != nil {
			return nil, fmt.Errorf("reading manifests: %v", err)
		}
	default:
		return nil, fmt.Errorf("unknown analysis mode %q", mode)
	}
	cancel := make(chan struct{})
	defer close(cancel)
	result, err := sa.Analyze(cancel)
	if err != nil {
		return nil, err
	}
	out := make([]Finding, 0, len(result.Messages))
	for _, m := range result.Messages {
		f := Finding{
			Code:    m.Type.Code(),
			Level:   m.Type.Level().String(),
			Message: fmt.Sprintf(m.Type.Template(), m.Parameters...),
		}
		if m.Resource != nil {
			f.Resource = m.Resource.Origin.FriendlyName()
		}
		out = append(out, f)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Resource != b.Resource {
			return a.Resource < b.Resource
		}
		if a.Code != b.Code {
			return a.Code < b.Code
		}
		return a.Message < b.Message
	})
	return out, nil
}
