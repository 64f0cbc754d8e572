package engine

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/parser"

	"github.com/prioritize-dev/prioritize/internal/fields"
	"github.com/prioritize-dev/prioritize/internal/text"
)

// A rule's syntax tree goes through four passes before expr compiles it
// (see compile):
//
//  1. names: bare field names become members of the account (mrr ->
//     __root.mrr), the clock functions get the evaluation time, has(f)
//     becomes a presence test, and reserved names, $env and calls of
//     anything but a function are refused;
//  2. numbers: every number read from the account of a kind other than
//     float64 is converted to float64 (nil pointers to NaN);
//  3. arithmetic: % over floats, ranges and constant zero divisors;
//  4. guard: after the type check that the user sees, operations whose cost
//     grows with their operands are replaced by the sandbox's metered
//     functions, integer arithmetic is checked, method values are refused.

// patchError is a problem a pass found, at a place in the source.
type patchError struct {
	loc  file.Location
	kind error
	msg  string
}

// names is pass 1. It needs no types.
type names struct {
	root         string          // root or rootVal
	fields       map[string]bool // names that are fields of the root (account or environment)
	env          bool            // compiling over an environment (package trigger), not an account
	rootType     reflect.Type    // the account's or environment's type
	methods      map[string]bool // the root's methods
	funcs        map[string]bool
	envNames     []string // names known in the environment, for suggestions
	lets         map[string]bool
	allowMethods bool
	clock        bool // a clock is configured (account rules)
	usesClock    bool
	nowCalled    bool // the rule calls now(): reported once, as that
	errs         []patchError
}

// before reports what must come before the other problems: now() is an
// error of its own, not a use of the clock.
func (p *names) before(tree ast.Node) {
	ast.Find(tree, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallNode); ok {
			if id, ok := c.Callee.(*ast.IdentifierNode); ok && id.Value == "now" {
				p.nowCalled = true
				p.fail(c.Location(), ErrSyntax, "now is the evaluation time, not a function: write now, not now()")
			}
		}
		return false
	})
}

func (p *names) fail(loc file.Location, kind error, msg string) {
	p.errs = append(p.errs, patchError{loc, kind, msg})
}

// Visit is called for every node, children first.
func (p *names) Visit(node *ast.Node) {
	switch n := (*node).(type) {
	case *ast.IdentifierNode:
		switch {
		case n.Value == "$env":
			p.fail(n.Location(), ErrEnv, "$env is not part of the rule language: name fields directly")
		case strings.HasPrefix(n.Value, "__"):
			p.fail(n.Location(), ErrUnknownName, strconv.Quote(n.Value)+": names starting with __ are reserved")
		case !p.env && n.Value == "account" && !p.fields["account"]:
			p.fail(n.Location(), ErrUnknownName, `"account": name the account's fields directly`)
		case n.Value == "now" && !p.env:
			if p.nowCalled {
				return
			}
			if !p.clock {
				p.fail(n.Location(), ErrEnv, "now needs a clock: set Options.Clock")
			}
			p.usesClock = true
			patch(node, &ast.IdentifierNode{Value: rootNow})
		case p.fields[n.Value] && !p.lets[n.Value] && !p.funcs[n.Value]:
			patch(node, member(n.Location(), &ast.IdentifierNode{Value: p.root}, n.Value))
		default:
			p.checkName(n)
		}
	case *ast.MemberNode:
		p.checkMember(n)
	case *ast.CallNode:
		p.call(n)
	}
}

