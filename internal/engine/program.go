package engine

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"sort"
	"strings"
	"sync"
	"time"
	"unsafe"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/checker"
	"github.com/expr-lang/expr/compiler"
	"github.com/expr-lang/expr/conf"
	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/optimizer"
	"github.com/expr-lang/expr/parser"
	"github.com/expr-lang/expr/vm"

	"github.com/prioritize-dev/prioritize/internal/fields"
	"github.com/prioritize-dev/prioritize/internal/text"
)

// Options sets the limits and environment of compiled rules. The zero value
// means the defaults.
type Options struct {
	// Fields names the keys a rule may use when the account type is a map;
	// it is required for maps and ignored for structs, whose fields (named
	// by their expr tags) are known from the type.
	Fields []string
	// AllowMethods lets rules call methods of the account and of the
	// values they read. Off by default: a method can do anything, a rule
	// should only read. With it off, a method can be neither called nor
	// taken as a value, whatever the syntax.
	AllowMethods bool
	// MaxSource is the longest source accepted, in bytes. Default 4,096.
	MaxSource int
	// MaxNodes is the largest syntax tree accepted. Default 1,000.
	MaxNodes int
	// MaxCost rejects rules whose estimated cost is higher, at compile
	// time: every node costs 1, and a predicate over a collection (map,
	// filter, all, ...) costs its size times the predicate's cost; a
	// collection whose size is not known at compile time counts as 100.
	// Default 10,000.
	MaxCost float64
	// MaxSteps bounds the work of one evaluation, at run time: every
	// iteration of a predicate costs the predicate's size in nodes, and an
	// operation whose work grows with its operands (comparing or joining
	// strings, a string function, sorting, x in list) costs their size in
	// bytes or elements; an iteration costs 10 steps besides its
	// predicate. An evaluation that runs out fails with an error
	// of kind [ErrLimit]. Default 500,000: about 10 ms of work on a
	// current 2-core server.
	MaxSteps int
	// MaxMemory bounds what one evaluation may allocate, in bytes: every
	// string it builds counts its length, and every element of a
	// collection it builds 16 bytes. An evaluation that runs out fails
	// with an error of kind [ErrLimit]. Default 1 MiB.
	MaxMemory int
	// Types, for a map account, gives the Go type of the values of some of
	// its Fields (float64, string, bool, time.Time: what a record of
	// declared fields holds), so that a rule that uses one as another (a
	// string in arithmetic, a date compared with a number) is refused when
	// it is compiled, at its place, as over a struct. A key left out is of
	// any type. Ignored for structs, whose fields have their own types.
	Types map[string]reflect.Type
	// Clock gives the evaluation time to the adapters that have no time
	// argument ([Number.Metric], [Condition.Holds]). A rule over one
	// account that reads the time (now, days_until, days_since) needs it:
	// without a Clock such a rule does not compile. Eval always takes the
	// time as an argument and uses that.
	Clock func() time.Time
}

// The defaults of a zero [Options].
const (
	DefaultMaxSource = 4096
	DefaultMaxNodes  = 1000
	DefaultMaxCost   = 10_000.0
	DefaultMaxSteps  = 500_000
	DefaultMaxMemory = 1 << 20
	unknownSize      = 100.0 // the assumed size of a collection whose size is not known
)

func (o Options) withDefaults() Options {
	if o.MaxSource <= 0 {
		o.MaxSource = DefaultMaxSource
	}
	if o.MaxNodes <= 0 {
		o.MaxNodes = DefaultMaxNodes
	}
	if !(o.MaxCost > 0) {
		o.MaxCost = DefaultMaxCost
	}
	if o.MaxSteps <= 0 {
		o.MaxSteps = DefaultMaxSteps
	}
	if o.MaxMemory <= 0 {
		o.MaxMemory = DefaultMaxMemory
	}
	return o
}

// Kind says what a rule produces.
type Kind int

const (
	// Numeric rules produce a number; NaN, ±Inf and nil are missing.
	Numeric Kind = iota
	// Boolean rules (conditions) produce a bool.
	Boolean
	// Textual rules produce a string: a category level such as a plan or
	// a contract type; nil is missing.
	Textual
)

// Program is a compiled rule over an environment of type E, a struct whose
// fields (named by expr tags) are what the rule reads. It is immutable and
// safe for concurrent use; evaluations reuse expr VMs through a pool, so a
// goroutine does not allocate one per call.
//
// Most users want [Number] and [Condition], which compile rules over one
// account; package trigger compiles conditions over two states of one
// account with Program.
type Program[E any] struct {
	name, source string
	kind         Kind
	prog         *vm.Program
	steps, bytes int64
	byValue      bool
	refs         []string
	refsComplete bool
	usesClock    bool
	pool         sync.Pool // of *runner[E]
	// fast is the rule compiled to closures (closure.go), nil when it runs
	// on the VM, for the reason in fallback.
	fast     *cl
	fallback string
	metered  bool    // the closures call a function that charges the meter
	direct   *ld     // the rule is one field, read in place without a frame
	dir      *direct // the rule is computed in place, without a frame
	// keyed: the rule is one read of a map account's key (fast.key), in
	// place without a frame.
	keyed bool
}

