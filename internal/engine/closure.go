package engine

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
	"time"
	"unsafe"

	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/builtin"
	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/vm/runtime"

	"github.com/prioritize-dev/prioritize/internal/fields"
)

// The closure compiler turns a rule's syntax tree, after the sandbox's
// passes and the type check, into a tree of Go closures over the root's
// memory: a field is read at its offset, found once per type, without
// reflection or boxing, and numbers stay float64 from the field to the
// result. It covers the language without loops: literals, fields, the
// operators, conditionals, ?? and the function library. A rule with
// anything else (a predicate, let, an array or map the rule builds, a
// slice, optional chaining, a method) runs on the expr VM, whole, as every
// rule did before; Program.Closure reports which way a rule runs and why.
//
// The expr VM is the reference: for every rule the closures compile, they
// give the same number, the same missing value and the same class of
// error (differential_test.go). They keep the sandbox's bounds because
// they run no loops: an evaluation does work proportional to the rule's
// size and to the strings it reads, and where a node's value has no static
// type the closures call the very functions the VM calls, metered ones
// included, with the evaluation's meter.

// usesMeter reports whether a compiled tree reads the meter: only the
// sandbox's metered functions do, through their first argument.
func usesMeter(tree ast.Node) bool {
	return ast.Find(tree, func(n ast.Node) bool {
		id, ok := n.(*ast.IdentifierNode)
		return ok && id.Value == meterName
	}) != nil
}

// frame is the state of one closure evaluation.
type frame struct {
	root  unsafe.Pointer // the runner's copy of the root value (type E)
	now   time.Time
	meter *meter
	err   error         // the first failure
	at    file.Location // where it happened
}

func (f *frame) fail(loc file.Location, err error) {
	if f.err == nil {
		f.err, f.at = err, loc
	}
}

// ctype is the static type of a compiled node.
type ctype uint8

const (
	tFloat ctype = iota + 1
	tInt
	tBool
	tString
	tTime
	tAny // a value of a type known only at run time, as the VM holds it
)

// cl is a compiled node: the closure of its type. A tAny node may also
// have f, its value read as a float64 with toFloat's rules, without boxing.
type cl struct {
	t  ctype
	f  func(*frame) float64
	i  func(*frame) int
	b  func(*frame) bool
	s  func(*frame) string
	tm func(*frame) time.Time
	a  func(*frame) any
	// isK marks a number that is a constant, k, so that operators on it
	// need not call a closure for it.
	isK bool
	k   float64
	// isKs marks a string constant, ks.
	isKs bool
	ks   string
	// ld is set when the node is a plain read of a field, which operators
	// read in place instead of calling a closure.
	ld *ld
	// isNow marks the evaluation time.
	isNow bool
	// ar is set when the node is arithmetic over two reads of numbers.
	ar *arOp
	// dir is set when the node has one of the shapes that are computed in
	// place, without a frame (see direct).
	dir *direct
	// num and str are set on a tAny node whose value is often a float64
	// or a string (a value read from a map, arithmetic over it): they
	// give it without boxing when it is one (ok), and report false
	// otherwise, when a must be read instead. They record no failure of
	// their own.
	num func(*frame) (float64, bool)
	str func(*frame) (string, bool)
	// keyed is set when the node is a plain read of key of a map account,
	// which a program reads in place, without a frame.
	key   string
	keyed bool
}

// direct is a rule of one of the commonest shapes, computed in place from
// the root without a frame: a comparison of a field with a constant, or
// the days between two dates. Its methods report ok == false when a
// pointer on the way is nil; the caller then evaluates the rule with a
// frame, which reports the failure at its place.
type direct struct {
	form  directForm
	op    string
	l, r  *ld // r is nil for the evaluation time
	k     float64
	ks    string
	until bool // days_until(l): from now to l
}

type directForm uint8

const (
	dCmpK  directForm = iota + 1 // l op k, numbers
	dCmpKs                       // l op ks, strings (== and !=)
	dDays                        // days between l and r (or now)
)

// bool computes a comparison.
func (d *direct) bool(root unsafe.Pointer) (v, ok bool) {
	q := d.l.at(root)
	if q == nil {
		return false, false
	}
	if d.form == dCmpKs {
		return (*(*string)(q) == d.ks) == (d.op == "=="), true
	}
	x := *(*float64)(q)
	if d.l.kind == reflect.Int {
		x = float64(*(*int)(q))
	}
	switch d.op {
	case "==":
		return x == d.k, true
	case "!=":
		return x != d.k, true
	case "<":
		return x < d.k, true
	case ">":
		return x > d.k, true
	case "<=":
		return x <= d.k, true
	}
	return x >= d.k, true
}

// float computes days between two dates.
func (d *direct) float(root unsafe.Pointer, now time.Time) (v float64, ok bool) {
	q := d.l.at(root)
	if q == nil {
		return 0, false
	}
	from, to := *(*time.Time)(q), now
	if d.r != nil {
		if q = d.r.at(root); q == nil {
			return 0, false
		}
		to = *(*time.Time)(q)
	}
	if d.until {
		from, to = to, from
	}
	return days(from, to), true
}

// ld is a field read that operators inline: at offset before of the root,
// or, with via, at offset after of the struct that the pointer at offset
// before points to (a nil pointer fails, and reads a zero value).
type ld struct {
	before, after uintptr
	via           bool
	kind          reflect.Kind // what is stored there: Float64, Int, Bool or String
	name          string       // the member read after the pointer, for its error
	loc           file.Location
}

// zeros is what a read through a nil pointer reads: the zero float64, int,
// bool and string.
var zeros [2]uintptr

func (l *ld) addr(f *frame) unsafe.Pointer {
	if !l.via {
		return unsafe.Add(f.root, l.before)
	}
	return l.addrVia(f)
}

// at is the field's address in the root at root, without a frame; nil
// when a pointer on the way is nil (the caller then evaluates the rule
// with a frame, which reports it).
func (l *ld) at(root unsafe.Pointer) unsafe.Pointer {
	q := unsafe.Add(root, l.before)
	if !l.via {
		return q
	}
	if q = *(*unsafe.Pointer)(q); q == nil {
		return nil
	}
	return unsafe.Add(q, l.after)
}

func (l *ld) addrVia(f *frame) unsafe.Pointer {
	q := *(*unsafe.Pointer)(unsafe.Add(f.root, l.before))
	if q == nil {
		f.fail(l.loc, fmt.Errorf("cannot get %s from nil", l.name))
		return unsafe.Pointer(&zeros)
	}
	return unsafe.Add(q, l.after)
}

// f64 reads a float64 or an int field as a float64.
func (l *ld) f64(f *frame) float64 {
	if l.kind == reflect.Int {
		return rd[int](f, l)
	}
	return rd[float64](f, l)
}

// rd reads the number of type T that l points to, as a float64.
func rd[T float64 | int](f *frame, l *ld) float64 {
	if l.via {
		return float64(*(*T)(l.addrVia(f)))
	}
	return float64(*(*T)(unsafe.Add(f.root, l.before)))
}

// at reads a T at offset off of the root: the read of a field that no
// pointer leads to, captured as a bare offset.
func at[T any](f *frame, off uintptr) T { return *(*T)(unsafe.Add(f.root, off)) }

// plain reports whether both reads are at offsets of the root.
func plain(l, r *ld) bool { return !l.via && (r == nil || !r.via) }

// rdF is rd[float64] for code that is not generic, small enough to be
// inlined there.
func rdF(f *frame, l *ld) float64 {
	if l.via {
		return *(*float64)(l.addrVia(f))
	}
	return *(*float64)(unsafe.Add(f.root, l.before))
}

// Operators over reads and constants, compiled with the reads in place:
// one closure call for the whole operation.

// numLd reports whether c is an inlined read of a number.
func numLd(c cl) bool {
	return c.ld != nil && (c.ld.kind == reflect.Float64 || c.ld.kind == reflect.Int)
}

// arOp is arithmetic over two reads of numbers.
type arOp struct {
	op   string
	l, r *ld
}

// cmpArK compares arithmetic over two reads of float64s with a constant,
// in one closure: cur.nps - prev.nps >= 2.
func cmpArK(op string, a *arOp, k float64) (func(*frame) bool, bool) {
	if a.op != "-" {
		return nil, false
	}
	if l, r := a.l, a.r; plain(l, r) && l.kind == reflect.Int && r.kind == reflect.Int {
		return cmpArKOf[int, int](op, l.before, r.before, k)
	}
	if a.l.kind != reflect.Float64 || a.r.kind != reflect.Float64 {
		return nil, false
	}
	l, r := a.l, a.r
	if plain(l, r) {
		o1, o2 := l.before, r.before
		switch op {
		case ">=":
			return func(f *frame) bool { return at[float64](f, o1)-at[float64](f, o2) >= k }, true
		case ">":
			return func(f *frame) bool { return at[float64](f, o1)-at[float64](f, o2) > k }, true
		}
	}
	switch op {
	case ">=":
		return func(f *frame) bool { return rdF(f, l)-rdF(f, r) >= k }, true
	case ">":
		return func(f *frame) bool { return rdF(f, l)-rdF(f, r) > k }, true
	case "<=":
		return func(f *frame) bool { return rdF(f, l)-rdF(f, r) <= k }, true
	case "<":
		return func(f *frame) bool { return rdF(f, l)-rdF(f, r) < k }, true
	}
	return nil, false
}

