package oracle

import (
	"bufio"
	"fmt"
	"os"
	"testing"
)

// TestOracle runs the batch named by ISTIO_ORACLE_INPUT and writes one result line per case to
// ISTIO_ORACLE_OUTPUT.
func TestOracle(t *testing.T) {
	in := os.Getenv("ISTIO_ORACLE_INPUT")
	if in == "" {
		t.Skip("ISTIO_ORACLE_INPUT is not set")
	}
	out := os.Getenv("ISTIO_ORACLE_OUTPUT")
	if out == "" {
		t.Fatal("ISTIO_ORACLE_OUTPUT is not set")
	}
	quietLogs()
	runBatch(t, in, out)
}

// runBatch runs each case of the JSON Lines file in in its own subtest, so that its servers are shut
// down before the next one starts, and writes the results to out in the same order. A case that cannot
// be run gets an error line and does not fail the test.
func runBatch(t *testing.T, in, out string) {
	r, err := os.Open(in)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	cases, parseErrs, err := ReadCases(r)
	if err != nil {
		t.Fatalf("reading %s: %v", in, err)
	}
	f, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	for i, c := range cases {
		var res Result
		if parseErrs[i] != nil {
			res = Failed(c.ID, parseErrs[i])
		} else {
			t.Run(fmt.Sprint(i), func(t *testing.T) {
				res = RunCase(t, c)
			})
		}
		// Flushed line by line: if the process dies, the results so far are kept.
		if err := WriteResult(w, res); err != nil {
			t.Fatal(err)
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}