// env is what every rule evaluates against: the account (or the
// environment of CompileEnv) as __root, the evaluation time, and the
// evaluation's budget, which the sandbox's functions charge.
type env[E any] struct {
	Root  *E        `expr:"__root"` // points to the runner's copy: reading a field copies no struct
	Val   E         `expr:"__val"`  // a map or pointer account, as it is (expr reads no key through a pointer to a map)
	Now   time.Time `expr:"__now"`
	Meter *meter    `expr:"__meter"`
}

type runner[E any] struct {
	vm   vm.VM
	env  env[E]
	root E
	m    meter
	fr   frame
}

// CompileEnv compiles a rule over environment type E, a struct whose
// fields the rule names directly. If the rule calls days_until or
// days_since, E must have a time.Time field tagged `expr:"now"`, which
// those functions read as the evaluation time.
func CompileEnv[E any](name, source string, kind Kind, opts Options) (*Program[E], error) {
	t := reflect.TypeFor[E]()
	fields := map[string]bool{}
	for _, f := range fieldNames(t) {
		fields[f] = true
	}
	return compile[E](name, source, kind, opts.withDefaults(), account{fields: fields, env: true, methods: methodNames(t)})
}

// account describes the root a rule reads: an account, or the environment
// of CompileEnv.
type account struct {
	fields  map[string]bool // the names a rule may use for the root's fields
	methods map[string]bool // the root's methods
	env     bool            // an environment (CompileEnv), not an account
}

// compile compiles source over the root type E; see patch.go for the
// passes the syntax tree goes through.
func compile[E any](name, source string, kind Kind, opts Options, acct account) (*Program[E], error) {
	fail := func(line, col int, k error, msg string, cause error) *Error {
		return &Error{Rule: name, Line: line, Column: col, Snippet: snippet(source, line, col), Kind: k, Msg: msg, Cause: cause}
	}
	first := func(errs []patchError) error {
		line, col := position(source, errs[0].loc)
		return fail(line, col, errs[0].kind, errs[0].msg, nil)
	}
	if len(source) > opts.MaxSource {
		return nil, fail(0, 0, ErrLimit, fmt.Sprintf("source is %d bytes, the limit is %d", len(source), opts.MaxSource), nil)
	}
	if strings.TrimSpace(source) == "" {
		return nil, fail(0, 0, ErrSyntax, "empty rule", nil)
	}
	rootType := reflect.TypeFor[E]()
	config := conf.CreateNew()
	// A struct environment given as a value lets expr compile __root.mrr to
	// one field load by index; a map account is read by key either way.
	byValue := rootType.Kind() == reflect.Map || rootType.Kind() == reflect.Pointer
	eopts := append(exprOptions(), expr.Env(env[E]{}), expr.MaxNodes(uint(opts.MaxNodes)))
	if kind == Boolean {
		eopts = append(eopts, expr.AsBool())
	} else {
		eopts = append(eopts, expr.AsAny())
	}
	configure(config, eopts)

	tree, err := parser.ParseWithConfig(source, config)
	if err != nil {
		return nil, compileError(name, source, err, nil, acct)
	}
	refs, complete := collectRefs(tree.Node, acct)
	n := &names{root: root, fields: acct.fields, env: acct.env, rootType: rootType, methods: acct.methods, funcs: knownFunctions(),
		lets: letNames(source), allowMethods: opts.AllowMethods, clock: opts.Clock != nil}
	if acct.env {
		n.envNames = envNames(rootType)
	}
	if byValue {
		n.root = rootVal
	}
	n.before(tree.Node)
	ast.Walk(&tree.Node, n)
	if len(n.errs) > 0 {
		return nil, first(n.errs)
	}
	if errs := degenerateBounds(tree.Node); len(errs) > 0 {
		return nil, first(errs)
	}
	if len(opts.Types) > 0 && rootType.Kind() == reflect.Map {
		if err := typeCheck(name, source, kind, opts, acct, eopts, n); err != nil {
			return nil, err
		}
	}
	if n.usesClock && acct.env && !hasNow(rootType) {
		return nil, fail(0, 0, ErrEnv, "days_until and days_since need a time.Time field tagged expr:\"now\"", nil)
	}
	nums := &numbers{done: map[ast.Node]bool{}}
	// int(i64) reads the integer itself.
	ast.Walk(&tree.Node, intArgs(nums.done))
	for range opts.MaxNodes { // each round converts at least one node
		_, _ = check(tree, config) // types for the pass
		nums.changed = 0
		ast.Walk(&tree.Node, nums)
		if nums.changed == 0 {
			break
		}
	}
	ar := &arithmetic{allowMethods: opts.AllowMethods}
	ast.Walk(&tree.Node, ar)
	if len(ar.errs) > 0 {
		return nil, first(ar.errs)
	}
	// The type check the user sees: of the rule as written, with its
	// numbers read as float64.
	if _, err := check(tree, config); err != nil {
		return nil, compileError(name, source, err, tree.Node, acct)
	}
	if t := tree.Node.Type(); t != nil && t.Kind() != reflect.Interface {
		line, col := position(source, tree.Node.Location())
		switch {
		case kind == Numeric && !isNumber(t):
			return nil, fail(line, col, ErrResultType, fmt.Sprintf("a numeric rule must produce a number, not %v", t), nil)
		case kind == Textual && t.Kind() != reflect.String:
			return nil, fail(line, col, ErrResultType, fmt.Sprintf("a text rule must produce a string, not %v", t), nil)
		}
	}
	if c := cost(tree.Node); c > opts.MaxCost {
		return nil, fail(0, 0, ErrLimit, fmt.Sprintf("estimated cost %.0f is above the budget of %.0f", c, opts.MaxCost), nil)
	}
	g := newGuard(tree.Node, opts.AllowMethods)
	ast.Walk(&tree.Node, g)
	if len(g.errs) > 0 {
		return nil, first(g.errs)
	}
	if _, err := check(tree, config); err != nil {
		return nil, fail(0, 0, ErrSyntax, "the sandbox could not compile this rule (please report it): "+err.Error(), err)
	}
	if config.Optimize {
		if err := optimizer.Optimize(&tree.Node, config); err != nil {
			return nil, compileError(name, source, err, nil, acct)
		}
	}
	// The closures compile the tree the VM runs, optimized: the optimizer's
	// folds are part of the reference's semantics.
	var fast *cl
	c, fallback := compileClosure(tree.Node, rootType)
	if fallback == "" {
		fast = &c
	}
	var dir *direct
	if fast != nil && fast.dir != nil && (kind == Numeric) == (fast.dir.form == dDays) {
		dir = fast.dir
	}
	var direct *ld
	if fast != nil && fast.ld != nil && (kind == Numeric && numLd(*fast) || kind == Textual && fast.t == tString) {
		direct = fast.ld
	}
	prog, err := compiler.Compile(tree, config)
	if err != nil {
		return nil, compileError(name, source, err, nil, acct)
	}
	return &Program[E]{name: name, source: source, kind: kind, prog: prog, byValue: byValue,
		steps: int64(opts.MaxSteps), bytes: int64(opts.MaxMemory), refs: refs, refsComplete: complete, usesClock: n.usesClock,
		fast: fast, fallback: fallback, metered: fast != nil && usesMeter(tree.Node), direct: direct, dir: dir,
		keyed: fast != nil && fast.keyed}, nil
}