// cmpArKOf compares the difference of two reads at offsets with a constant.
func cmpArKOf[T, U float64 | int](op string, o1, o2 uintptr, k float64) (func(*frame) bool, bool) {
	switch op {
	case ">=":
		return func(f *frame) bool { return float64(at[T](f, o1))-float64(at[U](f, o2)) >= k }, true
	case ">":
		return func(f *frame) bool { return float64(at[T](f, o1))-float64(at[U](f, o2)) > k }, true
	case "<=":
		return func(f *frame) bool { return float64(at[T](f, o1))-float64(at[U](f, o2)) <= k }, true
	case "<":
		return func(f *frame) bool { return float64(at[T](f, o1))-float64(at[U](f, o2)) < k }, true
	}
	return nil, false
}

// cmpLK compares a read with a constant.
func cmpLK(op string, l *ld, k float64) func(*frame) bool {
	if l.kind == reflect.Int {
		return cmpLKOf[int](op, l, k)
	}
	return cmpLKOf[float64](op, l, k)
}

func cmpLKOf[T float64 | int](op string, l *ld, k float64) func(*frame) bool {
	if o := l.before; plain(l, nil) {
		switch op {
		case "==":
			return func(f *frame) bool { return float64(at[T](f, o)) == k }
		case "!=":
			return func(f *frame) bool { return float64(at[T](f, o)) != k }
		case "<":
			return func(f *frame) bool { return float64(at[T](f, o)) < k }
		case ">":
			return func(f *frame) bool { return float64(at[T](f, o)) > k }
		case "<=":
			return func(f *frame) bool { return float64(at[T](f, o)) <= k }
		}
		return func(f *frame) bool { return float64(at[T](f, o)) >= k }
	}
	switch op {
	case "==":
		return func(f *frame) bool { return rd[T](f, l) == k }
	case "!=":
		return func(f *frame) bool { return rd[T](f, l) != k }
	case "<":
		return func(f *frame) bool { return rd[T](f, l) < k }
	case ">":
		return func(f *frame) bool { return rd[T](f, l) > k }
	case "<=":
		return func(f *frame) bool { return rd[T](f, l) <= k }
	}
	return func(f *frame) bool { return rd[T](f, l) >= k }
}

// arLL is arithmetic over two reads, in float64.
func arLL(op string, l, r *ld) func(*frame) float64 {
	switch {
	case l.kind == reflect.Int && r.kind == reflect.Int:
		return arLLOf[int, int](op, l, r)
	case l.kind == reflect.Int:
		return arLLOf[int, float64](op, l, r)
	case r.kind == reflect.Int:
		return arLLOf[float64, int](op, l, r)
	}
	return arLLOf[float64, float64](op, l, r)
}

func arLLOf[T, U float64 | int](op string, l, r *ld) func(*frame) float64 {
	if o1, o2 := l.before, r.before; plain(l, r) {
		switch op {
		case "+":
			return func(f *frame) float64 { return float64(at[T](f, o1)) + float64(at[U](f, o2)) }
		case "-":
			return func(f *frame) float64 { return float64(at[T](f, o1)) - float64(at[U](f, o2)) }
		case "*":
			return func(f *frame) float64 { return float64(at[T](f, o1)) * float64(at[U](f, o2)) }
		}
		return func(f *frame) float64 { return float64(at[T](f, o1)) / float64(at[U](f, o2)) }
	}
	switch op {
	case "+":
		return func(f *frame) float64 { return rd[T](f, l) + rd[U](f, r) }
	case "-":
		return func(f *frame) float64 { return rd[T](f, l) - rd[U](f, r) }
	case "*":
		return func(f *frame) float64 { return rd[T](f, l) * rd[U](f, r) }
	}
	return func(f *frame) float64 { return rd[T](f, l) / rd[U](f, r) }
}

// cmpLL compares two reads as float64s.
func cmpLL(op string, l, r *ld) func(*frame) bool {
	switch {
	case l.kind == reflect.Int && r.kind == reflect.Int:
		return cmpLLOf[int, int](op, l, r)
	case l.kind == reflect.Int:
		return cmpLLOf[int, float64](op, l, r)
	case r.kind == reflect.Int:
		return cmpLLOf[float64, int](op, l, r)
	}
	return cmpLLOf[float64, float64](op, l, r)
}

func cmpLLOf[T, U float64 | int](op string, l, r *ld) func(*frame) bool {
	if o1, o2 := l.before, r.before; plain(l, r) {
		switch op {
		case "<":
			return func(f *frame) bool { return float64(at[T](f, o1)) < float64(at[U](f, o2)) }
		case ">":
			return func(f *frame) bool { return float64(at[T](f, o1)) > float64(at[U](f, o2)) }
		}
	}
	switch op {
	case "<":
		return func(f *frame) bool { return rd[T](f, l) < rd[U](f, r) }
	case ">":
		return func(f *frame) bool { return rd[T](f, l) > rd[U](f, r) }
	}
	panic("cmpLL: " + op)
}

// callLL is a library function of two reads and a constant.
func callLL(g func(a, b, c float64) bool, l, r *ld, k float64) func(*frame) bool {
	if l.kind == reflect.Int && r.kind == reflect.Int {
		return func(f *frame) bool { return g(rd[int](f, l), rd[int](f, r), k) }
	}
	if l.kind == reflect.Float64 && r.kind == reflect.Float64 {
		return func(f *frame) bool { return g(rd[float64](f, l), rd[float64](f, r), k) }
	}
	x, y := l.f64, r.f64
	return func(f *frame) bool { return g(x(f), y(f), k) }
}

func numeric(c cl) bool { return c.t == tFloat || c.t == tInt }

// floatView reads c as a number with toFloat's rules: ints convert, nil
// and anything that is not a number is NaN. It is what the library's
// functions do with their arguments.
func (c cl) floatView() func(*frame) float64 {
	switch {
	case c.f != nil:
		return c.f
	case c.ld != nil && (c.ld.kind == reflect.Int || c.ld.kind == reflect.Float64):
		return c.ld.f64
	case c.t == tInt:
		i := c.i
		return func(f *frame) float64 { return float64(i(f)) }
	}
	a := c.anyView()
	return func(f *frame) float64 { return toFloat(a(f)) }
}

// anyView boxes c's value as the VM holds it.
func (c cl) anyView() func(*frame) any {
	switch c.t {
	case tFloat:
		g := c.f
		return func(f *frame) any { return g(f) }
	case tInt:
		g := c.i
		return func(f *frame) any { return g(f) }
	case tBool:
		g := c.b
		return func(f *frame) any { return g(f) }
	case tString:
		g := c.s
		return func(f *frame) any { return g(f) }
	case tTime:
		g := c.tm
		return func(f *frame) any { return g(f) }
	}
	return c.a
}

// closureCompiler compiles the nodes of one rule.
type closureCompiler struct {
	root reflect.Type // the type of the root value, E
	lib  map[string]function
	why  string // why the rule falls back to the VM
}

// errFallback stops the closure compiler: the rule runs on the VM.
var errFallback = errors.New("not compiled to closures")

func (c *closureCompiler) no(format string, args ...any) (cl, error) {
	if c.why == "" {
		c.why = fmt.Sprintf(format, args...)
	}
	return cl{}, errFallback
}

var libraryByName = func() map[string]function {
	m := map[string]function{}
	for _, f := range library() {
		m[f.name] = f
	}
	return m
}()

// compileClosure compiles a checked tree over root type E; why says what
// made it fall back when it cannot.
func compileClosure(tree ast.Node, rootType reflect.Type) (cl, string) {
	c := &closureCompiler{root: rootType, lib: libraryByName}
	out, err := c.node(tree)
	if err != nil {
		return cl{}, c.why
	}
	return out, ""
}

func (c *closureCompiler) node(n ast.Node) (cl, error) {
	switch n := n.(type) {
	case *ast.IntegerNode:
		return c.integer(n)
	case *ast.FloatNode:
		if t := n.Type(); t != nil && t.Kind() != reflect.Float64 && t.Kind() != reflect.Interface {
			return c.no("a %v constant", t)
		}
		v := n.Value
		return cl{t: tFloat, f: func(*frame) float64 { return v }, isK: true, k: v}, nil
	case *ast.StringNode:
		v := n.Value
		return cl{t: tString, s: func(*frame) string { return v }, isKs: true, ks: v}, nil
	case *ast.BoolNode:
		v := n.Value
		return cl{t: tBool, b: func(*frame) bool { return v }}, nil
	case *ast.NilNode:
		return cl{t: tAny, a: func(*frame) any { return nil }}, nil
	case *ast.ConstantNode:
		return constant(n.Value), nil
	case *ast.IdentifierNode:
		switch n.Value {
		case rootNow:
			return cl{t: tTime, tm: func(f *frame) time.Time { return f.now }, isNow: true}, nil
		case meterName:
			return cl{t: tAny, a: func(f *frame) any { return f.meter }}, nil
		}
		return c.no("the name %s (a let binding or a whole value)", n.Value)
	case *ast.MemberNode:
		return c.member(n)
	case *ast.UnaryNode:
		return c.unary(n)
	case *ast.BinaryNode:
		return c.binary(n)
	case *ast.ConditionalNode:
		return c.conditional(n)
	case *ast.CallNode:
		return c.call(n)
	case *ast.BuiltinNode:
		return c.builtin(n)
	case *ast.VariableDeclaratorNode:
		if strings.HasPrefix(n.Name, "__c") { // the guard's binding of a loop's collection
			if b := loopIn(n.Expr); b != "" {
				return c.no("the builtin %s (a loop)", b)
			}
		}
		return c.no("let")
	}
	what := map[string]string{"*ast.ArrayNode": "an array the rule builds", "*ast.MapNode": "a map the rule builds",
		"*ast.SliceNode": "slicing", "*ast.ChainNode": "optional chaining (?.)", "*ast.PredicateNode": "a predicate",
		"*ast.PointerNode": "a predicate's #", "*ast.SequenceNode": "a sequence (;)"}[fmt.Sprintf("%T", n)]
	if what == "" {
		what = fmt.Sprintf("%T", n)
	}
	return c.no("%s", what)
}

