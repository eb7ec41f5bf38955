package adf

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// A ValidationError says where a document breaks the ADF schema and how to
// fix it. Path is the JSON path of the offending node, attribute or mark,
// relative to the doc node, such as "content[2].content[0]"; it is empty when
// the doc node itself is at fault.
type ValidationError struct {
	Path string
	Msg  string
}

// Error returns the path and the message, e.g.
// `content[2].content[0]: node type "paragraph" is not allowed inside "bulletList" (expected listItem)`.
func (e *ValidationError) Error() string {
	if e.Path == "" {
		return "doc: " + e.Msg
	}
	return e.Path + ": " + e.Msg
}

// Validate checks a doc node against the ADF schema (full.json) plus the few
// rules Atlassian's editor adds, and returns a *ValidationError naming the
// first invalid node in document order, or nil.
func Validate(doc *Node) error {
	return validate(doc, nil)
}

// verr is a validation error whose path is assembled while unwinding.
type verr struct {
	segs []string // innermost first
	msg  string
}

func (e *verr) at(seg string) *verr {
	e.segs = append(e.segs, seg)
	return e
}

func newErr(format string, args ...any) *verr {
	return &verr{msg: fmt.Sprintf(format, args...)}
}

type validator struct {
	issues map[any]string // problems the JSON decoder found, by node or mark
	// Marks are shared between nodes; the last few found valid are not
	// checked again.
	valid     [4]*Mark
	validNext int
}

func validate(doc *Node, issues map[any]string) error {
	v := validator{issues: issues}
	var e *verr
	switch {
	case doc == nil:
		e = newErr(`the document is empty; send {"type":"doc","version":1,"content":[...]}`)
	case issues[doc] != "":
		e = newErr("%s", issues[doc])
	case doc.Type != "doc":
		e = newErr(`the top node must be {"type":"doc","version":1,"content":[...]}, not %q`, doc.Type)
	default:
		e = v.node(doc, nodeIndex()["doc"], "", &childRule{}, 0)
	}
	if e == nil {
		return nil
	}
	for i, j := 0, len(e.segs)-1; i < j; i, j = i+1, j-1 {
		e.segs[i], e.segs[j] = e.segs[j], e.segs[i]
	}
	return &ValidationError{Path: strings.Join(e.segs, "."), Msg: e.msg}
}

// issue returns what the JSON decoder found wrong with a node or mark.
func (v *validator) issue(key any) string {
	if v.issues == nil {
		return ""
	}
	return v.issues[key]
}

// node checks n, whose type's entry is ne, found under a parent of type
// parent by the child rule cr.
func (v *validator) node(n *Node, ne *nodeEntry, parent string, cr *childRule, depth int) *verr {
	if msg := v.issue(n); msg != "" {
		return newErr("%s", msg)
	}
	spec := &ne.spec
	if e := v.nodeAttrs(n, ne); e != nil {
		return e
	}
	if spec.text {
		if n.Text == "" {
			return newErr(`text nodes need a non-empty "text"; drop empty text nodes`)
		}
	} else if n.Text != "" {
		return newErr(`node %q cannot have a "text" field; put text in a child {"type":"text","text":...}`, n.Type)
	}
	if e := v.marks(n, parent, spec, cr); e != nil {
		return e
	}
	return v.content(n, ne, cr, depth)
}

func (v *validator) content(n *Node, ne *nodeEntry, cr *childRule, depth int) *verr {
	spec := &ne.spec
	if spec.content == "" {
		if n.Content != nil {
			return newErr(`node %q cannot have content; remove the "content" field`, n.Type)
		}
		return nil
	}
	re := ne.rule
	rule := &re.rule
	if n.Content == nil && spec.contentRequired && n.Type != "doc" {
		if rule.min > 0 {
			return newErr(`node %q needs a "content" array with at least %d node (one of: %s)`, n.Type, rule.min, strings.Join(allowedFirst(*rule), ", "))
		}
		return newErr(`node %q needs a "content" array`, n.Type)
	}
	if len(n.Content) < rule.min {
		return newErr(`node %q needs at least %d child node in "content" (one of: %s)`, n.Type, rule.min, strings.Join(allowedFirst(*rule), ", "))
	}
	if rule.max > 0 && len(n.Content) > rule.max {
		return newErr(`node %q takes at most %d child nodes, got %d`, n.Type, rule.max, len(n.Content))
	}
	if cr.minCols > 0 && (len(n.Content) < cr.minCols || len(n.Content) > cr.maxCols) {
		return newErr(`node %q needs %d to %d layoutColumn nodes, got %d`, n.Type, cr.minCols, cr.maxCols, len(n.Content))
	}
	if depth >= maxDepth && len(n.Content) > 0 {
		return newErr("nodes are nested more than %d levels deep; flatten the document", maxDepth)
	}
	for i, c := range n.Content {
		if e := v.child(n, re, i, c, depth); e != nil {
			return e.at("content[" + strconv.Itoa(i) + "]")
		}
	}
	return nil
}

