package scope

import (
	"slices"
	"sort"
)

// Scopes is a set of OAuth scopes.
type Scopes map[string]bool

// NewScopes returns the set of the given scopes.
func NewScopes(ss ...string) Scopes {
	out := Scopes{}
	for _, s := range ss {
		if s != "" {
			out[s] = true
		}
	}
	return out
}

// Unscoped is the scope set of credentials Atlassian does not scope (API
// tokens and PATs): they satisfy every requirement.
var unscopedMarker = "*"

// Unscoped returns the set that satisfies every requirement.
func Unscoped() Scopes { return Scopes{unscopedMarker: true} }

// Granted returns the scopes a Claw may use: those of the grant, that the
// site's accessible resource lists, and (if the profile narrows) that the
// profile names. A nil site or profile list does not narrow.
func Granted(grant, site, profile []string) Scopes {
	out := NewScopes(grant...)
	if site != nil {
		keep := NewScopes(site...)
		for s := range out {
			if !keep[s] {
				delete(out, s)
			}
		}
	}
	if len(profile) > 0 {
		keep := NewScopes(profile...)
		for s := range out {
			if !keep[s] {
				delete(out, s)
			}
		}
	}
	return out
}

// Narrow returns the scopes of s that the profile names; an empty profile
// list keeps s as it is. It narrows unscoped credentials to the list.
func (s Scopes) Narrow(profile []string) Scopes {
	if len(profile) == 0 {
		return s
	}
	if s[unscopedMarker] {
		return NewScopes(profile...)
	}
	return Granted(s.List(), nil, profile)
}

// Has reports whether the set holds scope.
func (s Scopes) Has(scope string) bool { return s[unscopedMarker] || s[scope] }

// Satisfies reports whether the set holds all of classic or all of
// granular; if not, it returns the classic scopes that are missing.
func (s Scopes) Satisfies(classic, granular []string) (bool, []string) {
	if len(classic) > 0 && s.hasAll(classic) {
		return true, nil
	}
	if len(granular) > 0 && s.hasAll(granular) {
		return true, nil
	}
	var missing []string
	for _, c := range classic {
		if !s.Has(c) {
			missing = append(missing, c)
		}
	}
	if len(missing) == 0 {
		missing = slices.Clone(classic)
	}
	return false, missing
}

func (s Scopes) hasAll(need []string) bool {
	for _, n := range need {
		if !s.Has(n) {
			return false
		}
	}
	return true
}

// List returns the scopes, sorted.
func (s Scopes) List() []string {
	out := make([]string, 0, len(s))
	for k := range s {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