// loopIn names the iterating builtin of a guarded loop.
func loopIn(n ast.Node) string {
	var name string
	ast.Find(n, func(m ast.Node) bool {
		if b, ok := m.(*ast.BuiltinNode); ok && iterating[b.Name] && name == "" {
			name = b.Name
		}
		return false
	})
	return name
}

func (c *closureCompiler) integer(n *ast.IntegerNode) (cl, error) {
	t := n.Type()
	switch {
	case t == nil || t.Kind() == reflect.Int || t.Kind() == reflect.Interface:
		v := n.Value
		return cl{t: tInt, i: func(*frame) int { return v }, isK: true, k: float64(v)}, nil
	case t.Kind() == reflect.Float64:
		v := float64(n.Value)
		return cl{t: tFloat, f: func(*frame) float64 { return v }, isK: true, k: v}, nil
	}
	return c.no("a %v constant", t)
}

// constant is a value the optimizer folded.
func constant(v any) cl {
	switch x := v.(type) {
	case float64:
		return cl{t: tFloat, f: func(*frame) float64 { return x }, isK: true, k: x}
	case int:
		return cl{t: tInt, i: func(*frame) int { return x }, isK: true, k: float64(x)}
	case string:
		return cl{t: tString, s: func(*frame) string { return x }}
	case bool:
		return cl{t: tBool, b: func(*frame) bool { return x }}
	}
	return cl{t: tAny, a: func(*frame) any { return v }}
}

// Reading fields.

// path is the way from the root to a field: offsets to add and pointers to
// follow, found once per type.
type path struct {
	steps []pathStep
	names []string // the member names, for errors
	typ   reflect.Type
	// key, when set, is a key of the map[string]any the steps lead to:
	// the value is read from the map (nil when it lacks the key), and typ
	// is the map's element type.
	key   string
	keyed bool
}

type pathStep struct {
	deref bool    // follow a pointer (a nil one fails)
	off   uintptr // else: add an offset
	name  string  // the member read after a deref, for its error
}

// resolve returns the path of a chain of member names from the root.
func (c *closureCompiler) resolve(names []string) (path, error) {
	p := path{names: names}
	t := c.root
	add := func(off uintptr) {
		if k := len(p.steps); k > 0 && !p.steps[k-1].deref {
			p.steps[k-1].off += off
			return
		}
		p.steps = append(p.steps, pathStep{off: off})
	}
	for i, name := range names {
		for t.Kind() == reflect.Pointer {
			p.steps = append(p.steps, pathStep{deref: true, name: name})
			t = t.Elem()
		}
		if t.Kind() == reflect.Map && t.Key().Kind() == reflect.String && t.Elem().Kind() == reflect.Interface &&
			t.Elem().NumMethod() == 0 && t.ConvertibleTo(anyMapType) {
			if i != len(names)-1 {
				_, err := c.no("a member of a value read from a map")
				return p, err
			}
			p.key, p.keyed, p.typ = name, true, t.Elem()
			return p, nil
		}
		if t.Kind() != reflect.Struct {
			_, err := c.no("a member of a %v", t)
			return p, err
		}
		sf, ok := structField(t, name)
		if !ok {
			_, err := c.no("the member %s of %v", name, t)
			return p, err
		}
		cur := t
		for i, x := range sf.Index {
			if i > 0 && cur.Kind() == reflect.Pointer {
				p.steps = append(p.steps, pathStep{deref: true, name: name})
				cur = cur.Elem()
			}
			f := cur.Field(x)
			add(f.Offset)
			cur = f.Type
		}
		t = sf.Type
	}
	p.typ = t
	return p, nil
}

// structField finds the exported field that rules name name.
func structField(t reflect.Type, name string) (reflect.StructField, bool) {
	return fields.Lookup(t, name)
}

// addr returns a function that finds the field's address, or nil after
// recording the failure (a nil pointer on the way) at loc. With soft, a
// nil pointer gives nil without a failure.
func (p path) addr(loc file.Location, soft bool) func(*frame) unsafe.Pointer {
	if len(p.steps) == 1 && !p.steps[0].deref {
		off := p.steps[0].off
		return func(f *frame) unsafe.Pointer { return unsafe.Add(f.root, off) }
	}
	if len(p.steps) == 2 && p.steps[0].deref && !p.steps[1].deref { // a field of a pointer account
		off, name := p.steps[1].off, p.steps[0].name
		return func(f *frame) unsafe.Pointer {
			q := *(*unsafe.Pointer)(f.root)
			if q == nil {
				if !soft {
					f.fail(loc, fmt.Errorf("cannot get %s from nil", name))
				}
				return nil
			}
			return unsafe.Add(q, off)
		}
	}
	steps := p.steps
	return func(f *frame) unsafe.Pointer {
		q := f.root
		for _, s := range steps {
			if !s.deref {
				q = unsafe.Add(q, s.off)
				continue
			}
			if q = *(*unsafe.Pointer)(q); q == nil {
				if !soft {
					f.fail(loc, fmt.Errorf("cannot get %s from nil", s.name))
				}
				return nil
			}
		}
		return q
	}
}

// chainLoc is where the VM reports a failure to read a member chain: at
// the chain's start.
func chainLoc(n ast.Node) file.Location {
	for {
		m, ok := n.(*ast.MemberNode)
		if !ok {
			return n.Location()
		}
		n = m.Node
	}
}

// chainNames returns the member names of a chain from the root, or false.
func chainNames(n ast.Node) ([]string, bool) {
	switch n := n.(type) {
	case *ast.IdentifierNode:
		return nil, isRoot(n.Value)
	case *ast.MemberNode:
		if n.Optional || n.Method {
			return nil, false
		}
		s, ok := n.Property.(*ast.StringNode)
		if !ok {
			return nil, false
		}
		base, ok := chainNames(n.Node)
		return append(base, s.Value), ok
	}
	return nil, false
}

var (
	timeType   = reflect.TypeFor[time.Time]()
	anyMapType = reflect.TypeFor[map[string]any]()
)

func (c *closureCompiler) member(n *ast.MemberNode) (cl, error) {
	names, ok := chainNames(n)
	if !ok || len(names) == 0 {
		return c.no("a member of a value that is not a field")
	}
	p, err := c.resolve(names)
	if err != nil {
		return cl{}, err
	}
	loc := chainLoc(n)
	if p.keyed {
		return mapRead(p, loc), nil
	}
	if x, ok := fused(p, loc); ok {
		return x, nil
	}
	addr := p.addr(loc, false)
	switch t := p.typ; {
	case t == timeType:
		l, _ := ldOf(p, loc)
		return cl{t: tTime, tm: func(f *frame) time.Time {
			if q := addr(f); q != nil {
				return *(*time.Time)(q)
			}
			return time.Time{}
		}, ld: l}, nil
	case t.Kind() == reflect.Float64 && t.PkgPath() == "":
		return cl{t: tFloat, f: func(f *frame) float64 {
			if q := addr(f); q != nil {
				return *(*float64)(q)
			}
			return 0
		}}, nil
	case t.Kind() == reflect.Int && t.PkgPath() == "":
		return cl{t: tInt, i: func(f *frame) int {
			if q := addr(f); q != nil {
				return *(*int)(q)
			}
			return 0
		}}, nil
	case t.Kind() == reflect.String && t.PkgPath() == "":
		return cl{t: tString, s: func(f *frame) string {
			if q := addr(f); q != nil {
				return *(*string)(q)
			}
			return ""
		}}, nil
	case t.Kind() == reflect.Bool && t.PkgPath() == "":
		return cl{t: tBool, b: func(f *frame) bool {
			if q := addr(f); q != nil {
				return *(*bool)(q)
			}
			return false
		}}, nil
	}
	// Any other type: the value as the VM reads it.
	t := p.typ
	return cl{t: tAny, a: func(f *frame) any {
		if q := addr(f); q != nil {
			return reflect.NewAt(t, q).Elem().Interface()
		}
		return nil
	}}, nil
}

// fused compiles the common reads in one closure each, without calling
// addr: a float64, int, bool or string field at an offset of the root
// (a struct root), behind a pointer at the root (a pointer account), or
// behind a pointer at an offset of the root (an account in a trigger's
// environment).
func fused(p path, loc file.Location) (cl, bool) {
	l, ok := ldOf(p, loc)
	if !ok {
		return cl{}, false
	}
	switch l.kind {
	case reflect.Float64:
		if !l.via {
			return cl{t: tFloat, f: load[float64](l.before), ld: l}, true
		}
		return cl{t: tFloat, f: loadVia[float64](l.before, l.after, l.name, loc), ld: l}, true
	case reflect.Int:
		if !l.via {
			return cl{t: tInt, i: load[int](l.before), ld: l}, true
		}
		return cl{t: tInt, i: loadVia[int](l.before, l.after, l.name, loc), ld: l}, true
	case reflect.Bool:
		if !l.via {
			return cl{t: tBool, b: load[bool](l.before), ld: l}, true
		}
		return cl{t: tBool, b: loadVia[bool](l.before, l.after, l.name, loc), ld: l}, true
	case reflect.String:
		if !l.via {
			return cl{t: tString, s: load[string](l.before), ld: l}, true
		}
		return cl{t: tString, s: loadVia[string](l.before, l.after, l.name, loc), ld: l}, true
	}
	return cl{}, false
}

