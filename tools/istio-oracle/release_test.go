package oracle

import (
	"runtime"
	"testing"
	"time"
)

// A batch may hold thousands of cases: once a case's subtest ends, its servers must be gone.
func TestCasesReleaseTheirServers(t *testing.T) {
	std := fixture(t, "standard.yaml")
	run := func(n int) {
		for i := 0; i < n; i++ {
			t.Run("case", func(t *testing.T) { RunCase(t, Case{ID: "c", Manifests: std, Analyze: true}) })
		}
	}
	heap := func() uint64 {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return ms.HeapInuse
	}
	run(2)
	goroutines, before := runtime.NumGoroutine(), heap()
	run(12)
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > goroutines && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > goroutines {
		t.Errorf("%d goroutines after 12 more cases, %d before", n, goroutines)
	}
	if after := heap(); after > before+12<<20 {
		t.Errorf("heap grew from %d MB to %d MB over 12 cases", before>>20, after>>20)
	}
}
