package engine

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
	"reflect"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/expr-lang/expr/builtin"
	"github.com/expr-lang/expr/vm/runtime"
)

// meter is the budget of one evaluation: the steps (units of work) and the
// bytes it may still spend. The sandbox's functions charge it before they
// do work or allocate, so an evaluation stops at its bound instead of after
// the damage.
type meter struct {
	steps, bytes int64 // what is left
	maxSteps     int64
	maxBytes     int64
}

func (m *meter) reset(steps, bytes int64) {
	m.steps, m.bytes, m.maxSteps, m.maxBytes = steps, bytes, steps, bytes
}

// Runtime failures of the sandbox. They reach the caller as an *Error of
// kind ErrLimit (the budgets) or ErrEval (the others), at the rule's
// position.
var (
	errSteps    = errors.New("the evaluation ran out of steps")
	errMemory   = errors.New("the evaluation ran out of memory")
	errDivZero  = errors.New("division by zero")
	errOverflow = errors.New("integer overflow")
)

func (m *meter) work(n int64) error {
	if n < 0 || n > m.steps {
		m.steps = -1
		return fmt.Errorf("%w (budget %d steps, Options.MaxSteps)", errSteps, m.maxSteps)
	}
	m.steps -= n
	return nil
}

func (m *meter) alloc(n int64) error {
	if n < 0 || n > m.bytes {
		m.bytes = -1
		return fmt.Errorf("%w (budget %d bytes, Options.MaxMemory)", errMemory, m.maxBytes)
	}
	m.bytes -= n
	return nil
}

// elemBytes is what one element of a collection counts for in the memory
// budget, and what expr's own memory budget counts as one unit.
const elemBytes = 16

// sizeOf returns the size of v for the budgets: the bytes of a string, the
// elements of a collection (counted through nested []any and map[string]any
// values, up to limit), 1 for anything else.
func sizeOf(v any, limit int64) int64 {
	switch x := v.(type) {
	case nil, bool, int, float64:
		return 1
	case string:
		return int64(len(x)) + 1
	case []any:
		n := int64(len(x)) + 1
		for _, e := range x {
			if n += elemSize(e, limit-n); n > limit {
				break
			}
		}
		return n
	case map[string]any:
		n := int64(len(x)) + 1
		for _, e := range x {
			if n += elemSize(e, limit-n); n > limit {
				break
			}
		}
		return n
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.String, reflect.Slice, reflect.Array, reflect.Map:
		return int64(rv.Len()) + 1
	}
	return 1
}

// lenOf is the number of elements of a collection, 0 for anything else.
func lenOf(v any) int {
	switch x := v.(type) {
	case []any:
		return len(x)
	case []int:
		return len(x)
	case []float64:
		return len(x)
	case []string:
		return len(x)
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Slice, reflect.Array, reflect.Map, reflect.String:
		return rv.Len()
	}
	return 0
}

// elemSize is what an element of a []any or map[string]any adds to its
// collection's size beyond its own slot: a string's bytes, a nested
// collection's size.
func elemSize(e any, limit int64) int64 {
	switch x := e.(type) {
	case []any, map[string]any:
		return sizeOf(x, limit)
	case string:
		return int64(len(x))
	}
	return 0
}

// deref returns what v points to, or nil for a nil pointer.
func deref(v any) any {
	for {
		rv := reflect.ValueOf(v)
		if rv.Kind() != reflect.Pointer {
			return v
		}
		if rv.IsNil() {
			return nil
		}
		v = rv.Elem().Interface()
	}
}

// The sandbox's functions, which the compiler puts in place of operations
// whose cost depends on their operands. Names starting with two underscores
// are reserved: rules cannot name them.