// call checks and rewrites a call: only functions of the language, and
// methods when they are allowed, can be called.
func (p *names) call(n *ast.CallNode) {
	callee, ok := n.Callee.(*ast.IdentifierNode)
	if !ok {
		if !p.allowMethods {
			what := strings.ReplaceAll(n.Callee.String(), p.root+".", "")
			if _, ok := n.Callee.(*ast.MemberNode); ok {
				what = "method " + what
			}
			p.fail(n.Location(), ErrMethodCall, "the rule calls "+what+": only functions can be called")
		}
		return
	}
	switch name := callee.Value; {
	case clockFunctions[name] && len(n.Arguments) == 1:
		p.usesClock = true
		if !p.env && !p.clock {
			p.fail(n.Location(), ErrEnv, name+" needs a clock: set Options.Clock, or count between two dates with days_between(as_of, renewal_date)")
		}
		var t ast.Node = &ast.IdentifierNode{Value: rootNow}
		if p.env {
			t = member(n.Location(), &ast.IdentifierNode{Value: p.root}, "now")
		}
		n.Arguments = append(n.Arguments, t)
	case name == "has":
		p.has(n)
	case p.lets[name] && !p.funcs[name]:
		p.fail(n.Location(), ErrMethodCall, name+" is a value, not a function: only functions can be called")
	case p.methods[name] && !p.funcs[name]:
		if !p.allowMethods {
			p.fail(n.Location(), ErrMethodCall, "the rule calls method "+name)
			return
		}
		m := member(n.Location(), &ast.IdentifierNode{Value: p.root}, name)
		m.Method = true
		n.Callee = m
	}
}

// has rewrites has(x.f) to __has(x, "f"); a bare field f is __root.f by
// now.
func (p *names) has(n *ast.CallNode) {
	if len(n.Arguments) == 1 {
		if a, ok := n.Arguments[0].(*ast.MemberNode); ok {
			if s, ok := a.Property.(*ast.StringNode); ok {
				n.Callee = &ast.IdentifierNode{Value: hasFunction}
				n.Arguments = []ast.Node{a.Node, &ast.StringNode{Value: s.Value}}
				return
			}
		}
	}
	p.fail(n.Location(), ErrSyntax, "has takes one field, as in has(nps)")
}

// checkName reports an identifier that names nothing the rule can see.
// expr's checker misses some (those inside the arguments of typed
// functions, as in clamp(mrrr, 0, 1)), so the pass checks them all.
func (p *names) checkName(n *ast.IdentifierNode) {
	name := n.Value
	if p.methods[name] && !p.funcs[name] && !p.allowMethods {
		p.fail(n.Location(), ErrMethodCall, name+" is a method of the account: rules read fields, they do not call or take methods")
		return
	}
	if p.funcs[name] || p.methods[name] || p.lets[name] || name == hasFunction {
		return
	}
	known := append(fieldNames(p.rootType), p.envNames...)
	for f := range p.fields {
		known = append(known, f)
	}
	for f := range p.funcs {
		known = append(known, f)
	}
	for l := range p.lets {
		known = append(known, l)
	}
	if !p.env {
		known = append(known, "now")
	}
	p.unknown(n.Location(), name, known)
}

// checkMember reports x.f where x is a struct without a field or method f.
func (p *names) checkMember(n *ast.MemberNode) {
	prop, ok := n.Property.(*ast.StringNode)
	if !ok || n.Method {
		return
	}
	t := deepElem(p.typeOf(n.Node))
	if t == nil || t.Kind() != reflect.Struct {
		return
	}
	if _, ok := fieldType(t, prop.Value); ok || methodNames(t)[prop.Value] {
		return
	}
	p.unknown(prop.Location(), prop.Value, fieldNames(t))
}

func (p *names) unknown(loc file.Location, name string, known []string) {
	msg := strconv.Quote(name)
	if s := text.Closest(name, known); s != "" {
		msg += " (did you mean " + strconv.Quote(s) + "?)"
	}
	p.fail(loc, ErrUnknownName, msg)
}