// collectRefs returns the member accesses of a rule as written, sorted:
// account.<field> for the fields of an account rule; for a rule over an
// environment, each whole chain of members from a name (cur.champion.active,
// not cur.champion as well).
func collectRefs(tree ast.Node, acct account) (refs []string, complete bool) {
	set := map[string]bool{}
	complete = true
	var walk func(n ast.Node, inChain bool)
	walk = func(n ast.Node, inChain bool) {
		switch n := n.(type) {
		case *ast.IdentifierNode:
			if !acct.env && acct.fields[n.Value] {
				set["account."+n.Value] = true
			}
			if acct.env && acct.fields[n.Value] && n.Value != "now" && !inChain {
				complete = false // a whole variable, or one indexed by a computed key
			}
		case *ast.MemberNode:
			path, ok := chain(n)
			if ok && acct.env && !inChain {
				set[path] = true
			}
			walk(n.Node, ok)
			walk(n.Property, false)
			return
		}
		for _, c := range children(n) {
			walk(c, false)
		}
	}
	walk(tree, false)
	refs = make([]string, 0, len(set))
	for r := range set {
		refs = append(refs, r)
	}
	sort.Strings(refs)
	return refs, complete
}

// chain returns "a.b.c" for the member chain a.b.c of names, and whether n
// is one.
func chain(n ast.Node) (string, bool) {
	switch n := n.(type) {
	case *ast.IdentifierNode:
		return n.Value, true
	case *ast.MemberNode:
		s, ok := n.Property.(*ast.StringNode)
		if !ok {
			return "", false
		}
		base, ok := chain(n.Node)
		return base + "." + s.Value, ok
	}
	return "", false
}

