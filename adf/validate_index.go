package adf

import "sync"

// This file resolves, once, the names by which the schema tables refer to
// each other, so that validating a node costs one map lookup (its type in
// its parent's rule) rather than three, and checking attributes walks a
// slice rather than ranging over a map.

// nodeEntry is a node type's spec with its content rule resolved.
type nodeEntry struct {
	spec  nodeSpec
	rule  *ruleEntry   // nil when the node takes no content
	attrs []attrsIndex // spec.attrs, as lists
}

// ruleEntry is a content rule with each allowed child's entry resolved,
// in the rule's order, which puts the common types first: a short scan
// beats a map lookup.
type ruleEntry struct {
	rule     contentRule
	children []childEntry
}

// childEntry is how a child type may appear under a rule, and its entry.
type childEntry struct {
	name string
	cr   childRule
	node *nodeEntry
}

// child returns the entry of child type t, or nil when the rule does not
// allow it.
func (r *ruleEntry) child(t string) *childEntry {
	for i := range r.children {
		if r.children[i].name == t {
			return &r.children[i]
		}
	}
	return nil
}

// attrsIndex is an attrsSpec with its properties as a list.
type attrsIndex struct {
	props    []propEntry
	required []string
}

type propEntry struct {
	name string
	spec attrSpec
}

// markEntry is a mark type's spec with its attributes as lists.
type markEntry struct {
	spec  markSpec
	attrs []attrsIndex
}

// markIndex maps every mark type to its entry. It is built on first use and
// never changed.
var markIndex = sync.OnceValue(func() map[string]*markEntry {
	marks := make(map[string]*markEntry, len(markSpecs()))
	for name, spec := range markSpecs() {
		marks[name] = &markEntry{spec: spec, attrs: indexAlternatives(spec.attrs)}
	}
	return marks
})

// unknownEntry stands for a child type a rule allows but nodeSpecs lacks;
// it has the zero spec, as a lookup in nodeSpecs would give.
var unknownEntry = &nodeEntry{}

// nodeIndex maps every node type to its entry. It is built on first use and
// never changed.
func nodeIndex() map[string]*nodeEntry { return schemaIndex().nodes }

// ruleIndex maps every content rule's name to its entry.
func ruleIndex() map[string]*ruleEntry { return schemaIndex().rules }

var schemaIndex = sync.OnceValue(func() struct {
	nodes map[string]*nodeEntry
	rules map[string]*ruleEntry
} {
	nodes := make(map[string]*nodeEntry, len(nodeSpecs()))
	for name, spec := range nodeSpecs() {
		nodes[name] = &nodeEntry{spec: spec, attrs: indexAlternatives(spec.attrs)}
	}
	rules := make(map[string]*ruleEntry, len(contentRules()))
	for name, rule := range contentRules() {
		r := &ruleEntry{rule: rule}
		for _, child := range rule.order {
			node := nodes[child]
			if node == nil {
				node = unknownEntry
			}
			r.children = append(r.children, childEntry{name: child, cr: rule.children[child], node: node})
		}
		rules[name] = r
	}
	for _, e := range nodes {
		if e.spec.content != "" {
			e.rule = rules[e.spec.content]
			if e.rule == nil {
				e.rule = &ruleEntry{} // a rule the tables lack: the zero rule
			}
		}
	}
	return struct {
		nodes map[string]*nodeEntry
		rules map[string]*ruleEntry
	}{nodes, rules}
})

// indexAlternatives indexes each alternative set of attributes.
func indexAlternatives(alts []attrsSpec) []attrsIndex {
	var out []attrsIndex
	for _, alt := range alts {
		out = append(out, indexAttrs(alt))
	}
	return out
}

func indexAttrs(alt attrsSpec) attrsIndex {
	ix := attrsIndex{required: alt.required}
	for name, spec := range alt.props {
		ix.props = append(ix.props, propEntry{name, spec})
	}
	return ix
}

// attrsMatch reports whether a satisfies alt: every attribute is a known
// property with a valid value, and the required ones are there. It is
// attrsOK without ranging over a.
func attrsMatch(alt *attrsIndex, a map[string]any) bool {
	if len(a) > len(alt.props) {
		return false
	}
	found := 0
	for i := range alt.props {
		p := &alt.props[i]
		val, ok := a[p.name]
		if !ok {
			continue
		}
		if valueProblem(p.spec, val) != "" {
			return false
		}
		found++
	}
	if found != len(a) {
		return false // a holds an attribute that is no property
	}
	for _, r := range alt.required {
		if _, ok := a[r]; !ok {
			return false
		}
	}
	return true
}