func (v *validator) child(parent *Node, re *ruleEntry, i int, c *Node, depth int) *verr {
	if c == nil {
		return newErr("null is not a node; remove it")
	}
	if msg := v.issue(c); msg != "" {
		return newErr("%s", msg)
	}
	rule := &re.rule
	ce := re.child(c.Type)
	if ce == nil {
		if _, known := nodeSpecs()[c.Type]; !known {
			return newErr("unknown node type %q; inside %q use one of: %s", c.Type, parent.Type, strings.Join(rule.order, ", "))
		}
		return newErr("node type %q is not allowed inside %q (expected %s)", c.Type, parent.Type, strings.Join(rule.order, ", "))
	}
	if i == 0 && rule.first != nil && !contains(rule.first, c.Type) {
		return newErr("%q must start with %s, not %q", parent.Type, orList(rule.first), c.Type)
	}
	if rule.positional != nil {
		if i >= len(rule.positional) || !contains(rule.positional[i], c.Type) {
			return newErr("node type %q cannot be child %d of %q (expected %s)", c.Type, i, parent.Type, describePositional(rule.positional))
		}
	}
	return v.node(c, ce.node, parent.Type, &ce.cr, depth+1)
}

func (v *validator) marks(n *Node, parent string, spec *nodeSpec, cr *childRule) *verr {
	if len(n.Marks) == 0 {
		return nil
	}
	if !spec.marks {
		return newErr(`node %q cannot have marks; remove the "marks" field`, n.Type)
	}
	for i, m := range n.Marks {
		if e := v.mark(m); e != nil {
			return e.at("marks[" + strconv.Itoa(i) + "]")
		}
		for j := 0; j < i; j++ {
			if n.Marks[j].Type == m.Type && m.Type != "annotation" {
				return newErr("mark %q appears twice; keep one", m.Type).at("marks[" + strconv.Itoa(i) + "]")
			}
		}
	}
	where := func() string {
		if parent == "" {
			return ""
		}
		return fmt.Sprintf(" inside %q", parent)
	}
	if len(cr.marks) == 0 {
		return newErr("node %q%s cannot carry marks; remove them", n.Type, where()).at("marks[0]")
	}
	for i, m := range n.Marks {
		if !inAnySet(cr.marks, m.Type) {
			return newErr("mark %q is not allowed on %q%s (allowed: %s)", m.Type, n.Type, where(), strings.Join(union(cr.marks), ", ")).at("marks[" + strconv.Itoa(i) + "]")
		}
	}
	for _, set := range cr.marks {
		if allIn(n.Marks, set) {
			return nil
		}
	}
	names := make([]string, len(n.Marks))
	for i, m := range n.Marks {
		names[i] = m.Type
	}
	hint := ""
	if n.Type == "text" {
		hint = "; text with the code mark may only also carry link and annotation"
	}
	return newErr("marks %s cannot be combined on %q%s%s", strings.Join(names, "+"), n.Type, where(), hint)
}

func (v *validator) mark(m *Mark) *verr {
	if m == nil {
		return newErr("null is not a mark; remove it")
	}
	for _, ok := range v.valid {
		if ok == m {
			return nil
		}
	}
	if msg := v.issue(m); msg != "" {
		return newErr("%s", msg)
	}
	me, ok := markIndex()[m.Type]
	if !ok {
		return newErr("unknown mark %q (known: %s)", m.Type, strings.Join(sortedMarkNames(), ", "))
	}
	if me.spec.attrs == nil {
		if m.Attrs != nil {
			return newErr(`mark %q takes no attrs; remove the "attrs" field`, m.Type)
		}
		v.remember(m)
		return nil
	}
	for i := range me.attrs {
		if m.Attrs != nil && attrsMatch(&me.attrs[i], m.Attrs) {
			v.remember(m)
			return nil
		}
	}
	return v.attrs(m.Type, "mark", m.Attrs, me.spec.attrs, true)
}

// remember notes a mark found valid.
func (v *validator) remember(m *Mark) {
	v.valid[v.validNext] = m
	v.validNext = (v.validNext + 1) % len(v.valid)
}

// nodeAttrs checks a node's attrs against its type's alternatives.
func (v *validator) nodeAttrs(n *Node, ne *nodeEntry) *verr {
	if n.Attrs != nil && len(ne.attrs) > 0 {
		for i := range ne.attrs {
			if attrsMatch(&ne.attrs[i], n.Attrs) {
				return nil
			}
		}
	}
	return v.attrs(n.Type, "node", n.Attrs, ne.spec.attrs, ne.spec.attrsRequired)
}

