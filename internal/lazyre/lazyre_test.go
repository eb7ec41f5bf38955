package lazyre

import "testing"

func TestNewCompilesOnceOnFirstUse(t *testing.T) {
	re := New(`^a+b$`)
	first := re()
	if !first.MatchString("aab") || first.MatchString("ab c") {
		t.Fatalf("compiled expression matches wrongly: %v", first)
	}
	if re() != first {
		t.Fatal("second call compiled the expression again")
	}
}

func TestNewPanicsOnInvalidExpressionAtFirstUse(t *testing.T) {
	re := New(`(`) // must not panic here
	defer func() {
		if recover() == nil {
			t.Fatal("an invalid expression did not panic at first use")
		}
	}()
	re()
}
