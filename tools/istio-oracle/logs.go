package oracle

import (
	"os"

	"istio.io/istio/pkg/log"
)

// quietLogs sends istiod's logs to stderr, at the level ISTIO_ORACLE_LOG names (none, error, warn, info,
// debug; none when unset), so that stdout stays the test framework's.
func quietLogs() {
	level := log.NoneLevel
	if v := os.Getenv("ISTIO_ORACLE_LOG"); v != "" {
		level = log.StringToLevel(v)
	}
	o := log.DefaultOptions()
	o.OutputPaths = []string{"stderr"}
	o.SetDefaultOutputLevel(log.OverrideScopeName, level)
	_ = log.Configure(o)
}
