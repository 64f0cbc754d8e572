package rules

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/vm"
)

// Options sets the limits and environment of compiled rules. The zero value
// means the defaults.
type Options struct {
	// Fields names the keys a rule may use when the account type is a map;
	// it is required for maps and ignored for structs, whose fields (named
	// by their expr tags) are known from the type.
	Fields []string
	// AllowMethods lets rules call methods of the account. Off by default:
	// a method can do anything, a rule should only read.
	AllowMethods bool
	// MaxSource is the longest source accepted, in bytes. Default 4,096.
	MaxSource int
	// MaxNodes is the largest syntax tree accepted. Default 1,000.
	MaxNodes int
	// MaxCost rejects rules whose estimated cost is higher: every node
	// costs 1, and a predicate over a collection (map, filter, all, ...)
	// costs its size times the predicate's cost; a collection whose size is
	// not known at compile time counts as 100. Default 10,000.
	MaxCost float64
	// MemoryBudget limits what one evaluation may allocate, in expr's
	// units (roughly, elements of collections built). Default 10,000.
	MemoryBudget int
	// Clock gives the evaluation time to the adapters that have no time
	// argument ([Number.Metric], [Condition.Holds]). When it is nil, those
	// adapters evaluate at the zero time, where days_until and days_since
	// are missing. Eval always takes the time as an argument.
	Clock func() time.Time
}

