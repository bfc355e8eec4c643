package oracle

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"runtime/debug"
	"strings"

	"sigs.k8s.io/yaml"

	"istio.io/istio/pkg/kube/krt"
	"istio.io/istio/pkg/test"
)

// Case is one line of the input.
type Case struct {
	ID        string   `json:"id"`
	Manifests string   `json:"manifests"`
	Gateway   *Gateway `json:"gateway,omitempty"`
	Analyze   bool     `json:"analyze,omitempty"`
	// AnalysisMode is "cluster" (the default) or "files"; see AnalysisMode.
	AnalysisMode AnalysisMode `json:"analysisMode,omitempty"`
	// AllNamespaces keeps analysis messages about every namespace, as istioctl analyze --all-namespaces.
	AllNamespaces bool `json:"allNamespaces,omitempty"`
}

// Result is one line of the output. When Error is set the other fields are null.
type Result struct {
	ID         string          `json:"id"`
	ConfigDump json.RawMessage `json:"configDump"`
	Analysis   []Finding       `json:"analysis"`
	Error      *string         `json:"error"`
}

// EachCase reads JSON Lines and calls run for each case as soon as its line is read, so that the
// input may be a pipe fed one case at a time. Blank lines are skipped. A line that is not a case is
// passed with its parse error (and an id made from its line number), so that it still gets its output
// line.
func EachCase(r io.Reader, run func(c Case, parseErr error) error) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1024*1024), 256*1024*1024)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" {
			continue
		}
		var c Case
		err := json.Unmarshal([]byte(text), &c)
		if err != nil {
			err = fmt.Errorf("input line %d is not a case: %v", line, err)
			if c.ID == "" {
				c.ID = fmt.Sprintf("line-%d", line)
			}
		}
		if err := run(c, err); err != nil {
			return err
		}
	}
	return sc.Err()
}

// RunCase runs one case with t as the test whose cleanups end the case's servers. It never fails t:
// anything that stops the case becomes the result's error.
func RunCase(t test.Failer, c Case) (res Result) {
	res.ID = c.ID
	// Every krt collection registers with the global debug handler, which would keep all the servers
	// of earlier cases alive; each case gets a fresh one.
	krt.GlobalDebugHandler = new(krt.DebugHandler)
	f := newCaseFailer(t)
	err := f.guard(func() (err error) {
		defer func() {
			if r := recover(); r != nil {
				if _, ok := r.(caseAbort); ok {
					panic(r)
				}
				f.Logf("panic: %v\n%s", r, debug.Stack())
				err = fmt.Errorf("panic: %v", r)
			}
		}()
		switch c.AnalysisMode {
		case "", AnalyzeCluster, AnalyzeFiles:
		default:
			return fmt.Errorf("unknown analysisMode %q (cluster or files)", c.AnalysisMode)
		}
		m, err := ParseManifests(c.Manifests)
		if err != nil {
			return err
		}
		gw := c.Gateway.WithDefaults()
		x := Generate(f, m, gw)
		if err := f.Err(); err != nil {
			return err
		}
		dump, err := x.ConfigDump()
		if err != nil {
			return fmt.Errorf("building config dump: %v", err)
		}
		js, err := MarshalDump(dump)
		if err != nil {
			return fmt.Errorf("encoding config dump: %v", err)
		}
		res.ConfigDump = js
		if c.Analyze {
			text := c.Manifests
			if c.AnalysisMode != AnalyzeFiles {
				// The cluster holds the gateway's pod too, as the config generation assumed, and what
				// the controllers made of the manifests.
				text = m.Applied + m.Products
				if pod, added := m.GatewayPod(gw); added {
					y, err := yaml.Marshal(pod)
					if err != nil {
						return err
					}
					text += "---\n" + string(y)
				}
			}
			findings, err := Analyze(text, c.AnalysisMode, c.AllNamespaces)
			if err != nil {
				return fmt.Errorf("analysis: %v", err)
			}
			res.Analysis = findings
		}
		return nil
	})
	if err != nil {
		return Failed(c.ID, err)
	}
	return res
}

// Failed is the result of a case that could not be run.
func Failed(id string, err error) Result {
	msg := strings.Join(strings.Fields(err.Error()), " ")
	return Result{ID: id, Error: &msg}
}

// WriteResult writes one result as a line.
func WriteResult(w io.Writer, r Result) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(r); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}
