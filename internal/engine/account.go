package engine

import (
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/parser"

	"github.com/prioritize-dev/prioritize/score"
)

// accountFields returns the names a rule may use for an account of type A:
// its exported struct fields (by expr tag), or opts.Fields for maps.
func accountFields[A any](opts Options) (map[string]bool, error) {
	t := reflect.TypeFor[A]()
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	fields := map[string]bool{}
	switch t.Kind() {
	case reflect.Struct:
		for _, f := range reflect.VisibleFields(t) {
			if f.IsExported() && !f.Anonymous {
				if name := fieldName(f); name != "" {
					fields[name] = true
				}
			}
		}
	case reflect.Map:
		if t.Key().Kind() != reflect.String {
			return nil, &Error{Kind: ErrEnv, Msg: fmt.Sprintf("a map account needs string keys, not %v", t.Key())}
		}
		if len(opts.Fields) == 0 {
			return nil, &Error{Kind: ErrEnv, Msg: fmt.Sprintf("a %v account needs Options.Fields: the keys rules may use", t)}
		}
		for _, f := range opts.Fields {
			fields[f] = true
		}
	default:
		return nil, &Error{Kind: ErrEnv, Msg: fmt.Sprintf("an account is a struct or a map with string keys, not %v", t)}
	}
	if err := clashes(fields); err != nil {
		return nil, err
	}
	return fields, nil
}

// reserved are the words a field cannot be named: the language's
// keywords and literals, and (reservedFunctions) its functions.
var reserved = map[string]string{
	"and": "a keyword", "or": "a keyword", "not": "a keyword", "in": "a keyword", "let": "a keyword",
	"matches": "an operator", "contains": "an operator", "startsWith": "an operator", "endsWith": "an operator",
	"true": "a literal", "false": "a literal", "nil": "a literal", "if": "a keyword", "else": "a keyword",
}

var reservedFunctions = sync.OnceValue(knownFunctions)

// CheckName returns an error of kind [ErrEnv] when name cannot be a
// field's: a function (len, lower), a keyword (in, let) or a literal
// (true, nil) of the rules, which a rule would read instead of the field.
func CheckName(name string) error {
	return clashes(map[string]bool{name: true})
}

// clashes refuses fields named as a function or a keyword of the rules:
// a rule that reads one would call the function (len(x)) or fail to parse,
// with an error that says nothing of the clash.
func clashes(fields map[string]bool) error {
	var bad []string
	for f := range fields {
		if reserved[f] != "" || reservedFunctions()[f] {
			bad = append(bad, f)
		}
	}
	if len(bad) == 0 {
		return nil
	}
	sort.Strings(bad)
	var msgs []string
	for _, f := range bad {
		what := reserved[f]
		if what == "" {
			what = "a function"
		}
		msgs = append(msgs, fmt.Sprintf("%q is %s of the rules", f, what))
	}
	return &Error{Kind: ErrEnv, Msg: "fields cannot be named as the rules' own words: " + strings.Join(msgs, ", ") +
		fmt.Sprintf(": rename the field (a document keeps its column: {\"name\": \"%s_field\", \"column\": \"%s\"}; a Go struct its expr tag)", bad[0], bad[0])}
}

// program is a rule compiled over one account.
type program[A any] struct{ *Program[A] }

func compileAccount[A any](name, source string, kind Kind, opts Options) (program[A], error) {
	fields, err := accountFields[A](opts)
	if err != nil {
		err.(*Error).Rule = name
		return program[A]{}, err
	}
	p, err := compile[A](name, source, kind, opts, account{fields: fields, methods: methodNames(reflect.TypeFor[A]())})
	return program[A]{p}, err
}

// Number is a compiled numeric rule over accounts of type A, such as
// "min(seats_used / seat_limit, 1) * 100". It is immutable and safe for
// concurrent use. Build it with [CompileNumber]: the zero Number evaluates
// to an error of kind [ErrEnv].
type Number[A any] struct {
	p     program[A]
	clock func() time.Time
}

// CompileNumber compiles a numeric rule. The rule must produce a number;
// names it does not know are errors that suggest the closest known name.
func CompileNumber[A any](name, source string, opts Options) (*Number[A], error) {
	opts = opts.withDefaults()
	p, err := compileAccount[A](name, source, Numeric, opts)
	if err != nil {
		return nil, err
	}
	return &Number[A]{p: p, clock: opts.Clock}, nil
}