// compileError turns an error of expr's parser or checker into an *Error.
// root is the checked tree, for the position of a wrong result type.
func compileError(name, source string, err error, tree ast.Node, acct account) error {
	e := &Error{Rule: name, Kind: ErrSyntax, Msg: err.Error(), Cause: err}
	var fe *file.Error
	if errors.As(err, &fe) {
		e.Msg = fe.Message
		e.Line, e.Column = fe.Line, fe.Column+1
		e.Snippet = snippet(source, e.Line, e.Column)
	}
	e.Msg = strings.ReplaceAll(strings.ReplaceAll(e.Msg, root+".", ""), rootVal+".", "")
	switch {
	case strings.HasPrefix(e.Msg, "unknown name "), strings.Contains(e.Msg, " has no field "):
		e.Kind = ErrUnknownName
		bad := e.Msg[strings.LastIndexByte(e.Msg, ' ')+1:]
		e.Msg = fmt.Sprintf("%q", bad)
		known := []string{}
		for f := range acct.fields {
			known = append(known, f)
		}
		for f := range knownFunctions() {
			known = append(known, f)
		}
		if !acct.env {
			known = append(known, "now")
		}
		if s := text.Closest(bad, known); s != "" {
			e.Msg += fmt.Sprintf(" (did you mean %q?)", s)
		}
	case strings.HasPrefix(e.Msg, "expected "):
		e.Kind = ErrResultType
		e.Msg = "a condition must produce a bool, not " + e.Msg[strings.LastIndexByte(e.Msg, ' ')+1:]
		if tree != nil {
			e.Line, e.Column = position(source, tree.Location())
			e.Snippet = snippet(source, e.Line, e.Column)
		}
	case strings.Contains(e.Msg, "exceeds maximum allowed nodes") || strings.Contains(e.Msg, "max nodes"):
		e.Kind = ErrLimit
	}
	return e
}

// degenerateBounds refuses the bounds written as constants that would
// fail (or never hold) for every account: clamp(x, 100, 0), scale(x, 5,
// 5), between(x, 10, 5). At run time they are an error for each account;
// at compile time they are one error, at their place.
func degenerateBounds(tree ast.Node) []patchError {
	v := &boundsVisitor{}
	ast.Walk(&tree, v)
	return v.errs
}

type boundsVisitor struct{ errs []patchError }

func (v *boundsVisitor) Visit(node *ast.Node) {
	c, ok := (*node).(*ast.CallNode)
	if !ok || len(c.Arguments) != 3 {
		return
	}
	id, ok := c.Callee.(*ast.IdentifierNode)
	if !ok {
		return
	}
	lo, lok := literal(c.Arguments[1])
	hi, hok := literal(c.Arguments[2])
	if !lok || !hok {
		return
	}
	msg := ""
	switch {
	case id.Value == "clamp" && lo > hi:
		msg = fmt.Sprintf("clamp(x, %v, %v): lo is above hi, an error for every account: write clamp(x, %v, %v)", lo, hi, hi, lo)
	case id.Value == "scale" && lo == hi:
		msg = fmt.Sprintf("scale(x, %v, %v): lo and hi are the same, an error for every account: give a range", lo, hi)
	case id.Value == "between" && lo > hi:
		msg = fmt.Sprintf("between(x, %v, %v) holds for no account: lo is above hi; write between(x, %v, %v)", lo, hi, hi, lo)
	}
	if msg != "" {
		v.errs = append(v.errs, patchError{loc: c.Arguments[1].Location(), kind: ErrSyntax, msg: msg})
	}
}

// literal is a number literal's value, negated or not.
func literal(n ast.Node) (float64, bool) {
	switch x := n.(type) {
	case *ast.IntegerNode:
		return float64(x.Value), true
	case *ast.FloatNode:
		return x.Value, true
	case *ast.UnaryNode:
		if v, ok := literal(x.Node); ok && x.Operator == "-" {
			return -v, true
		}
	}
	return 0, false
}

// configure applies expr's options to config, without the builtins they
// disable, and checks it.
func configure(config *conf.Config, eopts []expr.Option) {
	for _, o := range eopts {
		o(config)
	}
	for b := range config.Disabled {
		delete(config.Builtins, b)
	}
	config.Check()
}

// typeCheck checks a rule over a map account against opts.Types: on a
// tree of its own, every read of a typed key becomes a call of a function
// of that result type, which expr's checker then types as a field of a
// struct would be. Nothing of it runs: the rule is compiled as before, so
// a key that a record lacks (a blank string) still reads as nil.
func typeCheck(name, source string, kind Kind, opts Options, acct account, eopts []expr.Option, like *names) error {
	config := conf.CreateNew()
	configure(config, append(eopts[:len(eopts):len(eopts)], typedReaders()...))
	tree, err := parser.ParseWithConfig(source, config)
	if err != nil {
		return nil
	}
	n := *like
	n.errs = nil
	n.before(tree.Node)
	ast.Walk(&tree.Node, &n)
	ast.Walk(&tree.Node, typedReads(opts.Types))
	if _, err := check(tree, config); err != nil {
		return compileError(name, source, err, tree.Node, acct)
	}
	return nil
}

// typedReads turns each read of a key of known type into a call that
// returns that type: __root.mrr into __float64(__root, "mrr").
type typedReads map[string]reflect.Type