// typeOf returns the static type of a chain of member accesses from the
// root (after rewriting: __root.a.b), or nil when it is not known.
func (p *names) typeOf(n ast.Node) reflect.Type {
	switch n := n.(type) {
	case *ast.IdentifierNode:
		if n.Value == p.root {
			return p.rootType
		}
	case *ast.MemberNode:
		prop, ok := n.Property.(*ast.StringNode)
		t := deepElem(p.typeOf(n.Node))
		if !ok || t == nil || t.Kind() != reflect.Struct {
			return nil
		}
		ft, _ := fieldType(t, prop.Value)
		return ft
	}
	return nil
}

// numbers is pass 2: every value of a numeric kind other than float64 (or
// a pointer to a number) that the rule reads becomes a float64.
//
// expr's checker stops typing at its first error, and a number of another
// kind passed to a function is such an error, so the pass runs until it
// changes nothing.
type numbers struct {
	changed int
	done    map[ast.Node]bool // converted already, in an earlier round
}

func (p *numbers) Visit(node *ast.Node) {
	if p.done[*node] {
		return
	}
	switch n := (*node).(type) {
	case *ast.MemberNode, *ast.PointerNode:
		if t := n.Type(); convertsToFloat(t) && !isMethodCallee(n) {
			p.done[n] = true
			if t.Kind() != reflect.Pointer && t.PkgPath() == "" {
				patch(node, toFloat64Node(n)) // expr's float: no call overhead
			} else {
				patch(node, call(n.Location(), numFunction, n)) // nil pointers and named types
			}
			p.changed++
		}
	case *ast.CallNode:
		if _, ok := n.Callee.(*ast.MemberNode); ok && convertsToFloat(n.Type()) {
			p.done[n] = true
			patch(node, call(n.Location(), numFunction, n))
			p.changed++
		}
	case *ast.BinaryNode:
		// x == nil and x != nil keep testing the pointer itself.
		if n.Operator == "==" || n.Operator == "!=" {
			if _, ok := n.Right.(*ast.NilNode); ok {
				n.Left = unwrapNum(n.Left)
			}
			if _, ok := n.Left.(*ast.NilNode); ok {
				n.Right = unwrapNum(n.Right)
			}
		}
	}
}

// intArgs marks a field read as the whole argument of int() as done
// before pass 2 runs: int(i64) takes the integer as the field holds it,
// where read through a float64 the largest int64 (2^63 - 1) would round
// to 2^63 and overflow.
type intArgs map[ast.Node]bool

func (d intArgs) Visit(node *ast.Node) {
	var args []ast.Node
	switch n := (*node).(type) {
	case *ast.BuiltinNode:
		if n.Name == "int" {
			args = n.Arguments
		}
	case *ast.CallNode: // int is the sandbox's own function (intFn)
		if id, ok := n.Callee.(*ast.IdentifierNode); ok && id.Value == "int" {
			args = n.Arguments
		}
	}
	if len(args) == 1 {
		switch a := args[0].(type) {
		case *ast.MemberNode, *ast.PointerNode:
			d[a] = true
		}
	}
}

func isMethodCallee(n ast.Node) bool {
	m, ok := n.(*ast.MemberNode)
	return ok && m.Method
}

func unwrapNum(n ast.Node) ast.Node {
	if c, ok := n.(*ast.CallNode); ok {
		if id, ok := c.Callee.(*ast.IdentifierNode); ok && id.Value == numFunction {
			return c.Arguments[0]
		}
	}
	return n
}

// convertsToFloat reports whether a value of type t reads as a float64
// through pass 2: every numeric type but float64, int and time.Duration,
// and pointers to any number.
func convertsToFloat(t reflect.Type) bool {
	if t == nil {
		return false
	}
	if t.Kind() == reflect.Pointer {
		e := deepElem(t)
		return isNumber(e) && e != reflect.TypeFor[time.Duration]()
	}
	switch t {
	case reflect.TypeFor[float64](), reflect.TypeFor[int](), reflect.TypeFor[time.Duration]():
		return false // int stays int: expr's own integer, with checked arithmetic
	}
	return isNumber(t)
}