// Name returns the rule's name.
func (n *Number[A]) Name() string { return n.p.Name() }

// Source returns the rule's source.
func (n *Number[A]) Source() string { return n.p.Source() }

// Closure reports whether the rule runs as Go closures, or on the expr
// VM and why; see [Program.Closure].
func (n *Number[A]) Closure() (ok bool, why string) { return n.p.Closure() }

// Eval evaluates the rule for account a at time now. A result that is NaN,
// ±Inf or nil (x / 0, ratio(x, 0), a missing map key) is missing: ok ==
// false, err == nil. err is an [*Error] of kind [ErrEval].
func (n *Number[A]) Eval(a A, now time.Time) (v float64, ok bool, err error) {
	return n.p.float(&a, now)
}

// Metric returns a scorer that rates the rule's result through curve c, so
// that an expression plus a curve is a factor of score.Weighted. It
// evaluates at the time of Options.Clock. A missing result rates missing;
// an evaluation error rates missing too, so that the aggregate applies its
// missing-data policy, but it is a failure, not missing data: the metric is
// a score.Failing, whose failures the root package's assessments record,
// and its explanation carries the error. A nil c rates every account
// missing and is reported by the aggregate that holds the metric.
func (n *Number[A]) Metric(c score.Curve) score.Explainer[A] {
	p, clock := n.p.Program, n.clock
	if p == nil {
		return score.Expression(n.Source(), n.get, c)
	}
	if clock == nil || !p.usesClock { // the evaluation time is not read: no call of the clock
		return score.Expression(n.Source(), func(a A) (float64, bool, error) { return p.float(&a, time.Time{}) }, c)
	}
	return score.Expression(n.Source(), n.get, c)
}

func (n *Number[A]) get(a A) (float64, bool, error) {
	return n.Eval(a, n.now())
}

func (n *Number[A]) now() time.Time {
	if n.clock == nil {
		return time.Time{}
	}
	return n.clock()
}

// Condition is a compiled boolean rule over accounts of type A, such as
// "days_until(renewal_date) < 90 && nps < 7". It is immutable and safe for
// concurrent use, and a score.Condition: it selects caps and floors. Build
// it with [CompileCondition]: the zero Condition evaluates to an error of
// kind [ErrEnv], and never holds.
type Condition[A any] struct {
	p     program[A]
	clock func() time.Time
}

// CompileCondition compiles a condition. The rule must produce a bool; a
// branch that is nil (ok ? nil : x) does not hold: false, with no error,
// as expr's VM has it.
func CompileCondition[A any](name, source string, opts Options) (*Condition[A], error) {
	opts = opts.withDefaults()
	p, err := compileAccount[A](name, source, Boolean, opts)
	if err != nil {
		return nil, err
	}
	return &Condition[A]{p: p, clock: opts.Clock}, nil
}

// Name returns the rule's name.
func (c *Condition[A]) Name() string { return c.p.Name() }

// Source returns the rule's source.
func (c *Condition[A]) Source() string { return c.p.Source() }

// Closure reports whether the rule runs as Go closures, or on the expr
// VM and why; see [Program.Closure].
func (c *Condition[A]) Closure() (ok bool, why string) { return c.p.Closure() }

// Eval evaluates the condition for account a at time now. Comparisons with
// NaN are false, as in Go; a nil where a number belongs is an [*Error] of
// kind [ErrEval].
func (c *Condition[A]) Eval(a A, now time.Time) (bool, error) {
	return c.p.bool(&a, now)
}

// Holds evaluates the condition at the time of Options.Clock, for
// score.Cap and score.Floor. An evaluation error counts as false; use Eval
// to see it.
func (c *Condition[A]) Holds(a A) bool {
	ok, err := c.HoldsErr(a)
	return ok && err == nil
}

// HoldsErr is Holds with the evaluation's error: a [score.FailingCondition].
func (c *Condition[A]) HoldsErr(a A) (bool, error) {
	now := time.Time{}
	if c.clock != nil {
		now = c.clock()
	}
	ok, err := c.Eval(a, now)
	return ok && err == nil, err
}

// Text is a compiled rule over accounts of type A that produces a string,
// such as a category level: "contract" or "lower(plan)". It is immutable
// and safe for concurrent use. Build it with [CompileText]: the zero Text
// evaluates to an error of kind [ErrEnv].
type Text[A any] struct {
	p     program[A]
	clock func() time.Time
}