// ldOf returns the inlined read of a path: a float64, int, bool or string
// field at an offset of the root (a struct root), behind a pointer at the
// root (a pointer account), or behind a pointer at an offset of the root
// (an account in a trigger's environment).
func ldOf(p path, loc file.Location) (*ld, bool) {
	t := p.typ
	if t.PkgPath() != "" && t != timeType {
		return nil, false
	}
	switch t.Kind() {
	case reflect.Float64, reflect.Int, reflect.Bool, reflect.String:
	default:
		if t != timeType {
			return nil, false
		}
	}
	st := p.steps
	l := &ld{kind: t.Kind(), loc: loc}
	switch {
	case len(st) == 1 && !st[0].deref:
		l.before = st[0].off
	case len(st) == 2 && st[0].deref && !st[1].deref:
		l.via, l.after, l.name = true, st[1].off, st[0].name
	case len(st) == 3 && !st[0].deref && st[1].deref && !st[2].deref:
		l.via, l.before, l.after, l.name = true, st[0].off, st[2].off, st[1].name
	default:
		return nil, false
	}
	return l, true
}

// load reads a T at an offset of the root.
func load[T any](off uintptr) func(*frame) T {
	return func(f *frame) T { return *(*T)(unsafe.Add(f.root, off)) }
}

// loadVia reads a T at offset after of the struct that the pointer at
// offset before of the root points to; a nil pointer fails.
func loadVia[T any](before, after uintptr, name string, loc file.Location) func(*frame) T {
	return func(f *frame) T {
		if q := *(*unsafe.Pointer)(unsafe.Add(f.root, before)); q != nil {
			return *(*T)(unsafe.Add(q, after))
		}
		f.fail(loc, fmt.Errorf("cannot get %s from nil", name))
		var zero T
		return zero
	}
}

// number compiles a read of a number of any kind, or of a pointer to one,
// as a float64: what __num and the float builtin do to a field.
func (c *closureCompiler) number(n ast.Node) (cl, bool, error) {
	m, ok := n.(*ast.MemberNode)
	if !ok {
		return cl{}, false, nil
	}
	names, ok := chainNames(m)
	if !ok {
		return cl{}, false, nil
	}
	p, err := c.resolve(names)
	if err != nil || p.keyed {
		c.why = "" // the value is read the generic way
		return cl{}, false, nil
	}
	t, derefs := p.typ, 0
	for t.Kind() == reflect.Pointer {
		t, derefs = t.Elem(), derefs+1
	}
	read := kindReader(t.Kind())
	if read == nil {
		return cl{}, false, nil
	}
	if l, ok := ldOf(p, chainLoc(m)); ok && derefs == 0 && (l.kind == reflect.Float64 || l.kind == reflect.Int) {
		return cl{t: tFloat, f: l.f64, ld: l}, true, nil
	}
	if derefs == 0 && len(p.steps) == 1 && !p.steps[0].deref {
		off := p.steps[0].off
		return cl{t: tFloat, f: func(f *frame) float64 { return read(unsafe.Add(f.root, off)) }}, true, nil
	}
	addr := p.addr(chainLoc(m), false)
	return cl{t: tFloat, f: func(f *frame) float64 {
		q := addr(f)
		if q == nil {
			return 0
		}
		for range derefs {
			if q = *(*unsafe.Pointer)(q); q == nil {
				return math.NaN()
			}
		}
		return read(q)
	}}, true, nil
}

// kindReader reads a number of kind k at an address as a float64.
func kindReader(k reflect.Kind) func(unsafe.Pointer) float64 {
	switch k {
	case reflect.Float64:
		return func(q unsafe.Pointer) float64 { return *(*float64)(q) }
	case reflect.Float32:
		return func(q unsafe.Pointer) float64 { return float64(*(*float32)(q)) }
	case reflect.Int:
		return func(q unsafe.Pointer) float64 { return float64(*(*int)(q)) }
	case reflect.Int8:
		return func(q unsafe.Pointer) float64 { return float64(*(*int8)(q)) }
	case reflect.Int16:
		return func(q unsafe.Pointer) float64 { return float64(*(*int16)(q)) }
	case reflect.Int32:
		return func(q unsafe.Pointer) float64 { return float64(*(*int32)(q)) }
	case reflect.Int64:
		return func(q unsafe.Pointer) float64 { return float64(*(*int64)(q)) }
	case reflect.Uint:
		return func(q unsafe.Pointer) float64 { return float64(*(*uint)(q)) }
	case reflect.Uint8:
		return func(q unsafe.Pointer) float64 { return float64(*(*uint8)(q)) }
	case reflect.Uint16:
		return func(q unsafe.Pointer) float64 { return float64(*(*uint16)(q)) }
	case reflect.Uint32:
		return func(q unsafe.Pointer) float64 { return float64(*(*uint32)(q)) }
	case reflect.Uint64:
		return func(q unsafe.Pointer) float64 { return float64(*(*uint64)(q)) }
	case reflect.Uintptr:
		return func(q unsafe.Pointer) float64 { return float64(*(*uintptr)(q)) }
	}
	return nil
}

// Operators.

func (c *closureCompiler) unary(n *ast.UnaryNode) (cl, error) {
	x, err := c.node(n.Node)
	if err != nil {
		return cl{}, err
	}
	switch n.Operator {
	case "!", "not":
		if x.t == tBool {
			g := x.b
			return cl{t: tBool, b: func(f *frame) bool { return !g(f) }}, nil
		}
		a, loc := x.anyView(), n.Location()
		return cl{t: tBool, b: func(f *frame) bool {
			v, ok := a(f).(bool)
			if !ok {
				f.fail(loc, errors.New("! needs a bool"))
			}
			return !v
		}}, nil
	case "-":
		switch x.t {
		case tFloat:
			g := x.f
			return cl{t: tFloat, f: func(f *frame) float64 { return -g(f) }}, nil
		case tInt:
			g := x.i
			return cl{t: tInt, i: func(f *frame) int { return -g(f) }}, nil
		}
		gen, err := c.generic(n.Location(), func(v []any) (any, error) { return runtime.Negate(v[0]), nil }, x)
		if err != nil || x.num == nil {
			return gen, err
		}
		xn := x.num
		return inPlace(func(f *frame) (float64, bool) { // runtime.Negate of a float64
			v, ok := xn(f)
			return -v, ok
		}, gen), nil
	case "+":
		if numeric(x) {
			return x, nil
		}
	}
	return c.no("the operator %s", n.Operator)
}

// generic is a node computed by run over its operands' values as the VM
// holds them: what the VM does, the same way. Panics become failures.
func (c *closureCompiler) generic(loc file.Location, run func([]any) (any, error), args ...cl) (cl, error) {
	views := make([]func(*frame) any, len(args))
	for i, a := range args {
		views[i] = a.anyView()
	}
	return cl{t: tAny, a: func(f *frame) (out any) {
		if f.err != nil {
			return nil
		}
		vals := make([]any, len(views))
		for i, v := range views {
			vals[i] = v(f)
		}
		if f.err != nil {
			return nil
		}
		defer func() {
			if r := recover(); r != nil {
				f.fail(loc, fmt.Errorf("%v", r))
				out = nil
			}
		}()
		out, err := run(vals)
		if err != nil {
			f.fail(loc, err)
			return nil
		}
		return out
	}}, nil
}

func (c *closureCompiler) binary(n *ast.BinaryNode) (cl, error) {
	l, err := c.node(n.Left)
	if err != nil {
		return cl{}, err
	}
	r, err := c.node(n.Right)
	if err != nil {
		if n.Operator == "in" || n.Operator == "not in" {
			return c.in(n, l)
		}
		return cl{}, err
	}
	loc := n.Location()
	op := n.Operator
	switch op {
	case "&&", "and", "||", "or":
		lb := c.asBool(l, loc)
		and := op == "&&" || op == "and"
		if r.t != tBool {
			// The VM asserts the left operand a bool here, and leaves the
			// right one as it is, for whatever reads the result: false ||
			// nil is nil, which a condition reads as false and && refuses.
			ra := r.anyView()
			return cl{t: tAny, a: func(f *frame) any {
				if lb(f) != and {
					return !and
				}
				return ra(f)
			}}, nil
		}
		rb := r.b
		if and {
			return cl{t: tBool, b: func(f *frame) bool { return lb(f) && rb(f) }}, nil
		}
		return cl{t: tBool, b: func(f *frame) bool { return lb(f) || rb(f) }}, nil
	case "+", "-", "*", "/", "**", "^":
		if numeric(l) && numeric(r) && !(l.t == tInt && r.t == tInt && op != "/" && op != "**" && op != "^") {
			return arithmeticOf(op, l, r), nil
		}
	case "%":
		if l.t == tInt && r.t == tInt {
			li, ri := l.i, r.i
			return cl{t: tInt, i: func(f *frame) int {
				d := ri(f)
				if d == 0 {
					f.fail(loc, errDivZero)
					return 0
				}
				return li(f) % d
			}}, nil
		}
	case "==", "!=", "<", ">", "<=", ">=":
		if cmp, ok := compare(op, l, r); ok {
			return cmp, nil
		}
	case "contains", "startsWith", "endsWith":
		if l.t == tString && r.t == tString {
			ls, rs := l.s, r.s
			fn := map[string]func(string, string) bool{"contains": strings.Contains, "startsWith": strings.HasPrefix, "endsWith": strings.HasSuffix}[op]
			return cl{t: tBool, b: func(f *frame) bool { return fn(ls(f), rs(f)) }}, nil
		}
		return c.generic(loc, func(v []any) (any, error) { // the VM's OpContains and its kin
			if runtime.IsNil(v[0]) || runtime.IsNil(v[1]) {
				return false, nil
			}
			return map[string]func(string, string) bool{"contains": strings.Contains, "startsWith": strings.HasPrefix,
				"endsWith": strings.HasSuffix}[op](v[0].(string), v[1].(string)), nil
		}, l, r)
	case "??":
		la, ra := l.anyView(), r.anyView()
		out := cl{t: tAny, a: func(f *frame) any {
			if v := la(f); !runtime.IsNil(v) {
				return v
			}
			return ra(f)
		}}
		if dynNum(l) && dynNum(r) { // a value read from a map, or a default
			ln, rn := numView(l), numView(r)
			out.num = func(f *frame) (float64, bool) {
				if v, ok := ln(f); ok {
					return v, true
				}
				if !runtime.IsNil(la(f)) {
					return 0, false
				}
				return rn(f)
			}
			out.f = dynFloat(out)
		}
		return out, nil
	case "in", "not in":
		return c.in(n, l)
	case "matches", "..":
		return c.no("the operator %s", op)
	}
	if eq := vmEquality(n); eq != nil && (op == "==" || op == "!=") {
		ne := op == "!="
		return c.generic(loc, func(v []any) (any, error) { return eq(v[0], v[1]) != ne, nil }, l, r)
	}
	run, ok := binaryRuntime[op]
	if !ok {
		return c.no("the operator %s", op)
	}
	gen, err := c.generic(loc, func(v []any) (any, error) { return run(v[0], v[1]), nil }, l, r)
	if err != nil {
		return gen, err
	}
	if x, ok := dynBinary(op, l, r, gen); ok {
		return x, nil
	}
	return gen, nil
}

