// Package lazyre compiles regular expressions on first use instead of at
// package initialisation, where every start-up of the binary would pay for
// them whether or not the code that needs them ever runs.
package lazyre

import (
	"regexp"
	"sync"
)

// New returns a function that compiles expr the first time it is called and
// returns the same *regexp.Regexp ever after. Like regexp.MustCompile it
// panics on an invalid expression, so expr must be a constant.
func New(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}
