package contract

import (
	"cmp"
	"errors"
	"slices"
)

// cover records that an exchange exercised m's operation.
func (v *Validator) cover(m *match) {
	op := m.route.operation()
	v.mu.Lock()
	v.covered[op] = struct{}{}
	v.mu.Unlock()
}

// noteUnspecified records a request outside every API layout; other
// resolution errors are violations and are not recorded here.
func (v *Validator) noteUnspecified(method, path string, err error) {
	if !errors.Is(err, ErrUnspecified) {
		return
	}
	v.mu.Lock()
	v.unspecified[method+" "+path] = struct{}{}
	v.mu.Unlock()
}

// Covered returns the operations exercised so far by any validated request
// or response, valid or not, sorted by spec, path and method. With Load the
// Validator is shared, so this covers every test in the process so far.
func (v *Validator) Covered() []Operation {
	v.mu.Lock()
	out := make([]Operation, 0, len(v.covered))
	for op := range v.covered {
		out = append(out, *op.clone())
	}
	v.mu.Unlock()
	slices.SortFunc(out, func(a, b Operation) int {
		return cmp.Or(cmp.Compare(a.Spec, b.Spec), cmp.Compare(a.Path, b.Path), cmp.Compare(a.Method, b.Method))
	})
	return out
}

// Unspecified returns the requests seen so far whose paths lie outside every
// API layout, as "METHOD /path", sorted and without duplicates, so that a
// test can assert that nothing unexpected slipped past validation.
func (v *Validator) Unspecified() []string {
	v.mu.Lock()
	out := make([]string, 0, len(v.unspecified))
	for k := range v.unspecified {
		out = append(out, k)
	}
	v.mu.Unlock()
	slices.Sort(out)
	return out
}