// Values of types known only at run time (read from a map): each operator
// takes the common case, float64 or string operands, in place, and hands
// any other to gen, the node that computes it as the VM does. The result
// is the VM's either way.

// dynNum reports whether x is a number, or may be one at run time.
func dynNum(x cl) bool { return numeric(x) || x.num != nil }

// dynStr reports whether x is a string, or may be one at run time.
func dynStr(x cl) bool { return x.t == tString || x.str != nil }

// numView reads x as a float64 when it holds one (or an int, for a node of
// static type int: the VM converts it for a float64 operand).
func numView(x cl) func(*frame) (float64, bool) {
	switch x.t {
	case tFloat:
		g := x.f
		return func(f *frame) (float64, bool) { return g(f), true }
	case tInt:
		g := x.i
		return func(f *frame) (float64, bool) { return float64(g(f)), true }
	}
	return x.num
}

func strView(x cl) func(*frame) (string, bool) {
	if x.t == tString {
		g := x.s
		return func(f *frame) (string, bool) { return g(f), true }
	}
	return x.str
}

// timeView reads x as a time.Time when it holds one.
func timeView(x cl) func(*frame) (time.Time, bool) {
	if x.t == tTime {
		g := x.tm
		return func(f *frame) (time.Time, bool) { return g(f), true }
	}
	a := x.a
	return func(f *frame) (time.Time, bool) { v, ok := a(f).(time.Time); return v, ok }
}

// dynFloat is the float view of a node with num: toFloat of its value.
func dynFloat(x cl) func(*frame) float64 {
	num, a := x.num, x.a
	return func(f *frame) float64 {
		if v, ok := num(f); ok {
			return v
		}
		return toFloat(a(f))
	}
}

// inPlace is a number computed by num when its operands are float64s, and
// as the VM computes it (gen) otherwise.
func inPlace(num func(*frame) (float64, bool), gen cl) cl {
	ga := gen.a
	out := cl{t: tAny, num: num, a: func(f *frame) any {
		if v, ok := num(f); ok {
			return v
		}
		return ga(f)
	}}
	out.f = dynFloat(out)
	return out
}

// dynamic is a node whose value a reads, with the views of a float64 and
// a string when it holds one.
func dynamic(a func(*frame) any) cl {
	x := cl{t: tAny, a: a,
		num: func(f *frame) (float64, bool) { v, ok := a(f).(float64); return v, ok },
		str: func(f *frame) (string, bool) { v, ok := a(f).(string); return v, ok },
	}
	x.f = dynFloat(x)
	return x
}

// mapRead reads the key of a map[string]any: nil when the map lacks it,
// as the VM's fetch.
func mapRead(p path, loc file.Location) cl {
	addr, key := p.addr(loc, false), p.key
	x := dynamic(func(f *frame) any {
		q := addr(f)
		if q == nil {
			return nil
		}
		return (*(*map[string]any)(q))[key]
	})
	if len(p.steps) == 0 { // the account is the map
		x.key, x.keyed = key, true
	}
	return x
}

// dynBinary is op over l and r, one of which has a type known only at run
// time: in place when both are float64 (or both strings, for a
// comparison), else gen.
func dynBinary(op string, l, r, gen cl) (cl, bool) {
	if l.num == nil && r.num == nil && l.str == nil && r.str == nil {
		return cl{}, false
	}
	ga := gen.a
	if fn, ok := floatOps[op]; ok && dynNum(l) && dynNum(r) {
		ln, rn := numView(l), numView(r)
		num := func(f *frame) (float64, bool) {
			x, ok := ln(f)
			if !ok {
				return 0, false
			}
			y, ok := rn(f)
			if !ok {
				return 0, false
			}
			return fn(x, y), true
		}
		return inPlace(num, gen), true
	}
	if cmpf, ok := floatCmps[op]; ok && dynNum(l) && dynNum(r) {
		ln, rn := numView(l), numView(r)
		return cl{t: tBool, b: func(f *frame) bool {
			if x, ok := ln(f); ok {
				if y, ok := rn(f); ok {
					return cmpf(x, y)
				}
			}
			v, _ := ga(f).(bool)
			return v
		}}, true
	}
	if cmps, ok := stringCmps[op]; ok && dynStr(l) && dynStr(r) {
		ls, rs := strView(l), strView(r)
		return cl{t: tBool, b: func(f *frame) bool {
			if x, ok := ls(f); ok {
				if y, ok := rs(f); ok {
					return cmps(x, y)
				}
			}
			v, _ := ga(f).(bool)
			return v
		}}, true
	}
	return cl{}, false
}

// floatOps are the arithmetic of two float64s as the VM computes it
// (runtime.Add and its kin, runtime.Exponent's math.Pow). % is not among
// them: the VM takes only integers.
var floatOps = map[string]func(x, y float64) float64{
	"+":  func(x, y float64) float64 { return x + y },
	"-":  func(x, y float64) float64 { return x - y },
	"*":  func(x, y float64) float64 { return x * y },
	"/":  func(x, y float64) float64 { return x / y },
	"**": math.Pow, "^": math.Pow,
}

// floatCmps and stringCmps are the comparisons as the VM makes them
// (runtime.Less, runtime.Equal and their kin).
var (
	floatCmps = map[string]func(x, y float64) bool{
		"==": func(x, y float64) bool { return x == y }, "!=": func(x, y float64) bool { return x != y },
		"<": func(x, y float64) bool { return x < y }, ">": func(x, y float64) bool { return x > y },
		"<=": func(x, y float64) bool { return x <= y }, ">=": func(x, y float64) bool { return x >= y },
	}
	stringCmps = map[string]func(x, y string) bool{
		"==": func(x, y string) bool { return x == y }, "!=": func(x, y string) bool { return x != y },
		"<": func(x, y string) bool { return x < y }, ">": func(x, y string) bool { return x > y },
		"<=": func(x, y string) bool { return x <= y }, ">=": func(x, y string) bool { return x >= y },
	}
)

// vmEquality mirrors expr's compiler (equalBinaryNode): == or != of two
// operands whose static types are both int, or both string, of no named
// type, runs as OpEqualInt (OpEqualString), which asserts both operands.
// A nil there (the last of an empty array) is an error, not false; the
// assertion's panic becomes that error in generic, as in the VM.
func vmEquality(n *ast.BinaryNode) func(a, b any) bool {
	lt, rt := n.Left.Type(), n.Right.Type()
	if lt == nil || rt == nil || lt.PkgPath() != "" || rt.PkgPath() != "" || lt.Kind() != rt.Kind() {
		return nil
	}
	switch lt.Kind() {
	case reflect.Int:
		return func(a, b any) bool { return a.(int) == b.(int) }
	case reflect.String:
		return func(a, b any) bool { return a.(string) == b.(string) }
	}
	return nil
}

// binaryRuntime are the VM's own functions for the operators, for
// operands whose types are known only at run time.
var binaryRuntime = map[string]func(a, b any) any{
	"+":  runtime.Add,
	"-":  runtime.Subtract,
	"*":  runtime.Multiply,
	"/":  func(a, b any) any { return runtime.Divide(a, b) },
	"%":  func(a, b any) any { return runtime.Modulo(a, b) },
	"**": func(a, b any) any { return runtime.Exponent(a, b) },
	"^":  func(a, b any) any { return runtime.Exponent(a, b) },
	"==": func(a, b any) any { return runtime.Equal(a, b) },
	"!=": func(a, b any) any { return !runtime.Equal(a, b) },
	"<":  func(a, b any) any { return runtime.Less(a, b) },
	">":  func(a, b any) any { return runtime.More(a, b) },
	"<=": func(a, b any) any { return runtime.LessOrEqual(a, b) },
	">=": func(a, b any) any { return runtime.MoreOrEqual(a, b) },
}

