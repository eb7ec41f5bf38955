package atlassian

import (
	"flag"
	"fmt"
	"os"
	"testing"

	"github.com/clawbridge/atlassian-mcp/internal/contract"
)

// TestMain runs the package's tests and then, when all of them ran and
// passed, checks that between them they sent every operation the client
// can call through the contract validator, so that no operation's
// requests and answers go unchecked against Atlassian's specs, and that
// coverage cannot shrink without a test failing. A run narrowed with -run,
// -skip or -short is not checked.
func TestMain(m *testing.M) {
	code := m.Run()
	if code == 0 && flag.Lookup("test.run").Value.String() == "" && flag.Lookup("test.skip").Value.String() == "" && !testing.Short() {
		if err := checkOpsCovered(); err != nil {
			fmt.Fprintln(os.Stderr, "FAIL:", err)
			code = 1
		}
	}
	os.Exit(code)
}

// checkOpsCovered returns an error naming the operations of Ops that no
// contract-validated exchange exercised.
func checkOpsCovered() error {
	v, err := contract.Shared()
	if err != nil {
		fmt.Fprintln(os.Stderr, "contract coverage not checked:", err)
		return nil
	}
	covered := map[string]bool{}
	for _, op := range v.Covered() {
		covered[op.Method+" "+op.ID] = true
	}
	var missing []string
	for _, o := range Ops() {
		spec, ok := v.Operation(o.Method, specPath(o))
		if !ok || !covered[spec.Method+" "+spec.ID] {
			missing = append(missing, o.Action+" ("+o.Method+" "+o.Path+")")
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("no contract-validated test of the client sends %d of its %d operations: %v", len(missing), len(Ops()), missing)
	}
	return nil
}
