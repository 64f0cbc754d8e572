package engine_test

import (
	"math"
	"reflect"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prioritize-dev/prioritize/internal/engine"
	"pgregory.net/rapid"
)

// pair is an account with two numbers of one Go type.
type pair[T any] struct {
	X T `expr:"x"`
	Y T `expr:"y"`
}

type (
	cents int64
	grade float32
)

// kindHelpers are rules over x and y that use every numeric function and
// operator of the language.
var kindHelpers = []string{
	"clamp(x, 0, 100)", "scale(x, -50, 50)", "pct_change(x, y)", "ratio(x, y)",
	"between(x, y, 100) ? 1 : 0", "declined(x, y, 20) ? 1 : 0", "rose(x, y, 20) ? 1 : 0",
	"crossed_above(x, y, 10) ? 1 : 0", "crossed_below(x, y, 10) ? 1 : 0",
	"increased(x, y) ? 1 : 0", "decreased(x, y) ? 1 : 0", "turned_on(x, y) ? 1 : 0", "turned_off(x, y) ? 1 : 0",
	"min(x, y)", "max(x, y)", "abs(x)", "mean([x, y])", "median([x, y, 3])", "sum([x, y])",
	"round(x)", "floor(x)", "ceil(x)", "float(x)",
	"x + y", "x - y", "x * y", "x / y", "x % 7", "-x", "x ** 2",
	"x > y ? 1 : 0", "x == y ? 1 : 0", "x != y ? 1 : 0", "x <= 3 ? 1 : 0",
	"x ?? 5", "has(x) ? 1 : 0", "x > 0 && y > 0 ? 1 : 0", "let z = x; z * 2",
	"len(filter([x, y], # > 0))", "count([x, y], # == x)",
}

// result is what a rule gave: a value, missing, or an error.
type result struct {
	v   float64
	ok  bool
	err bool
}

func eval[T any](r *engine.Number[pair[T]], a pair[T]) result {
	v, ok, err := r.Eval(a, time.Time{})
	return result{v, ok, err != nil}
}

func compileAll[T any](t *testing.T) []*engine.Number[pair[T]] {
	t.Helper()
	rs := make([]*engine.Number[pair[T]], len(kindHelpers))
	for i, src := range kindHelpers {
		r, err := engine.CompileNumber[pair[T]]("kind", src, engine.Options{})
		if err != nil {
			t.Fatalf("%s over %v: %v", src, reflect.TypeFor[T](), err)
		}
		rs[i] = r
	}
	return rs
}

var kindCases atomic.Int64

// sameAsFloat64 checks that every helper gives over T what it gives over
// float64 for the same values: every Go numeric kind reads as a float64.
func sameAsFloat64[T any](t *testing.T, gen *rapid.Generator[float64], conv func(float64) T, nilOK bool) {
	t.Run(reflect.TypeFor[T]().String(), func(t *testing.T) {
		ours, base := compileAll[T](t), compileAll[float64](t)
		rapid.Check(t, func(rt *rapid.T) {
			x, y := gen.Draw(rt, "x"), gen.Draw(rt, "y")
			if nilOK && rapid.IntRange(0, 4).Draw(rt, "nil") == 0 {
				x = math.NaN() // a nil pointer reads as NaN: missing
			}
			i := rapid.IntRange(0, len(kindHelpers)-1).Draw(rt, "helper")
			g := eval(ours[i], pair[T]{conv(x), conv(y)})
			w := eval(base[i], pair[float64]{x, y})
			kindCases.Add(1)
			same := g.err == w.err && g.ok == w.ok && (!g.ok || g.v == w.v || (math.IsNaN(g.v) && math.IsNaN(w.v)))
			if kindHelpers[i] == "has(x) ? 1 : 0" && nilOK { // has tests the pointer itself
				same = g.err == w.err
			}
			if !same {
				rt.Fatalf("%s over %v x=%v y=%v: %+v, over float64: %+v", kindHelpers[i], reflect.TypeFor[T](), x, y, g, w)
			}
		})
	})
}

func ints(lo, hi int64) *rapid.Generator[float64] {
	return rapid.Custom(func(t *rapid.T) float64 {
		return float64(rapid.OneOf(rapid.Int64Range(lo, hi), rapid.SampledFrom([]int64{0, 1, lo, hi, 7, 10, 100})).Draw(t, "n"))
	})
}

func TestEveryNumericKindActsAsFloat64(t *testing.T) {
	small := ints(-100, 100)
	sameAsFloat64(t, ints(math.MinInt8, math.MaxInt8), func(f float64) int8 { return int8(f) }, false)
	sameAsFloat64(t, ints(math.MinInt16, math.MaxInt16), func(f float64) int16 { return int16(f) }, false)
	sameAsFloat64(t, ints(math.MinInt32, math.MaxInt32), func(f float64) int32 { return int32(f) }, false)
	sameAsFloat64(t, ints(-1<<53, 1<<53), func(f float64) int64 { return int64(f) }, false)
	sameAsFloat64(t, ints(-1<<53, 1<<53), func(f float64) int { return int(f) }, false)
	sameAsFloat64(t, ints(0, math.MaxUint8), func(f float64) uint8 { return uint8(f) }, false)
	sameAsFloat64(t, ints(0, math.MaxUint16), func(f float64) uint16 { return uint16(f) }, false)
	sameAsFloat64(t, ints(0, math.MaxUint32), func(f float64) uint32 { return uint32(f) }, false)
	sameAsFloat64(t, ints(0, 1<<53), func(f float64) uint64 { return uint64(f) }, false)
	sameAsFloat64(t, ints(0, 1<<53), func(f float64) uint { return uint(f) }, false)
	sameAsFloat64(t, ints(-1<<53, 1<<53), func(f float64) cents { return cents(f) }, false)
	f32 := rapid.Custom(func(t *rapid.T) float64 {
		return float64(rapid.OneOf(rapid.Float32Range(-1e6, 1e6), rapid.SampledFrom([]float32{0, 1, -1, 0.5, 10})).Draw(t, "f"))
	})
	sameAsFloat64(t, f32, func(f float64) float32 { return float32(f) }, false)
	sameAsFloat64(t, f32, func(f float64) grade { return grade(f) }, false)
	ptr := func(f float64) *int64 {
		if math.IsNaN(f) {
			return nil
		}
		n := int64(f)
		return &n
	}
	sameAsFloat64(t, small, ptr, true)
	sameAsFloat64(t, f32, func(f float64) *float32 {
		if math.IsNaN(f) {
			return nil
		}
		x := float32(f)
		return &x
	}, true)
	sameAsFloat64(t, f32, func(f float64) *float64 {
		if math.IsNaN(f) {
			return nil
		}
		return &f
	}, true)
	if n := kindCases.Load(); n < 10_000 && !testing.Short() { // -short runs fewer checks
		t.Errorf("only %d cases", n)
	} else {
		t.Logf("%d cases over 16 kinds and %d helpers", n, len(kindHelpers))
	}
}