// arithmetic is pass 3: % over floats, ranges (checked and metered), and
// division or modulo by a constant zero.
type arithmetic struct {
	allowMethods bool
	errs         []patchError
}

// methodValue refuses x.m where m is a method of x's type, called or not:
// rules read fields.
func (p *arithmetic) methodValue(n *ast.MemberNode) {
	t := n.Node.Type()
	prop, ok := n.Property.(*ast.StringNode)
	if !ok || isUnknown(t) {
		return
	}
	if _, isField := fieldType(t, prop.Value); !isField && methodNames(t)[prop.Value] {
		p.errs = append(p.errs, patchError{n.Location(), ErrMethodCall,
			fmt.Sprintf("%s is a method of %v: rules read fields, they do not call or take methods", prop.Value, t)})
	}
}

func (p *arithmetic) Visit(node *ast.Node) {
	if m, ok := (*node).(*ast.MemberNode); ok && !p.allowMethods && !m.Method {
		p.methodValue(m)
		return
	}
	n, ok := (*node).(*ast.BinaryNode)
	if !ok {
		return
	}
	switch n.Operator {
	case "/", "%":
		if isZero(n.Right) {
			p.errs = append(p.errs, patchError{n.Location(), ErrSyntax, "division by zero: the divisor is the constant 0"})
			return
		}
		if n.Operator == "%" && !(isInt(n.Left.Type()) && isInt(n.Right.Type()) && isNonZeroConstant(n.Right)) {
			patch(node, call(n.Location(), "__mod", n.Left, n.Right))
		}
	case "..":
		patch(node, call(n.Location(), "__range", meterNode(), n.Left, n.Right))
	}
}

func isZero(n ast.Node) bool {
	switch n := n.(type) {
	case *ast.IntegerNode:
		return n.Value == 0
	case *ast.FloatNode:
		return n.Value == 0
	case *ast.UnaryNode:
		return (n.Operator == "-" || n.Operator == "+") && isZero(n.Node)
	}
	return false
}

// guard is pass 4, after the type check: it refuses method values and puts
// the sandbox's functions where the cost of an operation grows with its
// operands or integer arithmetic could wrap.
type guard struct {
	lets         int // the let bindings the guard added
	allowMethods bool
	inLoop       map[ast.Node]bool // the nodes inside a predicate, which run once per element
	errs         []patchError
}

// newGuard returns pass 4 for tree.
func newGuard(tree ast.Node, allowMethods bool) *guard {
	g := &guard{allowMethods: allowMethods, inLoop: map[ast.Node]bool{}}
	ast.Find(tree, func(n ast.Node) bool {
		if pr, ok := n.(*ast.PredicateNode); ok {
			ast.Find(pr.Node, func(m ast.Node) bool { g.inLoop[m] = true; return false })
		}
		return false
	})
	return g
}

func (p *guard) Visit(node *ast.Node) {
	switch n := (*node).(type) {
	case *ast.MemberNode:
		p.member(node, n)
	case *ast.BinaryNode:
		p.binary(node, n)
	case *ast.UnaryNode:
		switch t := n.Node.Type(); {
		case n.Operator != "-":
		case isInt(t):
			if _, literal := n.Node.(*ast.IntegerNode); !literal {
				n.Node = toFloat64Node(n.Node) // -MinInt64 does not wrap
			}
		case isUnknown(t):
			patch(node, call(n.Location(), "__neg", n.Node))
		}
	case *ast.BuiltinNode:
		p.builtin(node, n)
	}
}

// member reads members of values whose type is not known before
// evaluation through __get, which reads fields and keys, never methods.
// (Methods of known types were refused by pass 3.)
func (p *guard) member(node *ast.Node, n *ast.MemberNode) {
	if p.allowMethods || n.Method {
		return
	}
	if id, ok := n.Node.(*ast.IdentifierNode); ok && isRoot(id.Value) {
		return
	}
	if t := n.Node.Type(); isUnknown(t) {
		if it := n.Property.Type(); it == nil || !isInt(it) {
			patch(node, call(n.Location(), "__get", n.Node, n.Property, &ast.BoolNode{Value: n.Optional}))
		}
	}
}

