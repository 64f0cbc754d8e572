package rules

import (
	"reflect"
	"strconv"

	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/parser"
)

// patcher rewrites a rule's syntax tree before expr type-checks it:
//
//   - a bare identifier that names an account field becomes a member of the
//     account (mrr -> account.mrr);
//   - days_until(t) and days_since(t) get the evaluation time as a last
//     argument (-> days_until(t, now));
//   - has(x.f) becomes "f" in x, the presence test for map accounts;
//   - method calls are refused unless allowed.
//
// It also records member accesses (for Refs) and the root of the tree (for
// the cost estimate and the result type).
type patcher struct {
	fields       map[string]bool // account fields; nil when compiling over an environment
	rewrite      bool            // rewrite bare field names to account.<name>
	methods      map[string]bool // the account's methods
	funcs        map[string]bool
	envNames     []string // names known in the environment, for suggestions
	envType      reflect.Type
	lets         map[string]bool // names bound by let in the source
	allowMethods bool
	usesClock    bool
	refs         map[string]bool
	root         ast.Node
	errs         []patchError
}

type patchError struct {
	loc  file.Location
	kind error
	msg  string
}

// Visit is called for every node, children first, so the last node visited
// is the root.
func (p *patcher) Visit(node *ast.Node) {
	switch n := (*node).(type) {
	case *ast.IdentifierNode:
		if p.fields != nil && n.Value == "account" && !p.fields["account"] {
			// The environment's own name for the account is not part of the
			// language: rules name fields directly.
			p.errs = append(p.errs, patchError{n.Location(), ErrUnknownName, `"account": name the account's fields directly`})
		}
		if p.rewrite && p.fields[n.Value] && !p.funcs[n.Value] && n.Value != "now" {
			ast.Patch(node, &ast.MemberNode{
				Node:     &ast.IdentifierNode{Value: "account"},
				Property: &ast.StringNode{Value: n.Value},
			})
			p.refs["account."+n.Value] = true
			break
		}
		p.checkName(n)
	case *ast.MemberNode:
		if id, ok := n.Node.(*ast.IdentifierNode); ok {
			if s, ok := n.Property.(*ast.StringNode); ok {
				p.refs[id.Value+"."+s.Value] = true
			}
		}
		p.checkMember(n)
	case *ast.CallNode:
		switch callee := n.Callee.(type) {
		case *ast.IdentifierNode:
			switch {
			case clockFunctions[callee.Value] && len(n.Arguments) == 1:
				n.Arguments = append(n.Arguments, &ast.IdentifierNode{Value: "now"})
				p.usesClock = true
			case callee.Value == "has":
				p.has(n)
			case callee.Value == "now":
				p.errs = append(p.errs, patchError{n.Location(), ErrSyntax, "now is the evaluation time, not a function: write now, not now()"})
			case p.methods[callee.Value] && !p.funcs[callee.Value]:
				if !p.allowMethods {
					p.errs = append(p.errs, patchError{n.Location(), ErrMethodCall, "the rule calls method " + callee.Value})
				} else if p.rewrite {
					n.Callee = &ast.MemberNode{Node: &ast.IdentifierNode{Value: "account"}, Property: &ast.StringNode{Value: callee.Value}, Method: true}
				}
			}
		case *ast.MemberNode:
			if !p.allowMethods {
				p.errs = append(p.errs, patchError{n.Location(), ErrMethodCall, "the rule calls method " + callee.String()})
			}
		}
	}
	p.root = *node
}

// checkName reports an identifier that names nothing the rule can see.
// expr's checker misses some (those inside the arguments of typed
// functions, as in clamp(mrrr, 0, 1)), so the patcher checks them all.
func (p *patcher) checkName(n *ast.IdentifierNode) {
	name := n.Value
	if p.funcs[name] || p.methods[name] || p.lets[name] || name == "now" || name == "$env" || name == hasFunction {
		return
	}
	if _, ok := fieldType(p.envType, name); ok {
		return
	}
	if p.fields != nil && name == "account" {
		return // reported as the environment's own name
	}
	known := append(fieldNames(p.envType), p.envNames...)
	for f := range p.fields {
		known = append(known, f)
	}
	for f := range p.funcs {
		known = append(known, f)
	}
	for l := range p.lets {
		known = append(known, l)
	}
	p.unknown(n.Location(), name, known)
}

