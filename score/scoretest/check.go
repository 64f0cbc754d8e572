package scoretest

import (
	"fmt"
	"math"
	"reflect"

	"github.com/google/go-cmp/cmp"
	"github.com/prioritize-dev/prioritize/score"
	"pgregory.net/rapid"
)

// TB is what a check needs from its test: *testing.T, *testing.B and
// *rapid.T all have it.
type TB interface {
	Helper()
	Errorf(format string, args ...any)
}

// Tolerance is how far two ratings may differ and still count as equal in
// the checks: float64 rounding, not policy.
const Tolerance = 1e-9

// describe names an account in a failure message: its ID, Name or the
// first string field if it has one, else its value.
// Describe names an account in a failure message: `account "acme"` by its
// ID or Name field, or a short dump of it. The checks of this package and
// of package prioritizetest use it.
func Describe(a any) string {
	v := reflect.ValueOf(a)
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return "<nil>"
		}
		v = v.Elem()
	}
	if v.Kind() == reflect.Struct {
		for _, name := range []string{"ID", "Id", "Name"} {
			if f := v.FieldByName(name); f.IsValid() && f.Kind() == reflect.String && f.String() != "" {
				return fmt.Sprintf("account %q", f.String())
			}
		}
	}
	s := fmt.Sprintf("%+v", v.Interface())
	if len(s) > 200 {
		s = s[:200] + "..."
	}
	return "account " + s
}

// Bounds checks that s rates a with a finite rating in [0, 100], or reports
// it missing (with a rating of 0), and that its explanation, when it has
// one, agrees and adds up.
func Bounds[A any](t TB, s score.Scorer[A], a A) bool {
	t.Helper()
	r, ok := s.Score(a)
	if math.IsNaN(r) || math.IsInf(r, 0) || r < 0 || r > 100 || (!ok && r != 0) {
		t.Errorf("scoretest.Bounds: %s rates %v (present: %v), outside [0, 100]", Describe(a), r, ok)
		return false
	}
	if e, isExplainer := s.(score.Explainer[A]); isExplainer {
		x := e.Explain(a)
		if x.Rating != r || x.Missing == ok {
			t.Errorf("scoretest.Bounds: %s: Explain says %v (missing %v), Score says %v (present %v)", Describe(a), x.Rating, x.Missing, r, ok)
			return false
		}
		if msg := additive(x); msg != "" {
			t.Errorf("scoretest.Bounds: %s: %s", Describe(a), msg)
			return false
		}
	}
	return true
}

// additive reports the first node whose children do not add up.
func additive(e score.Explanation) string {
	if len(e.Children) == 0 {
		return ""
	}
	sum := 0.0
	for _, c := range e.Children {
		sum += c.Contribution
		if msg := additive(c); msg != "" {
			return msg
		}
	}
	want := e.Rating
	if e.Missing {
		want = 0
	}
	if math.Abs(sum-want) > Tolerance {
		return fmt.Sprintf("the children of %q contribute %v, its rating is %v", e.Name, sum, want)
	}
	return ""
}

// Input is one input of an account that a policy should reward (or
// penalize) consistently: Nudge returns a copy of the account with the
// input raised by by >= 0, and Direction says whether a higher input
// should rate higher (score.Ascending) or lower (score.Descending).
type Input[A any] struct {
	Name      string
	Direction score.Direction
	Nudge     func(a A, by float64) A
}

// Field makes an [Input] from a getter and a setter. set must not change
// a, but return a changed copy (for pointer accounts, copy the struct).
func Field[A any](name string, dir score.Direction, get func(A) float64, set func(A, float64) A) Input[A] {
	return Input[A]{Name: name, Direction: dir, Nudge: func(a A, by float64) A { return set(a, get(a)+by) }}
}

// Monotone checks that raising input in of account a by by never moves s's
// rating against the input's direction: an Ascending input never lowers
// it, a Descending one never raises it. Ratings missing before or after
// are not compared.
func Monotone[A any](t TB, s score.Scorer[A], a A, in Input[A], by float64) bool {
	t.Helper()
	if by < 0 || math.IsNaN(by) {
		by = 0
	}
	before, ok1 := s.Score(a)
	after, ok2 := s.Score(in.Nudge(a, by))
	if !ok1 || !ok2 {
		return true
	}
	switch {
	case in.Direction == score.Ascending && after < before-Tolerance,
		in.Direction == score.Descending && after > before+Tolerance:
		t.Errorf("scoretest.Monotone: %s: raising %s by %v moved the rating from %v to %v, against its direction (%v)",
			Describe(a), in.Name, by, before, after, in.Direction)
		return false
	}
	return true
}

// Deterministic checks that s rates a the same way, with the same
// explanation, every time.
func Deterministic[A any](t TB, s score.Scorer[A], a A) bool {
	t.Helper()
	r1, ok1 := s.Score(a)
	for range 3 {
		if r2, ok2 := s.Score(a); r2 != r1 || ok2 != ok1 {
			t.Errorf("scoretest.Deterministic: %s rated %v (%v), then %v (%v)", Describe(a), r1, ok1, r2, ok2)
			return false
		}
	}
	if e, ok := s.(score.Explainer[A]); ok {
		x1 := e.Explain(a)
		if diff := cmp.Diff(x1, e.Explain(a)); diff != "" {
			t.Errorf("scoretest.Deterministic: %s explained two ways (-first +second):\n%s", Describe(a), diff)
			return false
		}
	}
	return true
}

// Property runs check over rapid-generated accounts: scoretest's checks
// work with *rapid.T.
//
//	scoretest.Property(t, gen, func(t *rapid.T, a Account) { scoretest.Bounds(t, policy, a) })
func Property[A any](t rapid.TB, gen *rapid.Generator[A], check func(t *rapid.T, a A)) {
	t.Helper()
	rapid.Check(t, func(rt *rapid.T) {
		check(rt, gen.Draw(rt, "account"))
	})
}