// eachFn charges an iteration over a collection before it starts: its
// steps for every element and, for builtins that collect results (map,
// filter, ...), one element of memory per element.
func eachFn(p ...any) (any, error) {
	m := p[0].(*meter)
	n := int64(lenOf(deref(p[1])))
	if err := m.work(n * int64(p[2].(int))); err != nil {
		return nil, err
	}
	if b := p[3].(int); b > 0 {
		if err := m.alloc(n * int64(b)); err != nil {
			return nil, err
		}
	}
	return true, nil
}

// rangeFn is a..b: the bounds must be whole numbers, and the range's
// elements are charged before it is built.
func rangeFn(p ...any) (any, error) {
	m := p[0].(*meter)
	lo, err1 := wholeNumber(p[1])
	hi, err2 := wholeNumber(p[2])
	if err := errors.Join(err1, err2); err != nil {
		return nil, fmt.Errorf("range %v..%v: %w", p[1], p[2], err)
	}
	if hi < lo {
		return []int{}, nil
	}
	size, borrow := bits.Sub64(uint64(hi), uint64(lo), 0)
	if borrow != 0 || size >= math.MaxInt32 {
		return nil, fmt.Errorf("%w (range %d..%d)", errMemory, lo, hi)
	}
	if err := m.alloc(int64(size+1) * elemBytes); err != nil {
		return nil, err
	}
	if err := m.work(int64(size + 1)); err != nil {
		return nil, err
	}
	return runtime.MakeRange(int(lo), int(hi)), nil
}

// wholeNumber converts an int or a whole float to an int.
func wholeNumber(v any) (int, error) {
	switch x := v.(type) {
	case int:
		return x, nil
	case float64:
		if math.Abs(x) > 1<<53 {
			return 0, fmt.Errorf("%w (a range bound of %v)", errMemory, x)
		}
		if x != math.Trunc(x) {
			return 0, fmt.Errorf("%v is not a whole number", x)
		}
		return int(x), nil
	}
	return 0, fmt.Errorf("%v (%T) is not a number", v, v)
}

// numFn turns a number of any Go kind into a float64: every number a rule
// reads from an account is a float64, so that every function treats all
// kinds alike and integer fields never wrap. A nil pointer reads NaN, which
// is missing.
func numFn(p ...any) (any, error) { return toFloat(p[0]), nil }

// toFloat converts any Go number, or a pointer to one, to float64; nil
// and anything else give NaN.
func toFloat(v any) float64 {
	switch x := v.(type) {
	case float64:
		return x
	case int:
		return float64(x)
	case int64:
		return float64(x)
	case int32:
		return float64(x)
	case float32:
		return float64(x)
	case nil:
		return math.NaN()
	}
	rv := reflect.ValueOf(v)
	for rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return math.NaN()
		}
		rv = rv.Elem()
	}
	switch {
	case rv.CanFloat():
		return rv.Float()
	case rv.CanInt():
		return float64(rv.Int())
	case rv.CanUint():
		return float64(rv.Uint())
	}
	return math.NaN()
}

// widenFn turns an integer of any kind into a float64 and leaves anything
// else as it is: the terms of a sum whose type is only known at run time.
func widenFn(p ...any) (any, error) {
	switch p[0].(type) {
	case float64, string, nil, bool:
		return p[0], nil
	}
	if rv := reflect.ValueOf(p[0]); rv.CanInt() || rv.CanUint() || rv.CanFloat() {
		return toFloat(p[0]), nil
	}
	return p[0], nil
}

// orFn is a ?? b for numbers: b when a is nil or NaN.
func orFn(p ...any) (any, error) {
	if f, ok := p[0].(float64); p[0] == nil || (ok && f != f) {
		return p[1], nil
	}
	return p[0], nil
}

// Checked integer arithmetic: overflow is an error, never a wrapped value.
func iaddFn(p ...any) (any, error) { return arith("+", p[0], p[1]) }
func isubFn(p ...any) (any, error) { return arith("-", p[0], p[1]) }
func imulFn(p ...any) (any, error) { return arith("*", p[0], p[1]) }

