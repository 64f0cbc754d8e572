package engine

import (
	"errors"
	"math"
	"reflect"
	"strings"
	"time"

	"github.com/expr-lang/expr"

	"github.com/prioritize-dev/prioritize/internal/fields"
)

// The function library. Each takes and returns float64 (ints convert), and
// none panics: bad arguments give NaN, which a numeric rule reports as
// missing, or an error, as documented in doc.go.

func clampFn(x, lo, hi float64) (float64, error) {
	if lo > hi {
		return 0, errors.New("clamp: lo is above hi")
	}
	if !finite(x) {
		return math.NaN(), nil
	}
	return min(max(x, lo), hi), nil
}

// finite reports whether x is neither NaN nor infinite: the helpers treat
// both as missing, so that an infinite input never becomes a bound.
func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

func scaleFn(x, lo, hi float64) (float64, error) {
	if lo == hi || math.IsNaN(lo) || math.IsNaN(hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		return 0, errors.New("scale: lo and hi must be finite and different")
	}
	if !finite(x) {
		return math.NaN(), nil
	}
	// lo + (x-lo) can overflow for bounds near ±MaxFloat64; the halves
	// cannot.
	r := 100 * ((x/2 - lo/2) / (hi/2 - lo/2))
	return min(max(r, 0), 100), nil
}

func pctChangeFn(old, new float64) float64 {
	if old == 0 || !finite(old) || !finite(new) {
		return math.NaN()
	}
	return 100 * (new - old) / math.Abs(old)
}

func ratioFn(a, b float64) float64 {
	if b == 0 || !finite(a) || !finite(b) {
		return math.NaN()
	}
	return a / b
}

func betweenFn(x, lo, hi float64) bool { return finite(x) && x >= lo && x <= hi }

// declinedFn reports whether new is at least pct percent below old, which
// must be above 0: declined(62, 41, 20) is true (down 34%).
func declinedFn(old, new, pct float64) bool {
	return old > 0 && 100*(old-new)/old >= pct
}

// roseFn reports whether new is at least pct percent above old, which must
// be above 0.
func roseFn(old, new, pct float64) bool {
	return old > 0 && 100*(new-old)/old >= pct
}

// truthy is a flag's value: a true bool, a number other than 0 and NaN, a
// non-empty string, a non-nil value of any other type.
func truthy(v any) bool {
	switch x := v.(type) {
	case nil:
		return false
	case bool:
		return x
	case string:
		return x != ""
	case float64:
		return x != 0 && x == x
	case int:
		return x != 0
	}
	rv := reflect.ValueOf(v)
	switch {
	case rv.CanInt():
		return rv.Int() != 0
	case rv.CanUint():
		return rv.Uint() != 0
	case rv.CanFloat():
		return rv.Float() != 0 && !math.IsNaN(rv.Float())
	}
	switch rv.Kind() {
	case reflect.Pointer, reflect.Interface, reflect.Map, reflect.Slice:
		return !rv.IsNil()
	}
	return true
}

// days returns (to - from) in days, or NaN when either time is zero.
func days(from, to time.Time) float64 {
	if from.IsZero() || to.IsZero() {
		return math.NaN()
	}
	return to.Sub(from).Hours() / 24
}

// function is one entry of the library: its name, its implementation and
// its signature for expr's type checker.
type function struct {
	name  string
	fn    func(params ...any) (any, error)
	types []any
}

// f64 reads a number of any Go kind as a float64 (NaN for anything else).
func f64(v any) float64 { return toFloat(v) }