// checkMember reports x.f where x is a struct without a field or method f.
func (p *patcher) checkMember(n *ast.MemberNode) {
	prop, ok := n.Property.(*ast.StringNode)
	if !ok || n.Method {
		return
	}
	t := p.typeOf(n.Node)
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil || t.Kind() != reflect.Struct {
		return
	}
	if _, ok := fieldType(t, prop.Value); ok || methodNames(t)[prop.Value] {
		return
	}
	p.unknown(prop.Location(), prop.Value, fieldNames(t))
}

func (p *patcher) unknown(loc file.Location, name string, known []string) {
	msg := strconv.Quote(name)
	if s := closest(name, known); s != "" {
		msg += " (did you mean " + strconv.Quote(s) + "?)"
	}
	p.errs = append(p.errs, patchError{loc, ErrUnknownName, msg})
}

// typeOf returns the static type of an identifier or a chain of member
// accesses into the environment, or nil when it is not known.
func (p *patcher) typeOf(n ast.Node) reflect.Type {
	switch n := n.(type) {
	case *ast.IdentifierNode:
		if p.rewrite && n.Value == "account" {
			t, _ := fieldType(p.envType, "account")
			return t
		}
		t, _ := fieldType(p.envType, n.Value)
		return t
	case *ast.MemberNode:
		prop, ok := n.Property.(*ast.StringNode)
		t := p.typeOf(n.Node)
		for t != nil && t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		if !ok || t == nil || t.Kind() != reflect.Struct {
			return nil
		}
		ft, _ := fieldType(t, prop.Value)
		return ft
	}
	return nil
}

// fieldType returns the type of the field of struct type t that rules name
// name.
func fieldType(t reflect.Type, name string) (reflect.Type, bool) {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil || t.Kind() != reflect.Struct {
		return nil, false
	}
	for _, f := range reflect.VisibleFields(t) {
		if f.IsExported() && fieldName(f) == name {
			return f.Type, true
		}
	}
	return nil, false
}

// fieldNames returns the names rules use for the fields of struct type t.
func fieldNames(t reflect.Type) []string {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil || t.Kind() != reflect.Struct {
		return nil
	}
	var out []string
	for _, f := range reflect.VisibleFields(t) {
		if f.IsExported() {
			out = append(out, fieldName(f))
		}
	}
	return out
}

// letNames returns the names that let binds in source.
func letNames(source string) map[string]bool {
	names := map[string]bool{}
	tree, err := parser.Parse(source)
	if err != nil {
		return names
	}
	ast.Find(tree.Node, func(n ast.Node) bool {
		if v, ok := n.(*ast.VariableDeclaratorNode); ok {
			names[v.Name] = true
		}
		return false
	})
	return names
}

// has rewrites has(x.f) to __has(x, "f") and has(f) to __has($env, "f").
func (p *patcher) has(n *ast.CallNode) {
	if len(n.Arguments) == 1 {
		switch a := n.Arguments[0].(type) {
		case *ast.MemberNode:
			if s, ok := a.Property.(*ast.StringNode); ok {
				n.Callee = &ast.IdentifierNode{Value: hasFunction}
				n.Arguments = []ast.Node{a.Node, &ast.StringNode{Value: s.Value}}
				return
			}
		case *ast.IdentifierNode:
			n.Callee = &ast.IdentifierNode{Value: hasFunction}
			n.Arguments = []ast.Node{&ast.IdentifierNode{Value: "$env"}, &ast.StringNode{Value: a.Value}}
			return
		}
	}
	p.errs = append(p.errs, patchError{n.Location(), ErrSyntax, "has takes one field, as in has(nps)"})
}