// CompileText compiles a rule that must produce a string.
func CompileText[A any](name, source string, opts Options) (*Text[A], error) {
	opts = opts.withDefaults()
	p, err := compileAccount[A](name, source, Textual, opts)
	if err != nil {
		return nil, err
	}
	return &Text[A]{p: p, clock: opts.Clock}, nil
}

// Name returns the rule's name.
func (x *Text[A]) Name() string { return x.p.Name() }

// Source returns the rule's source.
func (x *Text[A]) Source() string { return x.p.Source() }

// Closure reports whether the rule runs as Go closures, or on the expr
// VM and why; see [Program.Closure].
func (x *Text[A]) Closure() (ok bool, why string) { return x.p.Closure() }

// Eval evaluates the rule for account a at time now: the string, or ok ==
// false when the result is nil (missing).
func (x *Text[A]) Eval(a A, now time.Time) (string, bool, error) {
	return x.p.text(&a, now)
}

// Level evaluates the rule at the time of Options.Clock, for
// score.Category: a missing result or an evaluation error is the level "",
// which no table declares, so it rates the category's default and counts
// as an unknown level.
func (x *Text[A]) Level(a A) string {
	now := time.Time{}
	if x.clock != nil {
		now = x.clock()
	}
	s, _, _ := x.Eval(a, now)
	return s
}

// Source is a named rule's text, for compiling several rules together.
type Source struct {
	Name string `json:"name"`
	Expr string `json:"expr"`
}

// CompileNumbers compiles numeric rules, reporting every failure at once
// with errors.Join. Names must be unique and not empty.
func CompileNumbers[A any](opts Options, sources ...Source) ([]*Number[A], error) {
	return compileAll(sources, func(s Source) (*Number[A], error) { return CompileNumber[A](s.Name, s.Expr, opts) })
}

// CompileConditions compiles conditions, reporting every failure at once.
func CompileConditions[A any](opts Options, sources ...Source) ([]*Condition[A], error) {
	return compileAll(sources, func(s Source) (*Condition[A], error) { return CompileCondition[A](s.Name, s.Expr, opts) })
}

func compileAll[R any](sources []Source, one func(Source) (R, error)) ([]R, error) {
	out := make([]R, len(sources))
	var errs []error
	seen := map[string]bool{}
	for i, s := range sources {
		if s.Name == "" || seen[s.Name] {
			errs = append(errs, &Error{Rule: s.Name, Kind: ErrSyntax, Msg: "rule " + strconv.Itoa(i) + " needs a unique, non-empty name"})
		}
		seen[s.Name] = true
		r, err := one(s)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		out[i] = r
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return out, nil
}

// Fields returns the names a rule may use for accounts of type A under
// opts, sorted: the struct's fields, or opts.Fields for a map.
func Fields[A any](opts Options) ([]string, error) {
	fields, err := accountFields[A](opts)
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(fields))
	for f := range fields {
		out = append(out, f)
	}
	sort.Strings(out)
	return out, nil
}

// Names returns the names a rule reads, sorted and without repeats: the
// fields it names (mrr, owner in owner.score), not the functions it calls
// nor the variables it binds with let. A rule that does not parse is an
// error. Tools use it to ask which rules read a field, such as the
// outcome of a backtest (a rule that reads what happened rates by the
// answer).
func Names(source string) ([]string, error) {
	tree, err := parser.Parse(source)
	if err != nil {
		return nil, &Error{Kind: ErrSyntax, Msg: err.Error()}
	}
	v := &nameVisitor{seen: map[string]bool{}, bound: map[string]bool{}, callee: map[ast.Node]bool{}}
	ast.Walk(&tree.Node, v)
	out := make([]string, 0, len(v.seen))
	for n := range v.seen {
		if !v.bound[n] {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out, nil
}

type nameVisitor struct {
	seen, bound map[string]bool
	callee      map[ast.Node]bool
}

func (v *nameVisitor) Visit(node *ast.Node) {
	switch n := (*node).(type) {
	case *ast.CallNode:
		v.callee[n.Callee] = true
		if id, ok := n.Callee.(*ast.IdentifierNode); ok {
			delete(v.seen, id.Value) // visited before its call: a function, not a field
		}
	case *ast.VariableDeclaratorNode:
		v.bound[n.Name] = true
	case *ast.IdentifierNode:
		if !v.callee[n] {
			v.seen[n.Value] = true
		}
	}
}