// library returns the functions rules can call, in addition to expr's safe
// builtins. days_until and days_since take the evaluation time as a hidden
// last argument, which the compiler adds.
func library() []function {
	return []function{
		{"clamp", func(p ...any) (any, error) { return clampFn(f64(p[0]), f64(p[1]), f64(p[2])) },
			[]any{new(func(float64, float64, float64) float64)}},
		{"scale", func(p ...any) (any, error) { return scaleFn(f64(p[0]), f64(p[1]), f64(p[2])) },
			[]any{new(func(float64, float64, float64) float64)}},
		{"pct_change", func(p ...any) (any, error) { return pctChangeFn(f64(p[0]), f64(p[1])), nil },
			[]any{new(func(float64, float64) float64)}},
		{"ratio", func(p ...any) (any, error) { return ratioFn(f64(p[0]), f64(p[1])), nil },
			[]any{new(func(float64, float64) float64)}},
		{"between", func(p ...any) (any, error) { return betweenFn(f64(p[0]), f64(p[1]), f64(p[2])), nil },
			[]any{new(func(float64, float64, float64) bool)}},
		{"days_until", func(p ...any) (any, error) { return days(p[1].(time.Time), p[0].(time.Time)), nil },
			[]any{new(func(time.Time, time.Time) float64)}},
		{"days_since", func(p ...any) (any, error) { return days(p[0].(time.Time), p[1].(time.Time)), nil },
			[]any{new(func(time.Time, time.Time) float64)}},
		{"days_between", func(p ...any) (any, error) { return days(p[0].(time.Time), p[1].(time.Time)), nil },
			[]any{new(func(time.Time, time.Time) float64)}},
		// Change helpers, for rules over two states of an account (package trigger).
		{"declined", func(p ...any) (any, error) { return declinedFn(f64(p[0]), f64(p[1]), f64(p[2])), nil },
			[]any{new(func(float64, float64, float64) bool)}},
		{"rose", func(p ...any) (any, error) { return roseFn(f64(p[0]), f64(p[1]), f64(p[2])), nil },
			[]any{new(func(float64, float64, float64) bool)}},
		{"crossed_above", func(p ...any) (any, error) { return f64(p[0]) < f64(p[2]) && f64(p[1]) >= f64(p[2]), nil },
			[]any{new(func(float64, float64, float64) bool)}},
		{"crossed_below", func(p ...any) (any, error) { return f64(p[0]) >= f64(p[2]) && f64(p[1]) < f64(p[2]), nil },
			[]any{new(func(float64, float64, float64) bool)}},
		{"increased", func(p ...any) (any, error) { return f64(p[1]) > f64(p[0]), nil },
			[]any{new(func(float64, float64) bool)}},
		{"decreased", func(p ...any) (any, error) { return f64(p[1]) < f64(p[0]), nil },
			[]any{new(func(float64, float64) bool)}},
		{"turned_on", func(p ...any) (any, error) { return !truthy(p[0]) && truthy(p[1]), nil },
			[]any{new(func(any, any) bool)}},
		{"turned_off", func(p ...any) (any, error) { return truthy(p[0]) && !truthy(p[1]), nil },
			[]any{new(func(any, any) bool)}},
		{hasFunction, func(p ...any) (any, error) { return present(p[0], p[1].(string)), nil },
			[]any{new(func(any, string) bool)}},
		// expr builtins replaced: NaN and infinities are missing, no
		// numbers at all is missing, integers do not wrap.
		{"min", minMax("min", func(a, b float64) bool { return a < b }), nil},
		{"max", minMax("max", func(a, b float64) bool { return a > b }), nil},
		{"mean", meanFn, []any{new(func(...any) float64)}},
		{"median", medianFn, []any{new(func(...any) float64)}},
		{"abs", absFn, nil},
		{"int", intFn, []any{new(func(any) int)}},
		// The sandbox's functions, which the compiler's passes insert.
		{numFunction, numFn, []any{new(func(any) float64)}},
		{"__or", orFn, nil},
		{"__iadd", iaddFn, nil},
		{"__isub", isubFn, nil},
		{"__imul", imulFn, nil},
		{"__neg", inegFn, nil},
		{"__dur", durFn, nil},
		{"__widen", widenFn, nil},
		{"__div", divFn, []any{new(func(any, any) float64)}},
		{"__mod", modFn, nil},
		{"__range", rangeFn, []any{new(func(*meter, any, any) []int)}},
		{"__each", eachFn, []any{new(func(*meter, any, int, int) bool)}},
		{"__sum", sumFn, nil},
		{"__add", addFn, nil},
		{"__op", opFn, []any{new(func(*meter, string, any, any) bool)}},
		{"__pay", payFn, nil},
		{"__get", getFn, nil},
		{"__builtin", builtinFn, nil},
	}
}

// payFn charges the size of a value and returns it.
func payFn(p ...any) (any, error) {
	m := p[0].(*meter)
	if err := m.work(sizeOf(p[1], m.steps)); err != nil {
		return nil, err
	}
	return p[1], nil
}

// hasFunction is what has(x) compiles to; rules cannot name it.
const hasFunction = "__has"