// needsClock reports whether source reads the evaluation time: names now,
// or calls days_until or days_since. A source that does not parse does not
// (compiling it reports the error).
func needsClock(source string) bool {
	tree, err := parser.Parse(source)
	if err != nil {
		return false
	}
	found := false
	ast.Find(tree.Node, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.IdentifierNode:
			found = found || n.Value == "now"
		case *ast.CallNode:
			if id, ok := n.Callee.(*ast.IdentifierNode); ok && clockFunctions[id.Value] {
				found = true
			}
		}
		return found
	})
	return found
}

// cost estimates the work of evaluating n: 1 per node, and for a builtin
// that runs a predicate over a collection, the collection's size times the
// predicate's cost.
func cost(n ast.Node) float64 {
	if n == nil {
		return 0
	}
	if b, ok := n.(*ast.BuiltinNode); ok && iterating[b.Name] && len(b.Arguments) >= 2 {
		size := collectionSize(b.Arguments[0])
		c := 1 + cost(b.Arguments[0]) + size
		for _, a := range b.Arguments[1:] {
			c += size * cost(a)
		}
		return c
	}
	c := 1.0
	for _, ch := range children(n) {
		c += cost(ch)
	}
	return c
}

// collectionSize is the number of elements of a range with constant
// bounds or an array literal; unknownSize otherwise.
func collectionSize(n ast.Node) float64 {
	switch n := n.(type) {
	case *ast.BinaryNode:
		if n.Operator == ".." {
			lo, ok1 := n.Left.(*ast.IntegerNode)
			hi, ok2 := n.Right.(*ast.IntegerNode)
			if ok1 && ok2 {
				return max(float64(hi.Value)-float64(lo.Value)+1, 0)
			}
		}
	case *ast.ArrayNode:
		return float64(len(n.Nodes))
	}
	return unknownSize
}

var nodeType = reflect.TypeFor[ast.Node]()

// children returns the nodes held in n's fields.
func children(n ast.Node) []ast.Node {
	v := reflect.ValueOf(n)
	if v.Kind() != reflect.Pointer || v.IsNil() {
		return nil
	}
	v = v.Elem()
	if v.Kind() != reflect.Struct {
		return nil
	}
	var out []ast.Node
	for i := range v.NumField() {
		f := v.Field(i)
		if !v.Type().Field(i).IsExported() {
			continue
		}
		switch {
		case f.Type() == nodeType && !f.IsNil():
			out = append(out, f.Interface().(ast.Node))
		case f.Kind() == reflect.Slice && f.Type().Elem() == nodeType:
			for j := range f.Len() {
				if c := f.Index(j); !c.IsNil() {
					out = append(out, c.Interface().(ast.Node))
				}
			}
		}
	}
	return out
}

// closest returns the name in known nearest to s by edit distance, if it is
// near enough to be a likely typo (at most a third of its length, at least
// 1, away).
func closest(s string, known []string) string {
	best, bestD := "", len(s)/3+1
	for _, k := range known {
		if d := distance(s, k); d < bestD || (d == bestD && best != "" && k < best) {
			best, bestD = k, d
		}
	}
	if best == s {
		return ""
	}
	return best
}

// distance is the edit distance between a and b over bytes, counting an
// insertion, a deletion, a substitution or a swap of neighbours as 1
// (optimal string alignment).
func distance(a, b string) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}

// envNames lists the field names of struct type t and of its struct
// fields, for suggestions.
func envNames(t reflect.Type) []string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return nil
	}
	var out []string
	for _, f := range reflect.VisibleFields(t) {
		if !f.IsExported() {
			continue
		}
		out = append(out, fieldName(f))
		ft := f.Type
		for ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		if ft.Kind() == reflect.Struct && ft != reflect.TypeFor[struct{}]() {
			for _, g := range reflect.VisibleFields(ft) {
				if g.IsExported() {
					out = append(out, fieldName(g))
				}
			}
		}
	}
	return out
}

// methodNames returns the names of the methods of t and *t.
func methodNames(t reflect.Type) map[string]bool {
	names := map[string]bool{}
	for _, typ := range []reflect.Type{t, reflect.PointerTo(t)} {
		for i := range typ.NumMethod() {
			names[typ.Method(i).Name] = true
		}
	}
	return names
}