func arith(op string, a, b any) (any, error) {
	_, d1 := a.(time.Duration)
	_, d2 := b.(time.Duration)
	if d1 || d2 {
		return durFn(op, a, b)
	}
	x, ok1 := a.(int)
	y, ok2 := b.(int)
	if !ok1 || !ok2 {
		switch op {
		case "+":
			return runtime.Add(a, b), nil
		case "-":
			return runtime.Subtract(a, b), nil
		}
		return runtime.Multiply(a, b), nil
	}
	var r int
	var bad bool
	switch op {
	case "+":
		r = x + y
		bad = (r > x) != (y > 0)
	case "-":
		r = x - y
		bad = (r < x) != (y > 0)
	case "*":
		r = x * y
		bad = x != 0 && (r/x != y || (x == -1 && y == math.MinInt))
	}
	if bad && !(op != "*" && y == 0) {
		return nil, fmt.Errorf("%w: %d %s %d", errOverflow, x, op, y)
	}
	return r, nil
}

// durFn is +, - or * with a duration: checked like integers, in
// nanoseconds.
func durFn(p ...any) (any, error) {
	op := p[0].(string)
	asInt := func(v any) (int, bool) {
		switch x := v.(type) {
		case time.Duration:
			return int(x), true
		case int:
			return x, true
		}
		return 0, false
	}
	x, ok1 := asInt(p[1])
	y, ok2 := asInt(p[2])
	if !ok1 || !ok2 {
		switch op {
		case "+":
			return runtime.Add(p[1], p[2]), nil
		case "-":
			return runtime.Subtract(p[1], p[2]), nil
		}
		return runtime.Multiply(p[1], p[2]), nil
	}
	r, err := arith(op, x, y)
	if err != nil {
		return nil, err
	}
	return time.Duration(r.(int)), nil
}

// inegFn is -x, checked.
func inegFn(p ...any) (any, error) {
	if x, ok := p[0].(int); ok {
		if x == math.MinInt {
			return nil, fmt.Errorf("%w: -(%d)", errOverflow, x)
		}
		return -x, nil
	}
	return runtime.Negate(p[0]), nil
}

// divFn is a / b with a zero divisor an error.
func divFn(p ...any) (any, error) {
	if toFloat(deref(p[1])) == 0 {
		return nil, errDivZero
	}
	return runtime.Divide(p[0], p[1]), nil
}

// modFn is a % b over numbers of any kind: the remainder of a / b (as Go's
// math.Mod for floats), with a zero divisor an error.
func modFn(p ...any) (any, error) {
	x, y := deref(p[0]), deref(p[1])
	a, aok := x.(int)
	b, bok := y.(int)
	if aok && bok {
		if b == 0 {
			return nil, errDivZero
		}
		return a % b, nil
	}
	fb := toFloat(y)
	if fb == 0 {
		return nil, errDivZero
	}
	return math.Mod(toFloat(x), fb), nil
}

// uintToInt is int(x) of an unsigned integer, past MaxInt64 an overflow.
func uintToInt(x uint64) (any, error) {
	if x > math.MaxInt64 {
		return nil, fmt.Errorf("%w: int(%d)", errOverflow, x)
	}
	return int(x), nil
}

// intFn is int(x), checked: a NaN, infinite or out-of-range number is an
// error, not a wrapped value.
func intFn(p ...any) (any, error) {
	switch x := deref(p[0]).(type) {
	case int:
		return x, nil
	case int64:
		return int(x), nil // int is 64 bits wide here
	case int32:
		return int(x), nil
	case int16:
		return int(x), nil
	case int8:
		return int(x), nil
	case uint8:
		return int(x), nil
	case uint16:
		return int(x), nil
	case uint32:
		return int(x), nil
	case uint64:
		return uintToInt(x)
	case uint:
		return uintToInt(uint64(x))
	case string:
		return builtin.Builtins[builtin.Index["int"]].Func(x)
	case nil:
		return nil, errors.New("int(nil)")
	default:
		f := toFloat(x)
		if f != f || f >= 1<<63 || f < -(1<<63) {
			return nil, fmt.Errorf("%w: int(%v)", errOverflow, f)
		}
		return int(f), nil
	}
}