// The defaults of a zero [Options].
const (
	DefaultMaxSource    = 4096
	DefaultMaxNodes     = 1000
	DefaultMaxCost      = 10_000.0
	DefaultMemoryBudget = 10_000
	unknownSize         = 100.0 // the assumed size of a collection whose size is not known
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
	if o.MemoryBudget <= 0 {
		o.MemoryBudget = DefaultMemoryBudget
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
	budget       uint
	refs         []string
	usesClock    bool
	pool         sync.Pool // of *runner[E]
}

type runner[E any] struct {
	vm  vm.VM
	env E
}

// CompileEnv compiles a rule over environment type E. If the rule calls
// days_until or days_since, E must have a time.Time field tagged
// `expr:"now"`, which those functions read as the evaluation time.
func CompileEnv[E any](name, source string, kind Kind, opts Options) (*Program[E], error) {
	return compile[E](name, source, kind, opts.withDefaults(), account{methods: methodNames(reflect.TypeFor[E]())})
}

// account describes the account a rule over one account reads.
type account struct {
	fields  map[string]bool // its fields; nil for a rule over an environment
	methods map[string]bool // its methods
	rewrite bool            // E wraps the account: rewrite mrr to account.mrr
}

// compile compiles source over environment E, which is the account or, when
// acct.rewrite is set, wraps it; then bare field names are rewritten to
// members of the account (mrr -> account.mrr).
func compile[E any](name, source string, kind Kind, opts Options, acct account) (*Program[E], error) {
	fields := acct.fields
	fail := func(line, col int, k error, msg string, cause error) *Error {
		return &Error{Rule: name, Line: line, Column: col, Snippet: snippet(source, line, col), Kind: k, Msg: msg, Cause: cause}
	}
	if len(source) > opts.MaxSource {
		return nil, fail(0, 0, ErrLimit, fmt.Sprintf("source is %d bytes, the limit is %d", len(source), opts.MaxSource), nil)
	}
	if strings.TrimSpace(source) == "" {
		return nil, fail(0, 0, ErrSyntax, "empty rule", nil)
	}
	p := &patcher{fields: fields, rewrite: acct.rewrite, methods: acct.methods, funcs: knownFunctions(),
		envType: reflect.TypeFor[E](), lets: letNames(source), allowMethods: opts.AllowMethods, refs: map[string]bool{}}
	if fields == nil {
		p.envNames = envNames(reflect.TypeFor[E]())
	}
	eopts := append(exprOptions(),
		expr.Env(new(E)),
		expr.MaxNodes(uint(opts.MaxNodes)),
		expr.Patch(p),
	)
	if kind == Boolean {
		eopts = append(eopts, expr.AsBool())
	} else {
		eopts = append(eopts, expr.AsAny())
	}
	prog, err := expr.Compile(source, eopts...)
	// Problems the patcher found come first: a method call also fails type
	// checking, with a less helpful message.
	if len(p.errs) > 0 {
		pe := p.errs[0]
		line, col := position(source, pe.loc)
		return nil, fail(line, col, pe.kind, pe.msg, nil)
	}
	if err != nil {
		return nil, compileError(name, source, err, p, fields)
	}
	if p.usesClock && !hasNow(reflect.TypeFor[E]()) {
		return nil, fail(0, 0, ErrEnv, "days_until and days_since need a time.Time field tagged expr:\"now\"", nil)
	}
	if c := cost(p.root); c > opts.MaxCost {
		return nil, fail(0, 0, ErrLimit, fmt.Sprintf("estimated cost %.0f is above the budget of %.0f", c, opts.MaxCost), nil)
	}
	if kind == Numeric && p.root != nil {
		if t := p.root.Type(); !isNumber(t) && t.Kind() != reflect.Interface {
			line, col := position(source, p.root.Location())
			return nil, fail(line, col, ErrResultType, fmt.Sprintf("a numeric rule must produce a number, not %v", t), nil)
		}
	}
	refs := make([]string, 0, len(p.refs))
	for r := range p.refs {
		refs = append(refs, r)
	}
	sort.Strings(refs)
	return &Program[E]{name: name, source: source, kind: kind, prog: prog, budget: uint(opts.MemoryBudget), refs: refs, usesClock: p.usesClock}, nil
}

// compileError turns an error of expr.Compile into an *Error.
func compileError(name, source string, err error, p *patcher, fields map[string]bool) error {
	e := &Error{Rule: name, Kind: ErrSyntax, Msg: err.Error(), Cause: err}
	var fe *file.Error
	if errors.As(err, &fe) {
		e.Msg = fe.Message
		e.Line, e.Column = fe.Line, fe.Column+1
		e.Snippet = snippet(source, e.Line, e.Column)
	}
	switch {
	case strings.HasPrefix(e.Msg, "unknown name "), strings.Contains(e.Msg, " has no field "):
		e.Kind = ErrUnknownName
		bad := e.Msg[strings.LastIndexByte(e.Msg, ' ')+1:]
		e.Msg = fmt.Sprintf("%q", bad)
		known := make([]string, 0, len(fields)+len(p.funcs)+1)
		for f := range fields {
			known = append(known, f)
		}
		if fields == nil { // an environment: its fields are in the message's type; suggest functions
			known = append(known, p.envNames...)
		}
		for f := range p.funcs {
			known = append(known, f)
		}
		known = append(known, "now")
		if s := closest(bad, known); s != "" {
			e.Msg += fmt.Sprintf(" (did you mean %q?)", s)
		}
	case strings.HasPrefix(e.Msg, "expected "):
		e.Kind = ErrResultType
		e.Msg = "a condition must produce a bool, not " + e.Msg[strings.LastIndexByte(e.Msg, ' ')+1:]
		if p.root != nil {
			e.Line, e.Column = position(source, p.root.Location())
			e.Snippet = snippet(source, e.Line, e.Column)
		}
	case strings.Contains(e.Msg, "exceeds maximum allowed nodes") || strings.Contains(e.Msg, "max nodes"):
		e.Kind = ErrLimit
	}
	return e
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

// fieldName is the name a rule uses for struct field f: its expr tag, or
// its Go name.
func fieldName(f reflect.StructField) string {
	if tag, ok := f.Tag.Lookup("expr"); ok {
		if name, _, _ := strings.Cut(tag, ","); name != "" {
			return name
		}
	}
	return f.Name
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

// Name returns the rule's name.
func (p *Program[E]) Name() string { return p.name }

// Source returns the rule's source.
func (p *Program[E]) Source() string { return p.source }

// Refs returns the member accesses of the rule, such as "cur.usage" or
// "account.mrr", sorted and without repeats.
func (p *Program[E]) Refs() []string { return append([]string(nil), p.refs...) }

// UsesClock reports whether the rule reads the evaluation time.
func (p *Program[E]) UsesClock() bool { return p.usesClock }

// run evaluates the program over env with a pooled VM.
func (p *Program[E]) run(env *E) (any, error) {
	r, _ := p.pool.Get().(*runner[E])
	if r == nil {
		r = &runner[E]{vm: vm.VM{MemoryBudget: p.budget}}
	}
	r.env = *env
	out, err := r.vm.Run(p.prog, &r.env)
	// r.env keeps a copy of the last account until the runner is used again
	// or the pool is emptied at a garbage collection; clearing it would cost
	// every evaluation a second copy.
	p.pool.Put(r)
	if err != nil {
		return nil, p.evalError(err)
	}
	return out, nil
}

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
	return e
}

// Bool evaluates a Boolean program over env.
func (p *Program[E]) Bool(env E) (bool, error) { return p.bool(&env) }

func (p *Program[E]) bool(env *E) (bool, error) {
	out, err := p.run(env)
	if err != nil {
		return false, err
	}
	b, ok := out.(bool)
	if !ok {
		return false, &Error{Rule: p.name, Kind: ErrEval, Msg: fmt.Sprintf("result is %T, not bool", out)}
	}
	return b, nil
}

// Float evaluates a Numeric program over env. A result that is NaN, ±Inf
// or nil is missing: ok == false, with no error.
func (p *Program[E]) Float(env E) (v float64, ok bool, err error) { return p.float(&env) }

func (p *Program[E]) float(env *E) (v float64, ok bool, err error) {
	out, err := p.run(env)
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