func arithmeticOf(op string, lc, rc cl) cl {
	if numLd(lc) && numLd(rc) && op != "**" && op != "^" {
		return cl{t: tFloat, f: arLL(op, lc.ld, rc.ld), ar: &arOp{op, lc.ld, rc.ld}}
	}
	l, r := lc.floatView(), rc.floatView()
	var f func(*frame) float64
	switch {
	case rc.isK && op != "**" && op != "^":
		k := rc.k
		switch op {
		case "+":
			f = func(fr *frame) float64 { return l(fr) + k }
		case "-":
			f = func(fr *frame) float64 { return l(fr) - k }
		case "*":
			f = func(fr *frame) float64 { return l(fr) * k }
		default:
			f = func(fr *frame) float64 { return l(fr) / k }
		}
	case lc.isK && op != "**" && op != "^":
		k := lc.k
		switch op {
		case "+":
			f = func(fr *frame) float64 { return k + r(fr) }
		case "-":
			f = func(fr *frame) float64 { return k - r(fr) }
		case "*":
			f = func(fr *frame) float64 { return k * r(fr) }
		default:
			f = func(fr *frame) float64 { return k / r(fr) }
		}
	default:
		switch op {
		case "+":
			f = func(fr *frame) float64 { return l(fr) + r(fr) }
		case "-":
			f = func(fr *frame) float64 { return l(fr) - r(fr) }
		case "*":
			f = func(fr *frame) float64 { return l(fr) * r(fr) }
		case "/":
			f = func(fr *frame) float64 { return l(fr) / r(fr) }
		default: // ** and ^
			f = func(fr *frame) float64 { return math.Pow(l(fr), r(fr)) }
		}
	}
	return cl{t: tFloat, f: f}
}

// asBool reads a condition's operand: a bool, or a value the VM would
// assert to be one.
func (c *closureCompiler) asBool(x cl, loc file.Location) func(*frame) bool {
	if x.t == tBool {
		return x.b
	}
	a := x.anyView()
	return func(f *frame) bool {
		x := a(f)
		v, ok := x.(bool)
		if !ok && f.err == nil {
			f.fail(loc, fmt.Errorf("interface conversion: interface {} is %T, not bool", x))
		}
		return v
	}
}

// compare compiles a comparison of two values of static types.
func compare(op string, l, r cl) (cl, bool) {
	switch {
	case l.t == tInt && r.t == tInt:
		return cl{t: tBool, b: ordered(op, l.i, r.i)}, true
	case numeric(l) && numeric(r):
		return floatCompare(op, l, r), true
	case l.t == tString && r.t == tString && r.isKs && l.ld != nil && (op == "==" || op == "!="):
		x, k := l.ld, r.ks
		d := &direct{form: dCmpKs, op: op, l: x, ks: k}
		if o := x.before; plain(x, nil) {
			if op == "==" {
				return cl{t: tBool, b: func(f *frame) bool { return at[string](f, o) == k }, dir: d}, true
			}
			return cl{t: tBool, b: func(f *frame) bool { return at[string](f, o) != k }, dir: d}, true
		}
		if op == "==" {
			return cl{t: tBool, b: func(f *frame) bool { return *(*string)(x.addr(f)) == k }, dir: d}, true
		}
		return cl{t: tBool, b: func(f *frame) bool { return *(*string)(x.addr(f)) != k }, dir: d}, true
	case l.t == tString && r.t == tString && l.ld != nil && r.ld != nil && (op == "==" || op == "!="):
		x, y := l.ld, r.ld
		if o1, o2 := x.before, y.before; plain(x, y) {
			if op == "==" {
				return cl{t: tBool, b: func(f *frame) bool { return at[string](f, o1) == at[string](f, o2) }}, true
			}
			return cl{t: tBool, b: func(f *frame) bool { return at[string](f, o1) != at[string](f, o2) }}, true
		}
		if op == "==" {
			return cl{t: tBool, b: func(f *frame) bool { return *(*string)(x.addr(f)) == *(*string)(y.addr(f)) }}, true
		}
		return cl{t: tBool, b: func(f *frame) bool { return *(*string)(x.addr(f)) != *(*string)(y.addr(f)) }}, true
	case l.t == tString && r.t == tString && r.isKs:
		ls, k := l.s, r.ks
		switch op {
		case "==":
			return cl{t: tBool, b: func(f *frame) bool { return ls(f) == k }}, true
		case "!=":
			return cl{t: tBool, b: func(f *frame) bool { return ls(f) != k }}, true
		}
		return cl{t: tBool, b: ordered(op, l.s, r.s)}, true
	case l.t == tString && r.t == tString:
		return cl{t: tBool, b: ordered(op, l.s, r.s)}, true
	case l.t == tTime && r.t == tTime:
		lm, rm := l.tm, r.tm
		var b func(*frame) bool
		switch op {
		case "==":
			b = func(f *frame) bool { return lm(f).Equal(rm(f)) }
		case "!=":
			b = func(f *frame) bool { return !lm(f).Equal(rm(f)) }
		case "<":
			b = func(f *frame) bool { return lm(f).Before(rm(f)) }
		case ">":
			b = func(f *frame) bool { return lm(f).After(rm(f)) }
		case "<=":
			b = func(f *frame) bool { x, y := lm(f), rm(f); return x.Before(y) || x.Equal(y) }
		case ">=":
			b = func(f *frame) bool { x, y := lm(f), rm(f); return x.After(y) || x.Equal(y) }
		}
		return cl{t: tBool, b: b}, true
	case l.t == tBool && r.t == tBool && (op == "==" || op == "!="):
		lb, rb := l.b, r.b
		if op == "==" {
			return cl{t: tBool, b: func(f *frame) bool { return lb(f) == rb(f) }}, true
		}
		return cl{t: tBool, b: func(f *frame) bool { return lb(f) != rb(f) }}, true
	}
	return cl{}, false
}

// ordered compares two values of an ordered type with op.
func ordered[T int | string](op string, l, r func(*frame) T) func(*frame) bool {
	switch op {
	case "==":
		return func(f *frame) bool { return l(f) == r(f) }
	case "!=":
		return func(f *frame) bool { return l(f) != r(f) }
	case "<":
		return func(f *frame) bool { return l(f) < r(f) }
	case ">":
		return func(f *frame) bool { return l(f) > r(f) }
	case "<=":
		return func(f *frame) bool { return l(f) <= r(f) }
	}
	return func(f *frame) bool { return l(f) >= r(f) }
}

// floatCompare compares float64s as Go does: every comparison with NaN is
// false but !=.
func floatCompare(op string, lc, rc cl) cl {
	if numLd(lc) && rc.isK {
		return cl{t: tBool, b: cmpLK(op, lc.ld, rc.k), dir: &direct{form: dCmpK, op: op, l: lc.ld, k: rc.k}}
	}
	if lc.ar != nil && rc.isK {
		if b, ok := cmpArK(op, lc.ar, rc.k); ok {
			return cl{t: tBool, b: b}
		}
	}
	l, r := lc.floatView(), rc.floatView()
	var b func(*frame) bool
	if rc.isK {
		k := rc.k
		switch op {
		case "==":
			b = func(f *frame) bool { return l(f) == k }
		case "!=":
			b = func(f *frame) bool { return l(f) != k }
		case "<":
			b = func(f *frame) bool { return l(f) < k }
		case ">":
			b = func(f *frame) bool { return l(f) > k }
		case "<=":
			b = func(f *frame) bool { return l(f) <= k }
		case ">=":
			b = func(f *frame) bool { return l(f) >= k }
		}
		return cl{t: tBool, b: b}
	}
	switch op {
	case "==":
		b = func(f *frame) bool { return l(f) == r(f) }
	case "!=":
		b = func(f *frame) bool { return l(f) != r(f) }
	case "<":
		b = func(f *frame) bool { return l(f) < r(f) }
	case ">":
		b = func(f *frame) bool { return l(f) > r(f) }
	case "<=":
		b = func(f *frame) bool { return l(f) <= r(f) }
	case ">=":
		b = func(f *frame) bool { return l(f) >= r(f) }
	}
	return cl{t: tBool, b: b}
}

// in compiles x in [constants]: a string in a set of strings, or a number
// in a list of numbers; anything else runs through the VM's runtime.In.
func (c *closureCompiler) in(n *ast.BinaryNode, l cl) (cl, error) {
	if k, ok := n.Right.(*ast.ConstantNode); ok { // the optimizer's set of constants
		switch set := k.Value.(type) {
		case map[string]struct{}:
			if l.t == tString {
				s := l.s
				return cl{t: tBool, b: func(f *frame) bool { _, ok := set[s(f)]; return ok }}, nil
			}
		case map[int]struct{}:
			if l.t == tInt {
				i := l.i
				return cl{t: tBool, b: func(f *frame) bool { _, ok := set[i(f)]; return ok }}, nil
			}
		}
		return c.generic(n.Location(), func(v []any) (any, error) { return runtime.In(v[0], v[1]), nil }, l, constant(k.Value))
	}
	arr, ok := n.Right.(*ast.ArrayNode)
	if !ok {
		return c.no("in over a %v", n.Right.Type())
	}
	c.why = ""
	var strs map[string]bool
	var nums []float64
	var ints []int
	allInts := true
	for _, e := range arr.Nodes {
		switch e := e.(type) {
		case *ast.StringNode:
			if strs == nil {
				strs = map[string]bool{}
			}
			strs[e.Value] = true
		case *ast.IntegerNode:
			if t := e.Type(); t != nil && t.Kind() != reflect.Int {
				return c.no("in over a list of %v", t)
			}
			nums = append(nums, float64(e.Value))
			ints = append(ints, e.Value)
		case *ast.FloatNode:
			nums = append(nums, e.Value)
			allInts = false
		default:
			return c.no("in over a list that is not constant")
		}
	}
	not := n.Operator == "not in"
	var b func(*frame) bool
	switch {
	case len(arr.Nodes) == 0:
		b = func(*frame) bool { return false }
	case strs != nil && nums == nil && l.t == tString:
		s := l.s
		b = func(f *frame) bool { return strs[s(f)] }
	case strs == nil && l.t == tInt && allInts:
		x := l.i
		b = func(f *frame) bool {
			v := x(f)
			for _, e := range ints {
				if v == e {
					return true
				}
			}
			return false
		}
	case strs == nil && numeric(l):
		x := l.floatView()
		b = func(f *frame) bool {
			v := x(f)
			for _, e := range nums {
				if v == e {
					return true
				}
			}
			return false
		}
	default:
		return c.no("in of a %v over a mixed list", n.Left.Type())
	}
	if not {
		return cl{t: tBool, b: func(f *frame) bool { return !b(f) }}, nil
	}
	return cl{t: tBool, b: b}, nil
}

