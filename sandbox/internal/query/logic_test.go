package query

import (
	"slices"
	"testing"
)

// is holds for the record equal to its value.
type is int

func (n is) Eval(r int) bool { return int(n) == r }

func TestEval(t *testing.T) {
	cases := []struct {
		name string
		n    Node[int]
		want []int // the records of 1..3 that satisfy n
	}{
		{"never", Never[int]{}, nil},
		{"always", Always[int]{}, []int{1, 2, 3}},
		{"empty and", And[int]{}, []int{1, 2, 3}},
		{"empty or", Or[int]{}, nil},
		{"or", Or[int]{is(1), is(3)}, []int{1, 3}},
		{"and", And[int]{Or[int]{is(1), is(2)}, Not[int]{is(1)}}, []int{2}},
		{"not", Not[int]{Or[int]{is(1), is(2)}}, []int{3}},
	}
	for _, tc := range cases {
		var got []int
		for r := 1; r <= 3; r++ {
			if tc.n.Eval(r) {
				got = append(got, r)
			}
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s matches %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestCompileVisitsClausesInOrder(t *testing.T) {
	// a = 1 OR NOT (b = 2 AND c = 3), with clauses as strings.
	tree := OrExpr{"a", NotExpr{X: AndExpr{"b", "c"}}}
	var seen []string
	n := Compile(tree, func(e Expr) Node[int] {
		s, _ := e.(string)
		seen = append(seen, s)
		return is(map[string]int{"a": 1, "b": 2, "c": 3}[s])
	})
	if want := []string{"a", "b", "c"}; !slices.Equal(seen, want) {
		t.Errorf("Compile visited %v, want %v", seen, want)
	}
	for r, want := range map[int]bool{1: true, 2: true, 3: true, 4: true} {
		// b = 2 AND c = 3 holds for no record, so NOT of it holds for all.
		if got := n.Eval(r); got != want {
			t.Errorf("Eval(%d) = %v, want %v", r, got, want)
		}
	}
	n = Compile(AndExpr{"a", "b"}, func(e Expr) Node[int] { return is(map[string]int{"a": 1, "b": 1}[e.(string)]) })
	if !n.Eval(1) || n.Eval(2) {
		t.Errorf("a = 1 AND b = 1 compiled wrongly: Eval(1) = %v, Eval(2) = %v", n.Eval(1), n.Eval(2))
	}
}
