package oracle

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestGoldenDumps checks that each testdata/NAME.yaml still gives the committed config dump
// (testdata/NAME.json) and analysis messages of every namespace (testdata/NAME.analysis.json).
// With ISTIO_ORACLE_UPDATE=1 it rewrites them instead.
func TestGoldenDumps(t *testing.T) {
	inputs, err := filepath.Glob(filepath.Join("testdata", "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	update := os.Getenv("ISTIO_ORACLE_UPDATE") == "1"
	for _, in := range inputs {
		name := strings.TrimSuffix(filepath.Base(in), ".yaml")
		res := runOK(t, Case{ID: name, Manifests: fixture(t, name+".yaml"), Analyze: true, AllNamespaces: true})
		var analysis bytes.Buffer
		enc := json.NewEncoder(&analysis)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(res.Analysis); err != nil {
			t.Fatal(err)
		}
		for file, raw := range map[string][]byte{name + ".json": res.ConfigDump, name + ".analysis.json": analysis.Bytes()} {
			var pretty bytes.Buffer
			if err := json.Indent(&pretty, raw, "", "  "); err != nil {
				t.Fatal(err)
			}
			pretty.WriteByte('\n')
			path := filepath.Join("testdata", file)
			if update {
				if err := os.WriteFile(path, pretty.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				continue
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (ISTIO_ORACLE_UPDATE=1 writes it)", err)
			}
			if !bytes.Equal(pretty.Bytes(), want) {
				t.Errorf("%s differs from what %s gives now (ISTIO_ORACLE_UPDATE=1 rewrites it)", path, in)
			}
		}
	}
}
