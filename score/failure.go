package score

import (
	"encoding/json"
	"fmt"
	"math"
)

// Failure is a factor that could not rate an account because reading it
// failed (an expression's evaluation error), as opposed to the account
// having no data for it. Factor is the factor's path ("value/seats"), as
// [Explanation.Leaves] names it; Err is the cause.
type Failure struct {
	Factor string
	Err    error
}

// Error returns "value/seats: " and the cause.
func (f Failure) Error() string { return f.Factor + ": " + f.Err.Error() }

// Unwrap returns the cause.
func (f Failure) Unwrap() error { return f.Err }

// MarshalJSON encodes the failure as {"factor": ..., "error": ...}.
func (f Failure) MarshalJSON() ([]byte, error) {
	msg := ""
	if f.Err != nil {
		msg = f.Err.Error()
	}
	return json.Marshal(struct {
		Factor string `json:"factor"`
		Error  string `json:"error"`
	}{f.Factor, msg})
}

// Failing is a [Scorer] that can say which of its factors failed for an
// account. ScoreFailures rates a as Score does, and appends to fails the
// factors that failed, with their paths below the scorer. The aggregates
// and the fallible metrics of this package ([MetricErr]) are Failing.
type Failing[A any] interface {
	Scorer[A]
	ScoreFailures(a A, fails []Failure) (rating float64, ok bool, _ []Failure)
}

// ScoreFailures rates a with s and appends to fails the factors that
// failed, when s is [Failing]; for any other scorer it is Score. It
// allocates only when a factor fails.
func ScoreFailures[A any](s Scorer[A], a A, fails []Failure) (float64, bool, []Failure) {
	if f, ok := s.(Failing[A]); ok {
		return f.ScoreFailures(a, fails)
	}
	r, ok := Sanitize(s.Score(a))
	return r, ok, fails
}

// under puts the failures in fails under the factor name: a failure of
// "seats" under "value" is "value/seats".
func under(name string, fails []Failure) {
	for i := range fails {
		if fails[i].Factor == "" {
			fails[i].Factor = name
		} else {
			fails[i].Factor = name + "/" + fails[i].Factor
		}
	}
}

// failingMetric is a metric whose reading can fail with an error.
type failingMetric[A any] struct {
	expr  string // the expression it evaluates, for explanations
	get   func(A) (float64, bool, error)
	curve Curve
	err   error // a nil getter or curve, reported by the aggregate that holds it
}

// MetricErr returns a metric whose reading can fail: get returns the
// reading, whether it is present, and an error when reading failed (an
// expression that divided by zero). A failure rates missing, as missing
// data does, so the aggregates apply their missing-data policy; unlike
// missing data it is reported: by ScoreFailures, and in the explanation,
// whose leaf carries the error. Package rules makes its numeric rules into
// factors with it.
func MetricErr[A any](get func(a A) (float64, bool, error), c Curve) Explainer[A] {
	return Expression("", get, c)
}

// Expression is [MetricErr] for a reading that evaluates an expression:
// the explanation shows expr beside the input, so that a person sees what
// set the number ("champion_strength * 0.8 + 8").
func Expression[A any](expr string, get func(a A) (float64, bool, error), c Curve) Explainer[A] {
	m := &failingMetric[A]{expr: expr, get: get, curve: c}
	if get == nil || c == nil {
		m.get = func(A) (float64, bool, error) { return 0, false, nil }
		m.err = fmt.Errorf("%w getter or curve in a metric", ErrNil)
	}
	return m
}

func (m *failingMetric[A]) check() error { return m.err }

func (m *failingMetric[A]) rate(x float64, ok bool) (float64, bool) {
	if !ok || x != x {
		return 0, false
	}
	return Sanitize(m.curve.Rate(x), true)
}

func (m *failingMetric[A]) Score(a A) (float64, bool) {
	x, ok, err := m.get(a)
	return m.rate(x, ok && err == nil)
}

func (m *failingMetric[A]) ScoreFailures(a A, fails []Failure) (float64, bool, []Failure) {
	x, ok, err := m.get(a)
	if err != nil {
		return 0, false, append(fails, Failure{Err: err})
	}
	r, ok := m.rate(x, ok)
	return r, ok, fails
}

func (m *failingMetric[A]) Explain(a A) Explanation {
	x, ok, err := m.get(a)
	e := leaf(m.rate(x, ok && err == nil))
	e.Expr = m.expr
	switch {
	case err != nil:
		e.Err = err.Error()
	case ok && !math.IsNaN(x):
		e.Input = FormatInput(x)
	}
	return e
}