func (c *closureCompiler) conditional(n *ast.ConditionalNode) (cl, error) {
	cond, err := c.node(n.Cond)
	if err != nil {
		return cl{}, err
	}
	x, err := c.node(n.Exp1)
	if err != nil {
		return cl{}, err
	}
	y, err := c.node(n.Exp2)
	if err != nil {
		return cl{}, err
	}
	test := c.asBool(cond, n.Location())
	if x.t == y.t && x.t != tAny {
		switch x.t {
		case tFloat:
			return cl{t: tFloat, f: choose(test, x.f, y.f)}, nil
		case tInt:
			return cl{t: tInt, i: choose(test, x.i, y.i)}, nil
		case tBool:
			return cl{t: tBool, b: choose(test, x.b, y.b)}, nil
		case tString:
			return cl{t: tString, s: choose(test, x.s, y.s)}, nil
		case tTime:
			return cl{t: tTime, tm: choose(test, x.tm, y.tm)}, nil
		}
	}
	// Branches of different types: the value as the VM holds it, and its
	// number without boxing.
	xa, ya := x.anyView(), y.anyView()
	xf, yf := x.floatView(), y.floatView()
	out := cl{t: tAny,
		a: func(f *frame) any {
			if test(f) {
				return xa(f)
			}
			return ya(f)
		},
		f: func(f *frame) float64 {
			if test(f) {
				return xf(f)
			}
			return yf(f)
		}}
	if dynNum(x) && dynNum(y) && (x.num != nil || y.num != nil) {
		xn, yn := numView(x), numView(y)
		out.num = func(f *frame) (float64, bool) {
			if test(f) {
				return xn(f)
			}
			return yn(f)
		}
	}
	if dynStr(x) && dynStr(y) && (x.str != nil || y.str != nil) {
		xs, ys := strView(x), strView(y)
		out.str = func(f *frame) (string, bool) {
			if test(f) {
				return xs(f)
			}
			return ys(f)
		}
	}
	return out, nil
}

// choose is test ? a : b.
func choose[T any](test func(*frame) bool, a, b func(*frame) T) func(*frame) T {
	return func(f *frame) T {
		if test(f) {
			return a(f)
		}
		return b(f)
	}
}

// Calls.

func (c *closureCompiler) args(ns []ast.Node) ([]cl, error) {
	out := make([]cl, len(ns))
	for i, a := range ns {
		x, err := c.node(a)
		if err != nil {
			return nil, err
		}
		out[i] = x
	}
	return out, nil
}

func (c *closureCompiler) call(n *ast.CallNode) (cl, error) {
	id, ok := n.Callee.(*ast.IdentifierNode)
	if !ok {
		return c.no("a call of %s", n.Callee)
	}
	fn, ok := c.lib[id.Value]
	if !ok {
		return c.no("a call of %s", id.Value)
	}
	switch id.Value {
	case "__range", "__each":
		return c.no("a loop or a range")
	case numFunction:
		if len(n.Arguments) == 1 {
			x, ok, err := c.number(n.Arguments[0])
			if err != nil || ok {
				return x, err
			}
		}
	case hasFunction:
		if x, ok := c.has(n); ok {
			return x, nil
		}
	}
	args, err := c.args(n.Arguments)
	if err != nil {
		return cl{}, err
	}
	if x, ok := c.typedCall(id.Value, args, n.Location()); ok {
		return x, nil
	}
	// Any other function: called as the VM calls it.
	out, err := c.generic(n.Location(), func(v []any) (any, error) { return fn.fn(v...) }, args...)
	if err == nil && returnsBool[id.Value] {
		a := out.a
		return cl{t: tBool, b: func(f *frame) bool {
			v, _ := a(f).(bool)
			return v
		}}, nil
	}
	return out, err
}

// has compiles has(x.f) for a struct x of a static type: present's rules
// (a nil pointer, map, slice or interface is absent, and so is a number
// NaN, directly or through a pointer; a nil container holds nothing) read
// at the field's offset.
func (c *closureCompiler) has(n *ast.CallNode) (cl, bool) {
	if len(n.Arguments) != 2 {
		return cl{}, false
	}
	names, ok := chainNames(n.Arguments[0])
	name, isName := n.Arguments[1].(*ast.StringNode)
	if !ok || !isName {
		return cl{}, false
	}
	p, err := c.resolve(append(names[:len(names):len(names)], name.Value))
	if err != nil {
		c.why = ""
		return cl{}, false
	}
	if p.keyed { // present's rules over the map's value
		read := mapRead(p, n.Location()).a
		return cl{t: tBool, b: func(f *frame) bool {
			switch x := read(f).(type) {
			case nil:
				return false
			case float64:
				return !math.IsNaN(x)
			case string, bool, int, time.Time:
				return true
			default:
				return present(map[string]any{"v": x}, "v")
			}
		}}, true
	}
	addr := p.addr(n.Location(), true)
	switch t := p.typ; {
	case t.Kind() == reflect.Float64:
		return cl{t: tBool, b: func(f *frame) bool {
			q := addr(f)
			return q != nil && !math.IsNaN(*(*float64)(q))
		}}, true
	case t.Kind() == reflect.Float32:
		return cl{t: tBool, b: func(f *frame) bool {
			q := addr(f)
			return q != nil && !math.IsNaN(float64(*(*float32)(q)))
		}}, true
	case t.Kind() == reflect.Pointer && (t.Elem().Kind() == reflect.Float64 || t.Elem().Kind() == reflect.Float32):
		wide := t.Elem().Kind() == reflect.Float64
		return cl{t: tBool, b: func(f *frame) bool {
			q := addr(f)
			if q == nil || *(*unsafe.Pointer)(q) == nil {
				return false
			}
			if wide {
				return !math.IsNaN(**(**float64)(q))
			}
			return !math.IsNaN(float64(**(**float32)(q)))
		}}, true
	case t.Kind() == reflect.Interface:
		return cl{}, false // the value inside decides: present's rules, on the VM's path
	}
	switch p.typ.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Interface:
		// The first word of each is nil exactly when the value is.
		return cl{t: tBool, b: func(f *frame) bool {
			q := addr(f)
			return q != nil && *(*unsafe.Pointer)(q) != nil
		}}, true
	}
	return cl{t: tBool, b: func(f *frame) bool { return addr(f) != nil }}, true
}

// returnsBool are the library functions that always return a bool.
var returnsBool = map[string]bool{"between": true, "declined": true, "rose": true, "crossed_above": true,
	"crossed_below": true, "increased": true, "decreased": true, "turned_on": true, "turned_off": true, hasFunction: true}

