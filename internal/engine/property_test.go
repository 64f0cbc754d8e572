package engine_test

import (
	"errors"
	"math"
	"strconv"
	"testing"
	"time"

	"github.com/prioritize-dev/prioritize/internal/engine"
	"pgregory.net/rapid"
)

// arith is a generated arithmetic expression over vec's fields.
type arith struct {
	op          byte // 0 for a leaf
	field       string
	value       float64
	left, right *arith
}

type vec3 struct {
	A float64 `expr:"a"`
	B float64 `expr:"b"`
	C float64 `expr:"c"`
}

func (e *arith) source() string {
	switch {
	case e.op != 0:
		return "(" + e.left.source() + " " + string(e.op) + " " + e.right.source() + ")"
	case e.field != "":
		return e.field
	}
	s := strconv.FormatFloat(e.value, 'f', -1, 64)
	if math.Trunc(e.value) == e.value { // keep it a float in expr: 2 is an int, 2.0 a float
		s += ".0"
	}
	if e.value < 0 {
		s = "(" + s + ")"
	}
	return s
}

// divides reports whether evaluating e over v divides by zero somewhere,
// and whether a divisor is the literal 0.
func (e *arith) divides(v vec3) (byZero, byLiteral bool) {
	if e.op == 0 {
		return false, false
	}
	lz, ll := e.left.divides(v)
	rz, rl := e.right.divides(v)
	byZero, byLiteral = lz || rz, ll || rl
	if e.op == '/' {
		byZero = byZero || e.right.eval(v) == 0
		byLiteral = byLiteral || (e.right.op == 0 && e.right.field == "" && e.right.value == 0)
	}
	return byZero, byLiteral
}

// eval is the direct Go evaluation of the same tree.
func (e *arith) eval(v vec3) float64 {
	switch e.op {
	case '+':
		return e.left.eval(v) + e.right.eval(v)
	case '-':
		return e.left.eval(v) - e.right.eval(v)
	case '*':
		return e.left.eval(v) * e.right.eval(v)
	case '/':
		return e.left.eval(v) / e.right.eval(v)
	}
	switch e.field {
	case "a":
		return v.A
	case "b":
		return v.B
	case "c":
		return v.C
	}
	return e.value
}

func genArith(depth int) *rapid.Generator[*arith] {
	return rapid.Custom(func(t *rapid.T) *arith {
		if depth == 0 || rapid.IntRange(0, 2).Draw(t, "leaf") == 0 {
			if rapid.Bool().Draw(t, "isField") {
				return &arith{field: rapid.SampledFrom([]string{"a", "b", "c"}).Draw(t, "field")}
			}
			return &arith{value: rapid.OneOf(rapid.Float64Range(-1000, 1000), rapid.SampledFrom([]float64{0, 1, -1, 0.5})).Draw(t, "value")}
		}
		return &arith{
			op:    rapid.SampledFrom([]byte("+-*/")).Draw(t, "op"),
			left:  genArith(depth-1).Draw(t, "left"),
			right: genArith(depth-1).Draw(t, "right"),
		}
	})
}

func TestArithmeticMatchesGo(t *testing.T) {
	field := rapid.OneOf(rapid.Float64Range(-1e6, 1e6), rapid.SampledFrom([]float64{0, -0.0, 1, math.NaN(), math.Inf(1), math.Inf(-1), 1e308}))
	rapid.Check(t, func(t *rapid.T) {
		e := genArith(4).Draw(t, "expr")
		v := vec3{field.Draw(t, "a"), field.Draw(t, "b"), field.Draw(t, "c")}
		byZero, byLiteral := e.divides(v)
		n, err := engine.CompileNumber[vec3]("gen", e.source(), engine.Options{})
		if byLiteral { // x / 0 does not compile
			if !errors.Is(err, engine.ErrSyntax) {
				t.Fatalf("%s compiled: %v", e.source(), err)
			}
			return
		}
		if err != nil {
			t.Fatalf("compile %s: %v", e.source(), err)
		}
		got, ok, err := n.Eval(v, time.Time{})
		if byZero { // Go gives ±Inf or NaN; a rule reports where it divided by zero
			if !errors.Is(err, engine.ErrEval) || ok {
				t.Fatalf("%s over %+v: %v, %v, %v; want a division by zero", e.source(), v, got, ok, err)
			}
			return
		}
		if err != nil {
			t.Fatalf("%s: %v", e.source(), err)
		}
		want := e.eval(v)
		wantOK := !math.IsNaN(want) && !math.IsInf(want, 0)
		if ok != wantOK {
			t.Fatalf("%s over %+v: ok = %v (%v), Go gives %v", e.source(), v, ok, got, want)
		}
		if ok && math.Abs(got-want) > 1e-9*math.Max(1, math.Abs(want)) {
			t.Fatalf("%s over %+v = %v, Go gives %v", e.source(), v, got, want)
		}
	})
}

// FuzzRule compiles any source as a number and a condition, and evaluates
// what compiles over an account built from the fuzzed numbers. Nothing may
// panic, and every error is a *engine.Error.
func FuzzRule(f *testing.F) {
	for _, s := range []string{
		"mrr", "min(seats_used / seat_limit, 1) * 100", "days_until(renewal_date) < 90 && nps < 7",
		"clamp(mrr, 0, 100)", "ratio(seats_used, seat_limit)", "has(sponsor)", "map(1..10, # * mrr)",
		"name.Len()", "1 +", "'x' * 2", "let x = nps; x > 5 ? x : -x", "tags[5]", "sponsor + 1",
		"nps == nil", "reduce(1..5, #acc + #, 0)", "int(mrr) % 0", "fromJSON(name)", "tags[0] + name",
	} {
		f.Add(s, 5000.0, 6.0, 40)
	}
	f.Fuzz(func(t *testing.T, src string, mrr, nps float64, seats int) {
		a := acct{MRR: mrr, NPS: nps, SeatsUsed: seats, SeatLimit: seats / 2, Usage: mrr / 7, Name: src, Renewal: now}
		check := func(err error) {
			var re *engine.Error
			if err != nil && !errors.As(err, &re) {
				t.Fatalf("%q: %T is not *engine.Error: %v", src, err, err)
			}
		}
		if n, err := engine.CompileNumber[acct]("fuzz", src, engine.Options{}); err != nil {
			check(err)
		} else {
			v, ok, err := n.Eval(a, now)
			check(err)
			if ok && (math.IsNaN(v) || math.IsInf(v, 0)) {
				t.Fatalf("%q: %v reported present", src, v)
			}
		}
		if c, err := engine.CompileCondition[acct]("fuzz", src, engine.Options{}); err != nil {
			check(err)
		} else {
			_, err := c.Eval(a, now)
			check(err)
		}
	})
}
