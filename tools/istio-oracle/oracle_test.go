package oracle

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
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
// be run gets an error line and does not fail the test. Each case runs as soon as its line is read and
// its result is flushed at once: in and out may be pipes (/dev/stdin, /dev/fd/3) through which another
// process sends cases one by one and waits for each result.
func runBatch(t *testing.T, in, out string) {
	r, err := openStream(in, os.Open)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	f, err := openStream(out, os.Create)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	i := 0
	err = EachCase(r, func(c Case, parseErr error) error {
		var res Result
		if parseErr != nil {
			res = Failed(c.ID, parseErr)
		} else {
			t.Run(fmt.Sprint(i), func(t *testing.T) {
				res = RunCase(t, c)
			})
		}
		i++
		if err := WriteResult(w, res); err != nil {
			return err
		}
		return w.Flush()
	})
	if err != nil {
		t.Fatalf("%s -> %s: %v", in, out, err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// openStream opens path with open, except /dev/stdin and /dev/fd/N, which are taken as the open file
// descriptors they name: a parent process may hand over sockets, which cannot be opened by path.
func openStream(path string, open func(string) (*os.File, error)) (*os.File, error) {
	if path == "/dev/stdin" {
		return os.Stdin, nil
	}
	if fd, ok := strings.CutPrefix(path, "/dev/fd/"); ok {
		n, err := strconv.Atoi(fd)
		if err != nil || n < 0 {
			return nil, fmt.Errorf("%s: not a file descriptor", path)
		}
		return os.NewFile(uintptr(n), path), nil
	}
	return open(path)
}
