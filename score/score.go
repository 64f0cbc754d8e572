package score

import "math"

// Scorer rates an account of the caller's type A on a scale of 0 to 100.
//
// Score returns the rating and true, or ok == false when the scorer has no
// data for the account (the rating is missing). A missing rating is distinct
// from a rating of 0: aggregates apply their [Missing] policy to it.
//
// Every scorer in this package returns a finite rating in [0, 100] for every
// input, NaN and infinities included. Implementations written by users should
// keep that promise; the aggregates of this package clamp what they receive.
type Scorer[A any] interface {
	Score(a A) (rating float64, ok bool)
}

// Func adapts an ordinary function to a [Scorer], as [net/http.HandlerFunc]
// adapts a function to a Handler. The function's result is sanitized: NaN is
// reported as missing and ratings outside [0, 100] are clamped.
type Func[A any] func(a A) (rating float64, ok bool)

// Score calls f and sanitizes its result.
func (f Func[A]) Score(a A) (float64, bool) {
	r, ok := f(a)
	return Sanitize(r, ok)
}

// Explain reports f's rating as a leaf of an explanation tree.
func (f Func[A]) Explain(a A) Explanation {
	return leaf(f.Score(a))
}

// Explainer is a [Scorer] that can explain a rating as a tree of the factors
// that set it. Every scorer built by this package is an Explainer.
//
// Explain must agree with Score: the root's Rating and Missing are what Score
// returns for the same account.
type Explainer[A any] interface {
	Scorer[A]
	Explain(a A) Explanation
}

// Explain explains s's rating of a. When s is not an [Explainer], the result
// is a leaf that carries the rating alone.
func Explain[A any](s Scorer[A], a A) Explanation {
	if e, ok := s.(Explainer[A]); ok {
		return e.Explain(a)
	}
	return leaf(Sanitize(s.Score(a)))
}

// Condition reports whether something holds for an account: "a payment
// failed", "the champion left". Conditions select caps and floors (see
// [Cap]); package rules compiles them from expressions.
type Condition[A any] interface {
	Holds(a A) bool
}

// FailingCondition is a [Condition] that can fail for an account (an
// expression that could not be evaluated), and says so: HoldsErr returns
// whether it holds, and the failure. Holds of a failing condition is
// false. The root package records such a failure of a segment's condition
// on the assessment instead of taking it for "does not hold" silently.
type FailingCondition[A any] interface {
	Condition[A]
	HoldsErr(a A) (bool, error)
}

// CondFunc adapts an ordinary function to a [Condition].
type CondFunc[A any] func(a A) bool

// Holds calls f.
func (f CondFunc[A]) Holds(a A) bool { return f(a) }

// Below returns a condition that holds when s rates a below threshold t.
// A missing rating is not below anything: the condition does not hold.
func Below[A any](s Scorer[A], t float64) Condition[A] {
	return below[A]{s, t}
}

type below[A any] struct {
	s Scorer[A]
	t float64
}

func (b below[A]) Holds(a A) bool {
	r, ok := b.s.Score(a)
	return ok && r < b.t
}

// Min and Max are the ends of the rating scale.
const (
	Min = 0.0
	Max = 100.0
)

// Clamp returns r limited to [Min, Max]. NaN becomes Min; callers that need
// to tell NaN apart use [Sanitize].
func Clamp(r float64) float64 {
	switch {
	case r >= Max:
		return Max
	case r >= Min:
		return r
	default: // below Min, or NaN
		return Min
	}
}

// Sanitize turns any (rating, ok) pair into one that keeps this package's
// promise: NaN or !ok gives (0, false); anything else is clamped to [0, 100].
func Sanitize(r float64, ok bool) (float64, bool) {
	if !ok || math.IsNaN(r) {
		return 0, false
	}
	return Clamp(r), true
}

// Must returns v, or panics when err is not nil. It is meant for package
// level policies built from constants, in the manner of
// [regexp.MustCompile]; build policies from user input with the error
// returned.
func Must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
