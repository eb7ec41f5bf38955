package query

import "testing"

func TestOpNamed(t *testing.T) {
	names := []string{"=", "!=", "<", ">", "<=", ">=", "~", "!~", "in", "not in"}
	seen := Ops(0)
	for _, n := range names {
		op := OpNamed(n)
		if op == 0 || op&(op-1) != 0 || op >= NextOp {
			t.Errorf("OpNamed(%q) = %b, want one of the shared operator bits", n, op)
		}
		if seen&op != 0 {
			t.Errorf("OpNamed(%q) = %b, which another name already has", n, op)
		}
		seen |= op
	}
	if seen != EqOps|OrderOps|TextOps {
		t.Errorf("the named operators are %b, want all of EqOps, OrderOps and TextOps (%b)", seen, EqOps|OrderOps|TextOps)
	}
	for _, n := range []string{"IN", "is", "was", "==", "", "not  in"} {
		if op := OpNamed(n); op != 0 {
			t.Errorf("OpNamed(%q) = %b, want 0", n, op)
		}
	}
}

func TestHolds(t *testing.T) {
	cases := []struct {
		op   Ops
		want [3]bool // for c = -1, 0, +1
	}{
		{Lt, [3]bool{true, false, false}},
		{Le, [3]bool{true, true, false}},
		{Gt, [3]bool{false, false, true}},
		{Ge, [3]bool{false, true, true}},
		{Eq, [3]bool{}},
		{Lt | Gt, [3]bool{}},
	}
	for _, tc := range cases {
		for i, c := range []int{-1, 0, 1} {
			if got := tc.op.Holds(c); got != tc.want[i] {
				t.Errorf("%b.Holds(%d) = %v, want %v", tc.op, c, got, tc.want[i])
			}
		}
	}
}