// attrs checks an attrs object against its alternatives. what is "node" or
// "mark", for messages.
func (v *validator) attrs(typ, what string, a map[string]any, alts []attrsSpec, required bool) *verr {
	if len(alts) == 0 {
		if len(a) > 0 {
			return newErr(`%s %q takes no attrs; remove the "attrs" field`, what, typ)
		}
		return nil
	}
	if a == nil {
		if required {
			return newErr("%s %q needs attrs: %s", what, typ, describeRequired(alts[0]))
		}
		return nil
	}
	var best *verr
	bestCount := -1
	for _, alt := range alts {
		if attrsOK(alt, a) {
			return nil
		}
		e, count := attrsProblem(typ, what, alt, a)
		if bestCount < 0 || count < bestCount {
			best, bestCount = e, count
		}
	}
	return best
}

// attrsOK is the allocation-free happy path of attrsProblem.
func attrsOK(alt attrsSpec, a map[string]any) bool {
	for k, val := range a {
		p, ok := alt.props[k]
		if !ok || valueProblem(p, val) != "" {
			return false
		}
	}
	for _, r := range alt.required {
		if _, ok := a[r]; !ok {
			return false
		}
	}
	return true
}

// attrsProblem returns the first problem (by attribute name) and how many
// there are, so that the closest alternative can be reported.
func attrsProblem(typ, what string, alt attrsSpec, a map[string]any) (*verr, int) {
	var first *verr
	count := 0
	keys := make([]string, 0, len(a))
	for k := range a {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		p, ok := alt.props[k]
		if !ok {
			count++
			if first == nil {
				first = newErr("attribute %q is not allowed on %s %q (allowed: %s)", k, what, typ, strings.Join(sortedProps(alt), ", ")).at("attrs." + k)
			}
			continue
		}
		if msg := valueProblem(p, a[k]); msg != "" {
			count++
			if first == nil {
				first = newErr("%s", msg).at("attrs." + k)
			}
		}
	}
	for _, r := range alt.required {
		if _, ok := a[r]; !ok {
			count++
			if first == nil {
				first = newErr("%s %q needs attrs.%s (%s)", what, typ, r, alt.props[r].want)
			}
		}
	}
	return first, count
}

func valueProblem(p attrSpec, val any) string {
	bad := func() string { return fmt.Sprintf("must be %s, got %s", p.want, describeValue(val)) }
	switch p.kind {
	case kString:
		s, ok := val.(string)
		if !ok || p.minLen > 0 && utf8.RuneCountInString(s) < p.minLen || (p.pattern != nil && !p.pattern().MatchString(s)) {
			return bad()
		}
	case kNumber:
		f, ok := toFloat(val)
		if !ok || (p.hasMin && f < p.min) || (p.hasMax && f > p.max) {
			return bad()
		}
	case kBool:
		if _, ok := val.(bool); !ok {
			return bad()
		}
	case kNumberArray:
		if !isArrayOf(val, 0, func(e any) bool { _, ok := toFloat(e); return ok }) {
			return bad()
		}
	case kStringArray:
		if !isArrayOf(val, p.minItems, func(e any) bool { _, ok := e.(string); return ok }) {
			return bad()
		}
	case kDatasource:
		if !validDatasource(val) {
			return bad()
		}
	}
	if p.enum != nil {
		s, ok := val.(string)
		if !ok || !contains(p.enum, s) {
			return bad()
		}
	}
	return ""
}

func isArrayOf(val any, minItems int, ok func(any) bool) bool {
	switch x := val.(type) {
	case []any:
		if len(x) < minItems {
			return false
		}
		for _, e := range x {
			if !ok(e) {
				return false
			}
		}
		return true
	case []string:
		return len(x) >= minItems && ok("")
	case []float64:
		return len(x) >= minItems && ok(0.0)
	case []int:
		return len(x) >= minItems && ok(0)
	}
	return false
}

func validDatasource(val any) bool {
	m, ok := val.(map[string]any)
	if !ok {
		return false
	}
	for k := range m {
		if k != "id" && k != "parameters" && k != "views" {
			return false
		}
	}
	if _, ok := m["id"].(string); !ok {
		return false
	}
	if _, ok := m["parameters"]; !ok {
		return false
	}
	views, ok := m["views"].([]any)
	if !ok || len(views) == 0 {
		return false
	}
	for _, view := range views {
		vm, ok := view.(map[string]any)
		if !ok {
			return false
		}
		for k := range vm {
			if k != "properties" && k != "type" {
				return false
			}
		}
		if _, ok := vm["type"].(string); !ok {
			return false
		}
	}
	return true
}