func (p *guard) binary(node *ast.Node, n *ast.BinaryNode) {
	lt, rt := n.Left.Type(), n.Right.Type()
	scalar := isScalar(lt) && isScalar(rt)
	loc := n.Location()
	// A comparison outside a loop runs once, on what the account holds or
	// the rule wrote: its cost is bounded by the input. Anywhere else, and
	// on values the rule built, it is metered.
	cheap := !p.inLoop[n] && isLoad(n.Left) && isLoad(n.Right)
	switch n.Operator {
	case "+", "-", "*":
		switch {
		case isInt(lt) && isInt(rt):
			// Integers are added in float64: exact up to 2^53, never wrapped.
			n.Left, n.Right = toFloat64Node(n.Left), toFloat64Node(n.Right)
		case isDuration(lt) || isDuration(rt):
			patch(node, call(loc, "__dur", &ast.StringNode{Value: n.Operator}, n.Left, n.Right))
		case n.Operator == "+" && !scalar:
			patch(node, call(loc, "__add", meterNode(), n.Left, n.Right))
		case isUnknown(lt) || isUnknown(rt):
			patch(node, call(loc, map[string]string{"+": "__iadd", "-": "__isub", "*": "__imul"}[n.Operator], n.Left, n.Right))
		}
	case "/":
		if !isNonZeroConstant(n.Right) {
			patch(node, call(loc, "__div", n.Left, n.Right))
		}
	case "%":
		// An integer negated in float64 (see Visit) is no operand of the
		// native integer %: the remainder is taken as for floats.
		if negatedInFloat(n.Left) || negatedInFloat(n.Right) {
			patch(node, call(loc, "__mod", n.Left, n.Right))
		}
	case "??":
		if isFloat(lt) || isUnknown(lt) {
			patch(node, call(loc, "__or", n.Left, n.Right))
		}
	case "==", "!=", "<", ">", "<=", ">=":
		if !scalar && !cheap {
			patch(node, call(loc, "__op", meterNode(), &ast.StringNode{Value: n.Operator}, n.Left, n.Right))
		}
	case "in", "not in":
		if k := deepElem(rt); cheap || k != nil && (k.Kind() == reflect.Map || k.Kind() == reflect.Struct) {
			return
		}
		var in ast.Node = call(loc, "__op", meterNode(), &ast.StringNode{Value: "in"}, n.Left, n.Right)
		if n.Operator == "not in" {
			in = &ast.UnaryNode{Operator: "not", Node: in}
		}
		patch(node, in)
	case "contains", "startsWith", "endsWith", "matches":
		if cheap {
			return
		}
		if _, constant := n.Right.(*ast.StringNode); n.Operator == "matches" && constant {
			// expr compiles a constant pattern once; matching is linear in
			// the left operand, which is charged.
			n.Left = call(loc, "__pay", meterNode(), n.Left)
			return
		}
		patch(node, call(loc, "__op", meterNode(), &ast.StringNode{Value: n.Operator}, n.Left, n.Right))
	}
}

// negatedInFloat reports whether n is -x for an integer x that the guard
// converted to float64.
func negatedInFloat(n ast.Node) bool {
	u, ok := n.(*ast.UnaryNode)
	if !ok || u.Operator != "-" {
		return false
	}
	b, ok := u.Node.(*ast.BuiltinNode)
	return ok && b.Name == "float"
}

