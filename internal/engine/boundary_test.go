package engine_test

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/prioritize-dev/prioritize/internal/engine"
)

// one is an account with one number of one Go type, by value and by
// pointer.
type one[T any] struct {
	N T  `expr:"n"`
	P *T `expr:"p"`
}

// boundaryConstants are the constants each comparison meets: the field's
// value (5), one step either side, and non-integers on both sides of it
// (an int field against 2.5 is the planted bug of issue 34: a check of
// reflect.Int64 where reflect.Int was meant made n > 2.5 false at n = 5).
var boundaryConstants = []string{"4", "5", "6", "4.5", "5.5", "2.5", "-1", "0"}

var boundaryOps = []string{"==", "!=", "<", "<=", ">", ">="}

// holds is the comparison by hand, in float64, as the language defines
// every numeric comparison: the expected result, not the code under test.
func holds(x float64, op string, c float64) bool {
	switch op {
	case "==":
		return x == c
	case "!=":
		return x != c
	case "<":
		return x < c
	case "<=":
		return x <= c
	case ">":
		return x > c
	}
	return x >= c
}

func checkBoundary[T any](t *testing.T, five T) {
	t.Run(reflect.TypeFor[T]().String(), func(t *testing.T) {
		for _, field := range []string{"n", "p"} {
			for _, op := range boundaryOps {
				for _, k := range boundaryConstants {
					var c float64
					fmt.Sscan(k, &c)
					for _, src := range []string{field + " " + op + " " + k, k + " " + op + " " + field} {
						want := holds(5, op, c)
						if src[0] != field[0] { // constant on the left: c op 5
							want = holds(c, op, 5)
						}
						v := five
						acct := one[T]{N: five, P: &v}
						// The comparison alone (its direct form), inside a
						// condition (its closure) and as a number's test.
						if n, err := engine.CompileNumber[one[T]]("b", "("+src+") ? 1 : 0", engine.Options{}); err != nil {
							t.Fatal(err)
						} else if got, _, err := n.Eval(acct, time.Time{}); err != nil || (got == 1) != want {
							t.Errorf("(%s) ? 1 : 0 over a %v of 5: %v, %v; want %v", src, reflect.TypeFor[T](), got, err, want)
						}
						for _, src := range []string{src, "true && (" + src + ")", "(" + src + ") || false"} {
							byValue, err := engine.CompileCondition[one[T]]("b", src, engine.Options{})
							if err != nil {
								t.Fatalf("%s: %v", src, err)
							}
							byPointer, err := engine.CompileCondition[*one[T]]("b", src, engine.Options{})
							if err != nil {
								t.Fatalf("%s: %v", src, err)
							}
							if ok, why := byValue.Closure(); !ok {
								t.Errorf("%s: runs on the VM (%s)", src, why)
							}
							got, err := byValue.Eval(acct, time.Time{})
							if err != nil || got != want {
								t.Errorf("%s over a %v of 5 (by value): %v, %v; want %v", src, reflect.TypeFor[T](), got, err, want)
							}
							got, err = byPointer.Eval(&acct, time.Time{})
							if err != nil || got != want {
								t.Errorf("%s over a %v of 5 (by pointer): %v, %v; want %v", src, reflect.TypeFor[T](), got, err, want)
							}
							vm, err := engine.ConditionOnVM(byValue).Eval(acct, time.Time{})
							if err != nil || vm != want {
								t.Errorf("%s over a %v of 5 on the VM: %v, %v; want %v", src, reflect.TypeFor[T](), vm, err, want)
							}
						}
					}
				}
			}
		}
	})
}

// TestComparisonsAtTheBoundary: every comparison operator, at equality
// and one step either side, against integer and non-integer constants on
// either side, over a field of every numeric kind, read directly and
// through a pointer, for value and pointer accounts: the closures, their
// direct forms and the VM all give the comparison as written.
func TestComparisonsAtTheBoundary(t *testing.T) {
	checkBoundary[int](t, 5)
	checkBoundary[int8](t, 5)
	checkBoundary[int16](t, 5)
	checkBoundary[int32](t, 5)
	checkBoundary[int64](t, 5)
	checkBoundary[uint](t, 5)
	checkBoundary[uint8](t, 5)
	checkBoundary[uint16](t, 5)
	checkBoundary[uint32](t, 5)
	checkBoundary[uint64](t, 5)
	checkBoundary[float32](t, 5)
	checkBoundary[float64](t, 5)
	checkBoundary[cents](t, 5)
	checkBoundary[grade](t, 5)
}