// present reports whether container holds a value under name: a map key
// whose value is not nil, or a struct field (by expr tag or Go name) that is
// not a nil pointer, map, slice or interface.
func present(container any, name string) bool {
	v, ok := lookup(container, name)
	if !ok {
		return false
	}
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return false
		}
		v = v.Elem()
	}
	switch v.Kind() {
	case reflect.Map, reflect.Slice:
		return !v.IsNil()
	case reflect.Float32, reflect.Float64:
		return !math.IsNaN(v.Float()) // a number NaN is missing: a blank cell of a record
	}
	return true
}

// Get returns the value that a rule names name in account: a struct field
// (by its expr tag, or its Go name), or a map key, through pointers; a
// dotted name reads a path through nested structs and maps
// ("champion.active"). ok is false when there is none. Package trigger uses
// it to name the values that made a rule fire.
func Get(account any, name string) (value any, ok bool) {
	v := account
	for {
		head, rest, more := strings.Cut(name, ".")
		f, ok := lookup(v, head)
		if !ok || !f.CanInterface() {
			return nil, false
		}
		if !more {
			return f.Interface(), true
		}
		v, name = f.Interface(), rest
	}
}

func lookup(container any, name string) (reflect.Value, bool) {
	v := reflect.ValueOf(container)
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return reflect.Value{}, false
		}
		v = v.Elem()
	}
	switch v.Kind() {
	case reflect.Map:
		if v.Type().Key().Kind() != reflect.String {
			return reflect.Value{}, false
		}
		f := v.MapIndex(reflect.ValueOf(name).Convert(v.Type().Key()))
		return f, f.IsValid()
	case reflect.Struct:
		if sf, ok := fields.Lookup(v.Type(), name); ok {
			return v.FieldByIndex(sf.Index), true
		}
	}
	return reflect.Value{}, false
}

// clockFunctions take the evaluation time as a hidden last argument.
var clockFunctions = map[string]bool{"days_until": true, "days_since": true}

// disabledBuiltins are expr builtins that rules may not use: now reads the
// wall clock, date and timezone read the machine's time zone, repeat
// builds strings of any size, and the bit operations shift integers out of
// range without a word (bitshl(1, 64) is 0).
var disabledBuiltins = []string{"now", "date", "timezone", "repeat",
	"bitnot", "bitand", "bitor", "bitxor", "bitnand", "bitshl", "bitshr", "bitushr"}

// exprOptions returns the expr options every rule compiles with.
func exprOptions() []expr.Option {
	var opts []expr.Option
	for _, f := range library() {
		opts = append(opts, expr.Function(f.name, f.fn, f.types...))
	}
	for _, b := range disabledBuiltins {
		opts = append(opts, expr.DisableBuiltin(b))
	}
	return opts
}

// knownFunctions lists the names a rule may call: the library, has, and
// expr's builtins less the disabled ones.
func knownFunctions() map[string]bool {
	names := map[string]bool{"has": true}
	for _, f := range library() {
		if !strings.HasPrefix(f.name, "__") {
			names[f.name] = true
		}
	}
	for _, b := range exprBuiltins {
		names[b] = true
	}
	for _, b := range disabledBuiltins {
		delete(names, b)
	}
	return names
}

// exprBuiltins are the names of expr's builtin functions (v1.17).
var exprBuiltins = []string{
	"all", "none", "any", "one", "filter", "map", "find", "findIndex", "findLast", "findLastIndex",
	"count", "sum", "groupBy", "sortBy", "reduce", "len", "type", "abs", "ceil", "floor", "round",
	"int", "float", "string", "trim", "trimPrefix", "trimSuffix", "upper", "lower", "split",
	"splitAfter", "replace", "repeat", "join", "indexOf", "lastIndexOf", "hasPrefix", "hasSuffix",
	"max", "min", "mean", "median", "toJSON", "fromJSON", "toBase64", "fromBase64", "now",
	"duration", "date", "timezone", "first", "last", "get", "take", "keys", "values", "toPairs",
	"fromPairs", "reverse", "uniq", "concat", "flatten", "sort", "bitnot", "bitand", "bitor",
	"bitxor", "bitnand", "bitshl", "bitshr", "bitushr",
}

// iterating are the builtins that run a predicate over a collection; the
// cost estimate multiplies their predicate's cost by the collection's size.
var iterating = map[string]bool{
	"all": true, "none": true, "any": true, "one": true, "filter": true, "map": true,
	"find": true, "findIndex": true, "findLast": true, "findLastIndex": true, "count": true,
	"sum": true, "groupBy": true, "sortBy": true, "reduce": true,
}