// isLoad reports whether n reads a field of the account or is a literal:
// its size is the input's, not something the rule built.
func isLoad(n ast.Node) bool {
	switch n := n.(type) {
	case *ast.StringNode, *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode, *ast.NilNode:
		return true
	case *ast.MemberNode:
		if id, ok := n.Node.(*ast.IdentifierNode); ok {
			return isRoot(id.Value)
		}
		return isLoad(n.Node)
	case *ast.ArrayNode:
		for _, e := range n.Nodes {
			switch e.(type) {
			case *ast.StringNode, *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode, *ast.NilNode:
			default:
				return false
			}
		}
		return true
	}
	return false
}

// toFloat64Node converts an integer operand to float64 with expr's float
// builtin, which expr calls without allocating.
func toFloat64Node(n ast.Node) ast.Node {
	b := &ast.BuiltinNode{Name: "float", Arguments: []ast.Node{n}}
	b.SetLocation(n.Location())
	return b
}

func isDuration(t reflect.Type) bool { return t == reflect.TypeFor[time.Duration]() }

func isUnknown(t reflect.Type) bool { return t == nil || t.Kind() == reflect.Interface }

// builtin meters expr's builtins: an iteration charges its predicate's cost
// on every element, and a builtin whose work or result grows with its
// arguments charges them first.
func (p *guard) builtin(node *ast.Node, n *ast.BuiltinNode) {
	loc := n.Location()
	if iterating[n.Name] && len(n.Arguments) > 0 {
		steps, collects := iterationCost, 0
		hasPredicate := false
		for _, a := range n.Arguments[1:] {
			if pr, ok := a.(*ast.PredicateNode); ok {
				steps += bodyCost(pr.Node)
				hasPredicate = true
				switch t := pr.Node.Type(); {
				case n.Name != "sum":
				case isInt(t):
					pr.Node = toFloat64Node(pr.Node) // a sum of integers does not wrap
				case isUnknown(t):
					pr.Node = call(loc, "__widen", pr.Node)
				}
			}
		}
		if n.Name == "sum" && !hasPredicate {
			patch(node, call(loc, "__sum", append([]ast.Node{meterNode()}, n.Arguments...)...))
			return
		}
		if collecting[n.Name] {
			collects = elemBytes
		}
		// let __cN = coll; __each(__meter, __cN, steps, bytes); builtin(__cN, ...):
		// the whole iteration is charged once, before it starts, and the
		// collection keeps its static type.
		name := fmt.Sprintf("__c%d", p.lets)
		p.lets++
		coll := n.Arguments[0]
		n.Arguments[0] = &ast.IdentifierNode{Value: name}
		n.Arguments[0].SetLocation(loc)
		seq := &ast.SequenceNode{Nodes: []ast.Node{
			call(loc, "__each", meterNode(), &ast.IdentifierNode{Value: name},
				&ast.IntegerNode{Value: steps}, &ast.IntegerNode{Value: collects}),
			n,
		}}
		seq.SetLocation(loc)
		patch(node, &ast.VariableDeclaratorNode{Name: name, Value: coll, Expr: seq})
		return
	}
	switch n.Name {
	case "len", "type", "first", "last":
		return // constant time
	case "get":
		if !p.allowMethods && len(n.Arguments) == 2 {
			patch(node, call(loc, "__get", n.Arguments[0], n.Arguments[1], &ast.BoolNode{Value: true}))
		}
		return
	}
	cheap := !p.inLoop[n] && !producers[n.Name]
	for _, a := range n.Arguments {
		cheap = cheap && isLoad(a) // runs once, in time linear in the input
	}
	for _, a := range n.Arguments {
		if !isScalar(a.Type()) && !cheap {
			args := append([]ast.Node{meterNode(), &ast.StringNode{Value: n.Name}}, n.Arguments...)
			patch(node, call(loc, "__builtin", args...))
			return
		}
	}
}

// iterationCost is what one iteration of a predicate costs besides its
// body: the loop's own machinery.
const iterationCost = 10