// typedCall compiles the library's functions over operands of static
// types without boxing; ok is false when they need the generic call.
func (c *closureCompiler) typedCall(name string, args []cl, loc file.Location) (cl, bool) {
	num := func(i int) func(*frame) float64 { return args[i].floatView() }
	allNumeric := true
	for _, a := range args {
		allNumeric = allNumeric && (numeric(a) || a.f != nil)
	}
	b3 := func(g func(a, b, c float64) bool) cl {
		x, y, z := num(0), num(1), num(2)
		if args[2].isK {
			k := args[2].k
			if numLd(args[0]) && numLd(args[1]) {
				if l, r := args[0].ld, args[1].ld; l.kind == reflect.Float64 && r.kind == reflect.Float64 {
					// The change helpers called statically, inlined.
					if o1, o2 := l.before, r.before; plain(l, r) {
						switch name {
						case "rose":
							return cl{t: tBool, b: func(f *frame) bool { return roseFn(at[float64](f, o1), at[float64](f, o2), k) }}
						case "declined":
							return cl{t: tBool, b: func(f *frame) bool { return declinedFn(at[float64](f, o1), at[float64](f, o2), k) }}
						}
					}
					switch name {
					case "rose":
						return cl{t: tBool, b: func(f *frame) bool { return roseFn(rdF(f, l), rdF(f, r), k) }}
					case "declined":
						return cl{t: tBool, b: func(f *frame) bool { return declinedFn(rdF(f, l), rdF(f, r), k) }}
					}
				}
				return cl{t: tBool, b: callLL(g, args[0].ld, args[1].ld, k)}
			}
			return cl{t: tBool, b: func(f *frame) bool { return g(x(f), y(f), k) }}
		}
		return cl{t: tBool, b: func(f *frame) bool { return g(x(f), y(f), z(f)) }}
	}
	b2 := func(g func(a, b float64) bool) cl {
		x, y := num(0), num(1)
		return cl{t: tBool, b: func(f *frame) bool { return g(x(f), y(f)) }}
	}
	checked := func(g func(a, b, c float64) (float64, error)) cl {
		x, y, z := num(0), num(1), num(2)
		return cl{t: tFloat, f: func(f *frame) float64 {
			v, err := g(x(f), y(f), z(f))
			if err != nil {
				f.fail(loc, err)
			}
			return v
		}}
	}
	switch {
	case len(args) == 3 && allNumeric:
		switch name {
		case "clamp":
			return checked(clampFn), true
		case "scale":
			return checked(scaleFn), true
		case "between":
			return b3(betweenFn), true
		case "declined":
			return b3(declinedFn), true
		case "rose":
			return b3(roseFn), true
		case "crossed_above":
			return b3(func(a, b, c float64) bool { return a < c && b >= c }), true
		case "crossed_below":
			return b3(func(a, b, c float64) bool { return a >= c && b < c }), true
		}
	case len(args) == 2 && allNumeric:
		switch name {
		case "pct_change":
			x, y := num(0), num(1)
			return cl{t: tFloat, f: func(f *frame) float64 { return pctChangeFn(x(f), y(f)) }}, true
		case "ratio":
			x, y := num(0), num(1)
			return cl{t: tFloat, f: func(f *frame) float64 { return ratioFn(x(f), y(f)) }}, true
		case "increased", "decreased":
			if numLd(args[0]) && numLd(args[1]) { // b > a is a > b read the other way
				return cl{t: tBool, b: cmpLL(map[string]string{"increased": "<", "decreased": ">"}[name], args[0].ld, args[1].ld)}, true
			}
			if name == "increased" {
				return b2(func(a, b float64) bool { return b > a }), true
			}
			return b2(func(a, b float64) bool { return b < a }), true
		case "__div":
			if numeric(args[0]) && numeric(args[1]) {
				x, y := num(0), num(1)
				return cl{t: tFloat, f: func(f *frame) float64 {
					n, d := x(f), y(f)
					if d == 0 {
						f.fail(loc, errDivZero)
						return 0
					}
					return n / d
				}}, true
			}
		case "__mod":
			if numeric(args[0]) && numeric(args[1]) && !(args[0].t == tInt && args[1].t == tInt) {
				x, y := num(0), num(1)
				return cl{t: tFloat, f: func(f *frame) float64 {
					n, d := x(f), y(f)
					if d == 0 {
						f.fail(loc, errDivZero)
						return 0
					}
					return math.Mod(n, d)
				}}, true
			}
		case "min", "max":
			// Two numbers, one of them a float64: the VM's result is a
			// float64 either way (an int only when both are ints).
			if numeric(args[0]) && numeric(args[1]) && (args[0].t == tFloat || args[1].t == tFloat) {
				x, y := num(0), num(1)
				less := name == "min"
				return cl{t: tFloat, f: func(f *frame) float64 {
					a, b := x(f), y(f)
					if a != a || b != b || math.IsInf(a, 0) || math.IsInf(b, 0) {
						return math.NaN()
					}
					if (less && b < a) || (!less && b > a) {
						return b
					}
					return a
				}}, true
			}
		case "__or":
			if args[0].t == tFloat && (args[1].t == tFloat || args[1].t == tInt) {
				x, y := args[0].f, args[1]
				// A function's arguments are all evaluated, as the VM
				// does: a failure on the right is a failure.
				if y.t == tFloat {
					yf := y.f
					return cl{t: tFloat, f: func(f *frame) float64 {
						v, w := x(f), yf(f)
						if v == v {
							return v
						}
						return w
					}}, true
				}
				ya, yf := y.anyView(), y.floatView()
				return cl{t: tAny,
					a: func(f *frame) any {
						v, w := x(f), ya(f)
						if v == v {
							return v
						}
						return w
					},
					f: func(f *frame) float64 {
						v, w := x(f), yf(f)
						if v == v {
							return v
						}
						return w
					}}, true
			}
		}
	case len(args) == 1 && name == "abs" && args[0].t == tFloat:
		x := args[0].f
		return cl{t: tFloat, f: func(f *frame) float64 { return math.Abs(x(f)) }}, true
	case len(args) == 1 && (name == "min" || name == "max") && args[0].t == tFloat:
		x := args[0].f
		return cl{t: tFloat, f: func(f *frame) float64 {
			if v := x(f); !math.IsInf(v, 0) {
				return v
			}
			return math.NaN()
		}}, true
	}
	if len(args) == 2 && args[0].t == tTime && args[1].t == tTime {
		x, y := args[0].tm, args[1].tm
		var d *direct
		if args[0].ld != nil && (args[1].ld != nil || args[1].isNow) {
			d = &direct{form: dDays, l: args[0].ld, r: args[1].ld, until: name == "days_until"}
		}
		switch name {
		case "days_until":
			return cl{t: tFloat, f: func(f *frame) float64 { a, b := x(f), y(f); return days(b, a) }, dir: d}, true
		case "days_since", "days_between":
			return cl{t: tFloat, f: func(f *frame) float64 { return days(x(f), y(f)) }, dir: d}, true
		}
	}
	if len(args) == 2 && (name == "days_until" || name == "days_since" || name == "days_between") &&
		(args[0].t == tTime || args[0].num != nil) && (args[1].t == tTime || args[1].num != nil) {
		// Dates read from a map: in place when both are dates, else as the
		// VM calls the function (gen).
		x, y := timeView(args[0]), timeView(args[1])
		gen, err := c.generic(loc, func(v []any) (any, error) { return c.lib[name].fn(v...) }, args...)
		if err != nil {
			return cl{}, false
		}
		until := name == "days_until"
		num := func(f *frame) (float64, bool) {
			a, ok := x(f)
			if !ok {
				return 0, false
			}
			b, ok := y(f)
			if !ok {
				return 0, false
			}
			if until {
				return days(b, a), true
			}
			return days(a, b), true
		}
		return inPlace(num, gen), true
	}
	if len(args) == 2 && (name == "turned_on" || name == "turned_off") && args[0].t == tBool && args[1].t == tBool &&
		args[0].ld != nil && args[1].ld != nil {
		x, y := args[0].ld, args[1].ld
		if o1, o2 := x.before, y.before; plain(x, y) {
			if name == "turned_on" {
				return cl{t: tBool, b: func(f *frame) bool { return !at[bool](f, o1) && at[bool](f, o2) }}, true
			}
			return cl{t: tBool, b: func(f *frame) bool { return at[bool](f, o1) && !at[bool](f, o2) }}, true
		}
		if name == "turned_on" {
			return cl{t: tBool, b: func(f *frame) bool { return !*(*bool)(x.addr(f)) && *(*bool)(y.addr(f)) }}, true
		}
		return cl{t: tBool, b: func(f *frame) bool { return *(*bool)(x.addr(f)) && !*(*bool)(y.addr(f)) }}, true
	}
	if len(args) == 2 && (name == "turned_on" || name == "turned_off") {
		x, ok1 := truthyOf(args[0])
		y, ok2 := truthyOf(args[1])
		if ok1 && ok2 {
			if name == "turned_on" {
				return cl{t: tBool, b: func(f *frame) bool { return !x(f) && y(f) }}, true
			}
			return cl{t: tBool, b: func(f *frame) bool { return x(f) && !y(f) }}, true
		}
	}
	return cl{}, false
}

// truthyOf is truthy over a value of a static type.
func truthyOf(x cl) (func(*frame) bool, bool) {
	switch x.t {
	case tBool:
		return x.b, true
	case tFloat:
		g := x.f
		return func(f *frame) bool { v := g(f); return v != 0 && v == v }, true
	case tInt:
		g := x.i
		return func(f *frame) bool { return g(f) != 0 }, true
	case tString:
		g := x.s
		return func(f *frame) bool { return g(f) != "" }, true
	}
	return nil, false
}

func (c *closureCompiler) builtin(n *ast.BuiltinNode) (cl, error) {
	if iterating[n.Name] {
		return c.no("the builtin %s (a loop)", n.Name)
	}
	if n.Name == "float" && len(n.Arguments) == 1 {
		if x, ok, err := c.number(n.Arguments[0]); err != nil || ok {
			return x, err
		}
	}
	args, err := c.args(n.Arguments)
	if err != nil {
		return cl{}, err
	}
	if n.Name == "float" && len(args) == 1 && numeric(args[0]) {
		return cl{t: tFloat, f: args[0].floatView()}, nil
	}
	id, ok := builtin.Index[n.Name]
	if !ok {
		return c.no("the builtin %s", n.Name)
	}
	b := builtin.Builtins[id]
	deref := make([]bool, len(args))
	for i, a := range n.Arguments {
		if t := a.Type(); t == nil || t.Kind() == reflect.Pointer || t.Kind() == reflect.Interface {
			deref[i] = b.Deref == nil || b.Deref(i, t)
		}
	}
	return c.generic(n.Location(), func(v []any) (any, error) {
		for i := range v {
			if deref[i] {
				v[i] = derefValue(v[i])
			}
		}
		switch {
		case b.Fast != nil:
			return b.Fast(v[0]), nil
		case b.Safe != nil:
			out, _, err := b.Safe(v...)
			return out, err
		case b.Func != nil:
			return b.Func(v...)
		}
		return nil, fmt.Errorf("%s cannot be called here", n.Name)
	}, args...)
}

// derefValue is the VM's OpDeref: a pointer's value, through pointers.
func derefValue(v any) any {
	if v == nil {
		return nil
	}
	rv := reflect.ValueOf(v)
	for rv.Kind() == reflect.Pointer || rv.Kind() == reflect.Interface {
		if rv.IsNil() {
			return nil
		}
		rv = rv.Elem()
	}
	return rv.Interface()
}