// absFn is abs(x): checked for integers, NaN stays NaN.
func absFn(p ...any) (any, error) {
	switch x := deref(p[0]).(type) {
	case int:
		if x == math.MinInt {
			return nil, fmt.Errorf("%w: abs(%d)", errOverflow, x)
		}
		if x < 0 {
			return -x, nil
		}
		return x, nil
	case nil:
		return nil, errors.New("abs(nil)")
	default:
		return math.Abs(toFloat(x)), nil
	}
}

// collectNumbers collects the numbers of args: numbers, and the elements of
// arrays of numbers, through nested arrays.
func collectNumbers(args []any, out []float64, ints *bool) ([]float64, error) {
	for _, a := range args {
		a = deref(a)
		switch x := a.(type) {
		case int:
			out = append(out, float64(x))
		case float64:
			*ints = false
			out = append(out, x)
		case []any:
			var err error
			if out, err = collectNumbers(x, out, ints); err != nil {
				return nil, err
			}
		default:
			rv := reflect.ValueOf(a)
			switch {
			case rv.Kind() == reflect.Slice || rv.Kind() == reflect.Array:
				for i := range rv.Len() {
					var err error
					if out, err = collectNumbers([]any{rv.Index(i).Interface()}, out, ints); err != nil {
						return nil, err
					}
				}
			case rv.CanInt() || rv.CanUint() || rv.CanFloat():
				if !rv.CanInt() {
					*ints = false
				}
				out = append(out, toFloat(a))
			default:
				return nil, fmt.Errorf("%v (%T) is not a number", a, a)
			}
		}
	}
	return out, nil
}

// minMax is min or max over numbers and arrays of numbers. A NaN or an
// infinity anywhere makes the result NaN (missing), so that no order of
// arguments turns a missing value into a present one. No numbers at all is
// NaN too.
func minMax(name string, less func(a, b float64) bool) func(p ...any) (any, error) {
	return func(p ...any) (any, error) {
		if len(p) == 1 {
			if f, ok := p[0].(float64); ok { // min(x) of one number
				if math.IsInf(f, 0) {
					return math.NaN(), nil
				}
				return f, nil
			}
		}
		if len(p) == 2 { // the common case, without allocating
			a, aok := p[0].(float64)
			b, bok := p[1].(float64)
			if aok && bok {
				if a != a || b != b || math.IsInf(a, 0) || math.IsInf(b, 0) {
					return math.NaN(), nil
				}
				if less(b, a) {
					return b, nil
				}
				return a, nil
			}
		}
		ints := true
		xs, err := collectNumbers(p, nil, &ints)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if len(xs) == 0 {
			return math.NaN(), nil
		}
		best := xs[0]
		for _, x := range xs {
			if x != x || math.IsInf(x, 0) {
				return math.NaN(), nil
			}
			if less(x, best) {
				best = x
			}
		}
		if ints && math.Abs(best) <= 1<<53 {
			return int(best), nil
		}
		return best, nil
	}
}

// meanFn and medianFn are NaN (missing) over no numbers, never 0.
func meanFn(p ...any) (any, error) {
	ints := true
	xs, err := collectNumbers(p, nil, &ints)
	if err != nil {
		return nil, fmt.Errorf("mean: %w", err)
	}
	if len(xs) == 0 {
		return math.NaN(), nil
	}
	var s float64
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs)), nil
}

func medianFn(p ...any) (any, error) {
	ints := true
	xs, err := collectNumbers(p, nil, &ints)
	if err != nil {
		return nil, fmt.Errorf("median: %w", err)
	}
	if len(xs) == 0 {
		return math.NaN(), nil
	}
	for _, x := range xs {
		if x != x {
			return math.NaN(), nil
		}
	}
	sortFloats(xs)
	n := len(xs)
	if n%2 == 1 {
		return xs[n/2], nil
	}
	return (xs[n/2-1] + xs[n/2]) / 2, nil
}