func (t typedReads) Visit(node *ast.Node) {
	m, ok := (*node).(*ast.MemberNode)
	if !ok {
		return
	}
	id, isID := m.Node.(*ast.IdentifierNode)
	key, isKey := m.Property.(*ast.StringNode)
	if !isID || !isRoot(id.Value) || !isKey {
		return
	}
	if typ, ok := t[key.Value]; ok {
		if fn, ok := typedReader[typ]; ok {
			patch(node, call(m.Location(), fn, m.Node, m.Property))
		}
	}
}

// typedReader names the checking functions by the type they return.
var typedReader = map[reflect.Type]string{
	reflect.TypeFor[float64](): "__as_float64", reflect.TypeFor[string](): "__as_string",
	reflect.TypeFor[bool](): "__as_bool", reflect.TypeFor[time.Time](): "__as_time",
}

// typedReaders declares them, for the checker only: they never run.
func typedReaders() []expr.Option {
	never := func(...any) (any, error) { return nil, errors.New("a type check is not evaluated") }
	return []expr.Option{
		expr.Function("__as_float64", never, new(func(any, string) float64)),
		expr.Function("__as_string", never, new(func(any, string) string)),
		expr.Function("__as_bool", never, new(func(any, string) bool)),
		expr.Function("__as_time", never, new(func(any, string) time.Time)),
	}
}

// check type-checks the tree again after a pass changed it. expr's
// checker keeps the type of a call it typed before and does not visit
// its arguments again (checker.callNode), so an argument a pass rewrote
// (-limit made -float(limit)) would keep its old type, and the compiler
// would emit an integer comparison (OpEqualInt) for floats: an error on
// the VM where the closures, which type the tree as it is, compare. The
// calls' types are cleared first, so every node is typed as it is now.
func check(tree *parser.Tree, config *conf.Config) (reflect.Type, error) {
	ast.Walk(&tree.Node, clearCallTypes{})
	return checker.Check(tree, config)
}

type clearCallTypes struct{}

func (clearCallTypes) Visit(node *ast.Node) {
	if c, ok := (*node).(*ast.CallNode); ok {
		c.SetType(nil)
	}
}

func isNumber(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64:
		return true
	}
	return false
}

// hasNow reports whether struct type t has a time.Time field tagged now.
func hasNow(t reflect.Type) bool {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return false
	}
	for _, f := range reflect.VisibleFields(t) {
		if fieldName(f) == "now" && f.Type == reflect.TypeFor[time.Time]() {
			return true
		}
	}
	return false
}

// fieldName is the name a rule uses for struct field f (internal/fields:
// expr's rule), or "" when no rule can name it.
func fieldName(f reflect.StructField) string {
	n, _ := fields.Name(f)
	return n
}

