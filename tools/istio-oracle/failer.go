package oracle

import (
	"bytes"
	"fmt"
	"runtime"
	"strconv"
	"sync"

	"istio.io/istio/pkg/test"
)

// caseFailer is the test.Failer handed to the fake discovery server of one case. Cleanups and logs go
// to the case's subtest, but a fatal error does not fail the test: it is recorded as the case's error.
// On the goroutine that runs the case it unwinds with a panic that Run recovers; on any other goroutine
// it ends that goroutine, as testing.T does.
type caseFailer struct {
	t         test.Failer
	goroutine uint64

	mu  sync.Mutex
	err error
}

type caseAbort struct{}

func newCaseFailer(t test.Failer) *caseFailer {
	return &caseFailer{t: t, goroutine: goroutineID()}
}

func (f *caseFailer) record(err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err == nil {
		f.err = err
	}
}

// Err is the first fatal error reported, if any.
func (f *caseFailer) Err() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.err
}

func (f *caseFailer) stop() {
	if goroutineID() == f.goroutine {
		panic(caseAbort{})
	}
	runtime.Goexit()
}

func (f *caseFailer) Fail() { f.record(fmt.Errorf("failed")) }

func (f *caseFailer) FailNow() {
	f.record(fmt.Errorf("failed"))
	f.stop()
}

func (f *caseFailer) Fatal(args ...any) {
	f.record(fmt.Errorf("%s", fmt.Sprint(args...)))
	f.stop()
}

func (f *caseFailer) Fatalf(format string, args ...any) {
	f.record(fmt.Errorf(format, args...))
	f.stop()
}

func (f *caseFailer) Log(args ...any)                 { f.t.Log(args...) }
func (f *caseFailer) Logf(format string, args ...any) { f.t.Logf(format, args...) }
func (f *caseFailer) TempDir() string                 { return f.t.TempDir() }
func (f *caseFailer) Helper()                         {}
func (f *caseFailer) Cleanup(fn func())               { f.t.Cleanup(fn) }
func (f *caseFailer) Skip(args ...any) {
	f.record(fmt.Errorf("skipped: %s", fmt.Sprint(args...)))
	f.stop()
}

// guard runs fn on the calling goroutine, turning an abort raised by f into a return.
func (f *caseFailer) guard(fn func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(caseAbort); !ok {
				panic(r)
			}
			err = f.Err()
		}
	}()
	if err := fn(); err != nil {
		return err
	}
	return f.Err()
}

func goroutineID() uint64 {
	var buf [64]byte
	b := buf[:runtime.Stack(buf[:], false)]
	b = bytes.TrimPrefix(b, []byte("goroutine "))
	if i := bytes.IndexByte(b, ' '); i >= 0 {
		b = b[:i]
	}
	id, _ := strconv.ParseUint(string(b), 10, 64)
	return id
}