func sortFloats(xs []float64) {
	for i := 1; i < len(xs); i++ {
		for j := i; j > 0 && xs[j] < xs[j-1]; j-- {
			xs[j], xs[j-1] = xs[j-1], xs[j]
		}
	}
}

// sumFn is sum(xs) without a predicate, in float64 (an int when the sum of
// integers is exact).
func sumFn(p ...any) (any, error) {
	m := p[0].(*meter)
	ints := true
	xs, err := collectNumbers(p[1:], nil, &ints)
	if err != nil {
		return nil, fmt.Errorf("sum: %w", err)
	}
	if err := m.work(int64(len(xs))); err != nil {
		return nil, err
	}
	var s float64
	for _, x := range xs {
		s += x // in float64: never wrapped
	}
	if ints && math.Abs(s) <= 1<<53 {
		return int(s), nil
	}
	return s, nil
}

// addFn is a + b for operands that are not both numbers: strings are
// charged before they are joined, integers are checked.
func addFn(p ...any) (any, error) {
	m, a, b := p[0].(*meter), p[1], p[2]
	if sa, ok := a.(string); ok {
		if sb, ok := b.(string); ok {
			n := int64(len(sa)) + int64(len(sb))
			if err := m.alloc(n); err != nil {
				return nil, err
			}
			if err := m.work(n); err != nil {
				return nil, err
			}
			return sa + sb, nil
		}
	}
	if _, ok := a.(int); ok {
		return arith("+", a, b)
	}
	if err := m.work(sizeOf(a, m.steps) + sizeOf(b, m.steps)); err != nil {
		return nil, err
	}
	return runtime.Add(a, b), nil
}

// opFn evaluates a comparison or string operator whose cost grows with its
// operands (==, <, in, contains, matches, ...), after charging their size.
func opFn(p ...any) (any, error) {
	m, op, a, b := p[0].(*meter), p[1].(string), p[2], p[3]
	if err := m.work(sizeOf(a, m.steps) + sizeOf(b, m.steps)); err != nil {
		return nil, err
	}
	switch op {
	case "==":
		return runtime.Equal(a, b), nil
	case "!=":
		return !runtime.Equal(a, b), nil
	case "<":
		return runtime.Less(a, b), nil
	case ">":
		return runtime.More(a, b), nil
	case "<=":
		return runtime.LessOrEqual(a, b), nil
	case ">=":
		return runtime.MoreOrEqual(a, b), nil
	case "in":
		return runtime.In(a, b), nil
	}
	if runtime.IsNil(a) || runtime.IsNil(b) {
		return false, nil
	}
	sa, ok1 := a.(string)
	sb, ok2 := b.(string)
	if !ok1 || !ok2 {
		return nil, fmt.Errorf("%s needs strings, not %T and %T", op, a, b)
	}
	switch op {
	case "contains":
		return strings.Contains(sa, sb), nil
	case "startsWith":
		return strings.HasPrefix(sa, sb), nil
	case "endsWith":
		return strings.HasSuffix(sa, sb), nil
	case "matches":
		if err := m.alloc(int64(len(sb)) * elemBytes); err != nil {
			return nil, err
		}
		re, err := regexp.Compile(sb)
		if err != nil {
			return nil, err
		}
		return re.MatchString(sa), nil
	}
	return nil, fmt.Errorf("unknown operator %s", op)
}