// position returns the 1-based line and column of a location's start.
func position(source string, loc file.Location) (line, col int) {
	line, col = 1, 1
	for i, r := range []rune(source) {
		if i == loc.From {
			break
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return line, col
}

// Name returns the rule's name ("" for the zero Program).
func (p *Program[E]) Name() string {
	if p == nil {
		return ""
	}
	return p.name
}

// Source returns the rule's source ("" for the zero Program).
func (p *Program[E]) Source() string {
	if p == nil {
		return ""
	}
	return p.source
}

// Refs returns the member accesses of the rule, such as "cur.usage" or
// "account.mrr", sorted and without repeats.
func (p *Program[E]) Refs() []string { return append([]string(nil), p.refs...) }

// RefsComplete reports whether Refs names everything the rule reads from its
// environment: false when it reads a whole variable (turned_on(prev, cur))
// or indexes one with a computed key (cur[name]). Package trigger skips an
// edge rule none of whose refs changed only when they are complete.
func (p *Program[E]) RefsComplete() bool { return p.refsComplete }

// UsesClock reports whether the rule reads the evaluation time.
func (p *Program[E]) UsesClock() bool { return p.usesClock }

// Closure reports how the rule runs: compiled to Go closures (ok), or on
// the expr VM, for the reason why (a loop, a let binding, a value the rule
// builds...). Both give the same results; closures are several times
// faster and allocate nothing.
func (p *Program[E]) Closure() (ok bool, why string) {
	if p == nil || p.prog == nil {
		return false, "not compiled"
	}
	return p.fast != nil, p.fallback
}

// runner returns a pooled runner with a fresh budget, holding a copy of e.
func (p *Program[E]) runner(e *E, now time.Time) *runner[E] {
	r, _ := p.pool.Get().(*runner[E])
	if r == nil {
		r = &runner[E]{vm: vm.VM{MemoryBudget: uint(max(p.bytes/elemBytes, 1))}}
		r.env.Meter = &r.m
		r.env.Root = &r.root
	}
	if p.fast != nil {
		if p.metered {
			r.m.reset(p.steps, p.bytes)
		}
		if r.fr.meter == nil { // a new runner
			r.fr.root, r.fr.meter = unsafe.Pointer(&r.root), &r.m
		}
		r.root = *e
		r.fr.now = now
		r.fr.err = nil
		return r
	}
	r.m.reset(p.steps, p.bytes)
	if p.byValue {
		r.env.Val = *e
	} else {
		r.root = *e
	}
	r.env.Now = now
	return r
}

// run evaluates the program over e at time now with a pooled VM and a
// fresh budget.
func (p *Program[E]) run(e *E, now time.Time) (any, error) {
	if p == nil || p.prog == nil {
		return nil, &Error{Kind: ErrEnv, Msg: "the rule was not compiled (use CompileNumber, CompileCondition or CompileEnv)"}
	}
	r := p.runner(e, now)
	var out any
	var err error
	if p.fast != nil {
		out = p.fast.anyView()(&r.fr)
		err = p.closureError(&r.fr)
	} else {
		out, err = r.vm.Run(p.prog, &r.env)
		if err != nil {
			err = p.evalError(err)
		}
	}
	// r.root keeps a copy of the last account until the runner is used again
	// or the pool is emptied at a garbage collection; clearing it would cost
	// every evaluation a second copy.
	p.pool.Put(r)
	return out, err
}

// closureError is the failure of a closure evaluation as the VM reports it,
// or nil.
func (p *Program[E]) closureError(f *frame) error {
	if f.err == nil {
		return nil
	}
	fe := &file.Error{Location: f.at, Message: f.err.Error()}
	fe.Wrap(f.err)
	line, col := position(p.source, f.at)
	fe.Line, fe.Column = line, col-1
	return p.evalError(fe)
}

// evalError turns a failure of an evaluation into an *Error at the place
// in the rule where it happened: ErrLimit when a budget ran out, ErrEval
// otherwise.
func (p *Program[E]) evalError(err error) error {
	e := &Error{Rule: p.name, Kind: ErrEval, Msg: err.Error(), Cause: err}
	var fe *file.Error
	if errors.As(err, &fe) {
		e.Msg = fe.Message
		if fe.Line > 0 {
			e.Line, e.Column = fe.Line, fe.Column+1
			e.Snippet = snippet(p.source, e.Line, e.Column)
		}
	}
	if errors.Is(err, errSteps) || errors.Is(err, errMemory) || strings.Contains(e.Msg, "memory budget exceeded") {
		e.Kind = ErrLimit
		if strings.Contains(e.Msg, "memory budget exceeded") {
			e.Msg = fmt.Sprintf("%v (budget %d bytes, Options.MaxMemory)", errMemory, p.bytes)
		}
	}
	e.Msg = strings.ReplaceAll(strings.ReplaceAll(e.Msg, root+".", ""), rootVal+".", "")
	e.Msg = forPeople(e.Msg)
	return e
}

// forPeople rewrites the Go runtime's words for a failed type assertion,
// which reach a rule's error from the VM and the closures alike, in the
// rule's terms: "interface conversion: interface {} is nil, not int" is a
// value missing where a number is needed.
func forPeople(msg string) string {
	const conv = "interface conversion: interface {} is "
	i := strings.Index(msg, conv)
	if i < 0 {
		return msg
	}
	got, want, ok := strings.Cut(msg[i+len(conv):], ", not ")
	if !ok {
		return msg
	}
	if got == "nil" {
		return msg[:i] + "a value is missing where " + typeWords(want) + " is needed (a blank field, or the first or last of an empty list): test it with has(x), or give a default with x ?? default"
	}
	return msg[:i] + typeWords(got) + " is used where " + typeWords(want) + " is needed"
}

// typeWords names a Go type as the rules' users know it.
func typeWords(t string) string {
	switch t {
	case "int", "int64", "int32", "float64", "float32", "uint", "uint64":
		return "a number"
	case "string":
		return "a text"
	case "time.Time":
		return "a date"
	case "bool":
		return "true or false"
	case "time.Duration":
		return "a duration"
	}
	return "a " + t
}

// Scope holds one environment for several evaluations over it, such as
// the conditions of a trigger set over one change of an account: Bind
// copies the environment once, and [Program.BoolIn] reads it in place. Its
// zero value is ready to use. A Scope is not safe for concurrent use; keep
// one per goroutine, or pool them.
type Scope[E any] struct {
	root E
	now  time.Time
	m    meter
	fr   frame
}

// Bind makes env, at time now, the environment of the evaluations that
// follow.
func (s *Scope[E]) Bind(env *E, now time.Time) {
	if env != &s.root {
		s.root = *env
	}
	s.now = now
	s.fr.root, s.fr.now, s.fr.meter = unsafe.Pointer(&s.root), now, &s.m
}

// Env returns the scope's own environment, for a caller to write in place
// before it calls Bind(s.Env(), now): a change of a large environment is
// then never copied at all.
func (s *Scope[E]) Env() *E { return &s.root }

// BoolIn evaluates a Boolean program over the environment bound to s, with
// a fresh budget: the result of p.Bool over that environment, without
// copying it again.
func (p *Program[E]) BoolIn(s *Scope[E]) (bool, error) {
	if p == nil || p.fast == nil || p.fast.t != tBool {
		return p.bool(&s.root, s.now)
	}
	if p.metered {
		s.m.reset(p.steps, p.bytes)
	}
	if s.fr.meter == nil { // a zero Scope
		s.Bind(&s.root, s.now)
	}
	b := p.fast.b(&s.fr)
	if s.fr.err != nil {
		err := p.closureError(&s.fr)
		s.fr.err = nil
		return false, err
	}
	return b, nil
}

// Conditions is a list of Boolean programs evaluated together over one
// [Scope] in one pass, as package trigger checks a set of rules over one
// change. It is immutable and safe for concurrent use (each goroutine with
// its own Scope). Build it with [NewConditions]; the zero Conditions holds
// none.
type Conditions[E any] struct {
	progs []*Program[E]
	items []condition
	plain []func(*frame) bool // every condition, when all run as closures that charge no meter
}

// condition is one of Conditions' programs as its loop reads it.
type condition struct {
	fast         func(*frame) bool // nil where the program runs on the VM
	metered      bool
	steps, bytes int64
}

// NewConditions returns the Boolean programs ps as one list, in order.
func NewConditions[E any](ps ...*Program[E]) *Conditions[E] {
	c := &Conditions[E]{progs: ps, items: make([]condition, len(ps))}
	for i, p := range ps {
		if p != nil && p.fast != nil && p.fast.t == tBool {
			c.items[i] = condition{fast: p.fast.b, metered: p.metered, steps: p.steps, bytes: p.bytes}
		}
	}
	plain := make([]func(*frame) bool, len(ps))
	for i, it := range c.items {
		if it.fast == nil || it.metered {
			return c
		}
		plain[i] = it.fast
	}
	c.plain = plain
	return c
}

// Len returns the number of conditions.
func (c *Conditions[E]) Len() int {
	if c == nil {
		return 0
	}
	return len(c.progs)
}

// Closure reports whether condition i runs as Go closures; see
// [Program.Closure].
func (c *Conditions[E]) Closure(i int) bool { return c != nil && c.items[i].fast != nil }

// Eval evaluates the conditions over the environment bound to s and
// returns how many held or failed. When that is more than 0, held[i] says
// whether condition i holds, and errs[i] is its error, nil when none (a
// condition that fails does not hold); when it is 0, held and errs are
// left as they were, so that the common case of nothing holding costs
// nothing more. Where skip is not nil, the conditions with skip[i] set are
// not evaluated, and neither hold nor fail. held and errs (and skip, when
// not nil) must be at least Len() long.
func (c *Conditions[E]) Eval(s *Scope[E], skip, held []bool, errs []error) int {
	if c == nil {
		return 0
	}
	if s.fr.meter == nil { // a zero Scope
		s.Bind(&s.root, s.now)
	}
	items := c.items
	held, errs = held[:len(items)], errs[:len(items)]
	fr := &s.fr
	start := 0
	if c.plain != nil && skip == nil {
		// Until one holds or fails, nothing needs writing.
		for start < len(c.plain) && !c.plain[start](fr) && fr.err == nil {
			start++
		}
		if start == len(c.plain) {
			return 0
		}
		fr.err = nil // the full loop evaluates condition start again
		for i := range start {
			held[i], errs[i] = false, nil
		}
	}
	n := 0
	for i := start; i < len(items); i++ {
		it := &items[i]
		if it.fast == nil || skip != nil || it.metered || errs[i] != nil {
			if c.slow(i, s, skip, held, errs) {
				n++
			}
			continue
		}
		ok := it.fast(fr)
		if fr.err != nil {
			ok, errs[i] = false, c.progs[i].closureError(fr)
			fr.err = nil
			n++
		}
		held[i] = ok
		if ok {
			n++
		}
	}
	return n
}

// slow is Eval's step for a condition on the VM, with a skip list, that
// charges the meter, or after one that failed.
func (c *Conditions[E]) slow(i int, s *Scope[E], skip, held []bool, errs []error) bool {
	if skip != nil && skip[i] {
		held[i], errs[i] = false, nil
		return false
	}
	ok, err := c.progs[i].BoolIn(s)
	held[i], errs[i] = ok, err
	return ok || err != nil
}

// Bool evaluates a Boolean program over env.
func (p *Program[E]) Bool(env E) (bool, error) { return p.bool(&env, time.Time{}) }

func (p *Program[E]) bool(env *E, now time.Time) (bool, error) {
	if p != nil && p.dir != nil {
		if v, ok := p.dir.bool(unsafe.Pointer(env)); ok {
			return v, nil
		}
	}
	if p != nil && p.fast != nil && p.fast.t == tBool {
		r := p.runner(env, now)
		b := p.fast.b(&r.fr)
		err := p.closureError(&r.fr)
		p.pool.Put(r)
		return b && err == nil, err
	}
	out, err := p.run(env, now)
	if err != nil {
		return false, err
	}
	if out == nil { // a branch that is nil (ok ? nil : x) does not hold, as on the VM (runtime.ToBool)
		return false, nil
	}
	b, ok := out.(bool)
	if !ok && p.fast != nil { // as the VM's cast (runtime.ToBool) reports it, at the rule's start
		var fr frame
		fr.fail(file.Location{}, fmt.Errorf("invalid operation: bool(%T)", out))
		return false, p.closureError(&fr)
	}
	if !ok {
		return false, &Error{Rule: p.name, Kind: ErrEval, Msg: fmt.Sprintf("result is %T, not bool", out)}
	}
	return b, nil
}

// text evaluates a Textual program: a string, or missing (nil).
func (p *Program[E]) text(env *E, now time.Time) (string, bool, error) {
	if p != nil && p.direct != nil {
		if q := p.direct.at(unsafe.Pointer(env)); q != nil {
			return *(*string)(q), true, nil
		}
	}
	if p != nil && p.fast != nil && p.fast.t == tString {
		r := p.runner(env, now)
		s := p.fast.s(&r.fr)
		err := p.closureError(&r.fr)
		p.pool.Put(r)
		if err != nil {
			return "", false, err
		}
		return s, true, nil
	}
	if p != nil && p.fast != nil && p.fast.str != nil { // a value read from a map, in place when it is a string
		r := p.runner(env, now)
		s, ok := p.fast.str(&r.fr)
		err := p.closureError(&r.fr)
		p.pool.Put(r)
		if err != nil {
			return "", false, err
		}
		if ok {
			return s, true, nil
		}
	}
	out, err := p.run(env, now)
	if err != nil {
		return "", false, err
	}
	switch x := out.(type) {
	case string:
		return x, true, nil
	case nil:
		return "", false, nil
	}
	if rv := reflect.ValueOf(out); rv.Kind() == reflect.String {
		return rv.String(), true, nil
	}
	return "", false, &Error{Rule: p.name, Kind: ErrEval, Msg: fmt.Sprintf("result is %T, not a string", out)}
}

// Float evaluates a Numeric program over env. A result that is NaN, ±Inf
// or nil is missing: ok == false, with no error.
func (p *Program[E]) Float(env E) (v float64, ok bool, err error) { return p.float(&env, time.Time{}) }

func (p *Program[E]) float(env *E, now time.Time) (v float64, ok bool, err error) {
	if p != nil && p.direct != nil {
		if q := p.direct.at(unsafe.Pointer(env)); q != nil {
			if p.direct.kind == reflect.Int {
				return float64(*(*int)(q)), true, nil
			}
			if v = *(*float64)(q); v-v == 0 { // neither NaN nor ±Inf
				return v, true, nil
			}
			return 0, false, nil
		}
	}
	if p != nil && p.dir != nil {
		if v, ok := p.dir.float(unsafe.Pointer(env), now); ok {
			if v-v == 0 {
				return v, true, nil
			}
			return 0, false, nil
		}
	}
	if p != nil && p.fast != nil && (p.fast.t == tFloat || p.fast.t == tInt) {
		r := p.runner(env, now)
		if p.fast.t == tFloat {
			v = p.fast.f(&r.fr)
		} else {
			v = float64(p.fast.i(&r.fr))
		}
		err := p.closureError(&r.fr)
		p.pool.Put(r)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			return 0, false, err
		}
		return v, true, nil
	}
	if p != nil && p.keyed { // the rule is one key of a map account
		switch x := (*(*map[string]any)(unsafe.Pointer(env)))[p.fast.key].(type) {
		case float64:
			if x-x == 0 {
				return x, true, nil
			}
			return 0, false, nil
		case nil:
			return 0, false, nil
		}
	}
	if p != nil && p.fast != nil && p.fast.num != nil { // a value read from a map, in place when it is a float64
		r := p.runner(env, now)
		v, ok := p.fast.num(&r.fr)
		err := p.closureError(&r.fr)
		p.pool.Put(r)
		if ok || err != nil {
			if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
				return 0, false, err
			}
			return v, true, nil
		}
	}
	out, err := p.run(env, now)
	if err != nil {
		return 0, false, err
	}
	switch x := out.(type) {
	case float64:
		v = x
	case int:
		v = float64(x)
	case nil:
		return 0, false, nil
	default:
		rv := reflect.ValueOf(out)
		switch {
		case rv.CanFloat():
			v = rv.Float()
		case rv.CanInt():
			v = float64(rv.Int())
		case rv.CanUint():
			v = float64(rv.Uint())
		default:
			return 0, false, &Error{Rule: p.name, Kind: ErrEval, Msg: fmt.Sprintf("result is %T, not a number", out)}
		}
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, false, nil
	}
	return v, true, nil
}