// bodyCost is the number of nodes of a predicate's body that run on every
// iteration: those of nested predicates are charged by their own loops.
func bodyCost(n ast.Node) int {
	if _, ok := n.(*ast.PredicateNode); ok {
		return 1
	}
	c := 1
	for _, ch := range children(n) {
		c += bodyCost(ch)
	}
	return c
}

// collecting are the iterating builtins that build a result of one element
// per iteration.
var collecting = map[string]bool{"map": true, "filter": true, "groupBy": true, "sortBy": true}

func isNonZeroConstant(n ast.Node) bool {
	switch n := n.(type) {
	case *ast.IntegerNode:
		return n.Value != 0
	case *ast.FloatNode:
		return n.Value != 0
	}
	return false
}

// Names the passes put into rules; rules themselves cannot name them.
const (
	root        = "__root"  // a pointer to the struct account, or to the environment of CompileEnv
	rootVal     = "__val"   // an account that is a map or a pointer, held as it is
	rootNow     = "__now"   // the evaluation time of an account rule
	meterName   = "__meter" // the evaluation's budget
	numFunction = "__num"
)

func isRoot(name string) bool { return name == root || name == rootVal }

func meterNode() ast.Node { return &ast.IdentifierNode{Value: meterName} }

// call returns a call of function name at loc.
func call(loc file.Location, name string, args ...ast.Node) *ast.CallNode {
	c := &ast.CallNode{Callee: &ast.IdentifierNode{Value: name}, Arguments: args}
	c.SetLocation(loc)
	c.Callee.SetLocation(loc)
	return c
}

func member(loc file.Location, n ast.Node, name string) *ast.MemberNode {
	m := &ast.MemberNode{Node: n, Property: &ast.StringNode{Value: name}}
	m.SetLocation(loc)
	n.SetLocation(loc)
	m.Property.SetLocation(loc)
	return m
}

// patch replaces *node, keeping its location.
func patch(node *ast.Node, with ast.Node) {
	loc := (*node).Location()
	ast.Patch(node, with)
	with.SetLocation(loc)
}

func deepElem(t reflect.Type) reflect.Type {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}

func isInt(t reflect.Type) bool {
	if t == nil {
		return false
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return t != reflect.TypeFor[time.Duration]()
	}
	return false
}

func isFloat(t reflect.Type) bool {
	return t != nil && (t.Kind() == reflect.Float64 || t.Kind() == reflect.Float32)
}

func isTime(t reflect.Type) bool {
	return t == reflect.TypeFor[time.Time]() || t == reflect.TypeFor[time.Duration]()
}

// isScalar reports whether a value of type t costs the same whatever it
// holds: a number, a bool, a time or a duration, or nil.
func isScalar(t reflect.Type) bool {
	if t == nil {
		return false
	}
	switch t.Kind() {
	case reflect.Bool:
		return true
	case reflect.Struct:
		return t == reflect.TypeFor[time.Time]()
	}
	return isNumber(t) || t == reflect.TypeOf(nil)
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
	if f, ok := fields.Lookup(t, name); ok {
		return f.Type, true
	}
	return nil, false
}

// fieldNames returns the names rules use for the fields of struct type t.
func fieldNames(t reflect.Type) []string {
	return fields.Names(t)
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
	case *ast.CallNode: // a range after pass 3: __range(__meter, lo, hi)
		if id, ok := n.Callee.(*ast.IdentifierNode); ok && id.Value == "__range" && len(n.Arguments) == 3 {
			lo, ok1 := n.Arguments[1].(*ast.IntegerNode)
			hi, ok2 := n.Arguments[2].(*ast.IntegerNode)
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
		n := fieldName(f)
		if n == "" {
			continue
		}
		out = append(out, n)
		ft := f.Type
		for ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		if ft.Kind() == reflect.Struct && ft != reflect.TypeFor[struct{}]() {
			for _, g := range reflect.VisibleFields(ft) {
				if n := fieldName(g); n != "" {
					out = append(out, n)
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
