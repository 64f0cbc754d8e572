package rules

import "github.com/prioritize-dev/prioritize/internal/engine"

// The rules' types, defined by the engine (internal/engine) and named
// here, as os names fs.PathError. Their methods are the engine's: go doc
// github.com/prioritize-dev/prioritize/internal/engine.Number (and
// .Condition, .Text, .Options, .Error) shows them.
type (
	// Options configures the compilation of rules; the zero value means
	// the defaults: the limits of "Limits and safety", no clock, no
	// declared fields.
	Options = engine.Options
	// Number is a compiled numeric rule over accounts of type A:
	// Eval(a, now) gives its number (ok false when missing), Metric(curve)
	// makes it a factor of score.Weighted, Closure says whether it runs as
	// closures and why not, Name and Source say what it is.
	Number[A any] = engine.Number[A]
	// Condition is a compiled Boolean rule over accounts of type A:
	// Eval(a, now), Holds(a) and HoldsErr(a) (a score.Condition), Closure,
	// Name and Source.
	Condition[A any] = engine.Condition[A]
	// Text is a compiled rule over accounts of type A that gives a string,
	// a category's level: Eval(a, now), Level(a), Closure, Name and Source.
	Text[A any] = engine.Text[A]
	// Source is a rule to compile: its Name and its Source text.
	Source = engine.Source
	// Error is a rule that cannot be compiled or evaluated: the Rule, its
	// Kind of failure (one of the Err sentinels below), its Line and
	// Column, and a message for people with the rule's text and a caret.
	Error = engine.Error
)

// The kinds of [Error]: errors.Is(err, ErrSyntax) and so on.
var (
	ErrSyntax      = engine.ErrSyntax
	ErrUnknownName = engine.ErrUnknownName
	ErrResultType  = engine.ErrResultType
	ErrLimit       = engine.ErrLimit
	ErrMethodCall  = engine.ErrMethodCall
	ErrEnv         = engine.ErrEnv
	ErrEval        = engine.ErrEval
)

// The default limits of [Options].
const (
	DefaultMaxSource = engine.DefaultMaxSource
	DefaultMaxNodes  = engine.DefaultMaxNodes
	DefaultMaxCost   = engine.DefaultMaxCost
	DefaultMaxSteps  = engine.DefaultMaxSteps
	DefaultMaxMemory = engine.DefaultMaxMemory
)

// CompileNumber compiles a numeric rule. The rule must produce a number;
// names it does not know are errors that suggest the closest known name.
func CompileNumber[A any](name, source string, opts Options) (*Number[A], error) {
	return engine.CompileNumber[A](name, source, opts)
}

// CompileCondition compiles a condition. The rule must produce a bool; a
// branch that is nil (ok ? nil : x) does not hold: false, with no error,
// as expr's VM has it.
func CompileCondition[A any](name, source string, opts Options) (*Condition[A], error) {
	return engine.CompileCondition[A](name, source, opts)
}

// CompileText compiles a rule that must produce a string.
func CompileText[A any](name, source string, opts Options) (*Text[A], error) {
	return engine.CompileText[A](name, source, opts)
}

// CompileNumbers compiles numeric rules, reporting every failure at once
// with errors.Join. Names must be unique and not empty.
func CompileNumbers[A any](opts Options, sources ...Source) ([]*Number[A], error) {
	return engine.CompileNumbers[A](opts, sources...)
}

// CompileConditions compiles conditions, reporting every failure at once.
func CompileConditions[A any](opts Options, sources ...Source) ([]*Condition[A], error) {
	return engine.CompileConditions[A](opts, sources...)
}

// CheckName returns an error of kind [ErrEnv] when name cannot be a
// field's: a function (len, lower), a keyword (in, let) or a literal
// (true, nil) of the rules, which a rule would read instead of the field.
func CheckName(name string) error { return engine.CheckName(name) }

// Fields returns the names a rule may use for accounts of type A under
// opts, sorted: the struct's fields, or opts.Fields for a map.
func Fields[A any](opts Options) ([]string, error) { return engine.Fields[A](opts) }

// Names returns the names a rule reads, sorted and without repeats: the
// fields it names (mrr, owner in owner.score), not the functions it calls
// nor the variables it binds with let. A rule that does not parse is an
// error. Tools use it to ask which rules read a field, such as the
// outcome of a backtest (a rule that reads what happened rates by the
// answer).
func Names(source string) ([]string, error) { return engine.Names(source) }

// Get returns the value that a rule names name in account: a struct field
// (by its expr tag, or its Go name), or a map key, through pointers; a
// dotted name reads a path through nested structs and maps
// ("champion.active"). ok is false when there is none. Package trigger uses
// it to name the values that made a rule fire.
func Get(account any, name string) (value any, ok bool) { return engine.Get(account, name) }