// getFn is x.name on a value whose type is not known when the rule is
// compiled: a map key or a struct field, never a method.
func getFn(p ...any) (any, error) {
	from := p[0]
	if runtime.IsNil(from) {
		if p[2].(bool) { // x?.name
			return nil, nil
		}
		return nil, fmt.Errorf("cannot read %v of nil", p[1])
	}
	name, ok := p[1].(string)
	if !ok {
		return runtime.Fetch(deref(from), p[1]), nil
	}
	rv := reflect.ValueOf(deref(from))
	switch rv.Kind() {
	case reflect.Map:
		if rv.Type().Key().Kind() == reflect.String {
			v := rv.MapIndex(reflect.ValueOf(name).Convert(rv.Type().Key()))
			if !v.IsValid() {
				return nil, nil
			}
			return v.Interface(), nil
		}
	case reflect.Struct:
		if v, ok := lookup(rv.Interface(), name); ok && v.CanInterface() {
			return v.Interface(), nil
		}
		return nil, fmt.Errorf("%s has no field %s", rv.Type(), name)
	}
	return runtime.Fetch(deref(from), name), nil
}

// builtinFn calls one of expr's builtins after charging its arguments: the
// steps of reading them and, for builtins that build a string or a
// collection, the memory of the result, computed before it is built where
// it can be much larger than the arguments (replace, join, split).
func builtinFn(p ...any) (any, error) {
	m, name := p[0].(*meter), p[1].(string)
	args := p[2:]
	var in int64
	for i, a := range args {
		args[i] = deref(a)
		in += sizeOf(args[i], m.steps)
	}
	if name == "sort" || name == "uniq" {
		in *= int64(bits.Len64(uint64(in))) + 1
	}
	if err := m.work(in); err != nil {
		return nil, err
	}
	if producers[name] {
		if err := m.alloc(resultSize(name, args, in)); err != nil {
			return nil, err
		}
	}
	if name == "take" && len(args) == 2 { // expr's take slices with the count as given
		if n := toFloat(args[1]); n < 0 {
			return nil, fmt.Errorf("take: the count is %v: take the first n items, n 0 or more", args[1])
		}
	}
	f := builtin.Builtins[builtin.Index[name]]
	switch {
	case f.Fast != nil && len(args) == 1:
		return f.Fast(args[0]), nil
	case f.Func != nil:
		return f.Func(args...)
	case f.Safe != nil:
		out, _, err := f.Safe(args...)
		return out, err
	}
	return nil, fmt.Errorf("%s cannot be called here", name)
}

// producers are the builtins that build a new string or collection.
var producers = map[string]bool{
	"upper": true, "lower": true, "trim": true, "trimPrefix": true, "trimSuffix": true,
	"split": true, "splitAfter": true, "replace": true, "join": true, "toJSON": true,
	"fromJSON": true, "toBase64": true, "fromBase64": true, "string": true, "sort": true,
	"uniq": true, "reverse": true, "concat": true, "flatten": true, "keys": true,
	"values": true, "toPairs": true, "fromPairs": true, "take": true,
}

// resultSize is an upper bound of the bytes a producer builds, from its
// arguments (already dereferenced) and their total size in.
func resultSize(name string, args []any, in int64) int64 {
	str := func(i int) string {
		if i < len(args) {
			s, _ := args[i].(string)
			return s
		}
		return ""
	}
	switch name {
	case "replace": // replace(s, old, new)
		s, old, repl := str(0), str(1), str(2)
		n := int64(strings.Count(s, old))
		if old == "" {
			n = int64(utf8.RuneCountInString(s)) + 1
		}
		grow := int64(len(repl)) - int64(len(old))
		if grow < 0 {
			grow = 0
		}
		return int64(len(s)) + n*grow
	case "split", "splitAfter": // one string header per piece
		s, sep := str(0), str(1)
		if sep == "" {
			return int64(utf8.RuneCountInString(s)+1) * elemBytes
		}
		return int64(strings.Count(s, sep)+1) * elemBytes
	case "join": // join(xs, sep)
		sep := int64(len(str(1)))
		return in * (sep + elemBytes)
	case "upper", "lower": // a case change can grow a character's encoding
		return 3 * in
	case "fromJSON", "toJSON", "string", "toBase64":
		return 4 * in * elemBytes
	}
	return in * elemBytes
}
