package score

import (
	"fmt"
	"math"
)

// metric reads one number from A and rates it through a curve.
type metric[A any] struct {
	val   func(A) float64         // the getter of Metric, or nil
	get   func(A) (float64, bool) // the getter of MetricOK, or nil
	curve Curve
	pw    *piecewise // curve, when it is a built-in piecewise curve: skips a dynamic call
	err   error      // a nil getter or curve, reported by the aggregate that holds m
}

// Metric returns a scorer that reads one number from an account with get
// and rates it through c. A NaN reading counts as missing; infinities and
// huge values take the rating at the curve's nearer end.
//
// A nil get or c does not panic: the metric rates every account missing, and
// an aggregate that holds it reports the fault when it is built.
func Metric[A any](get func(a A) float64, c Curve) Explainer[A] {
	m := &metric[A]{val: get, curve: c}
	return m.init(get == nil)
}

// MetricOK is [Metric] for getters that can say a value is not present, as
// a map lookup can:
//
//	score.MetricOK(func(m map[string]float64) (float64, bool) {
//		v, ok := m["mrr"]
//		return v, ok
//	}, revenue)
func MetricOK[A any](get func(a A) (float64, bool), c Curve) Explainer[A] {
	m := &metric[A]{get: get, curve: c}
	return m.init(get == nil)
}

func (m *metric[A]) init(nilGetter bool) *metric[A] {
	m.pw, _ = m.curve.(*piecewise)
	if nilGetter || m.curve == nil {
		m.val = nil
		m.get = func(A) (float64, bool) { return 0, false }
		m.err = fmt.Errorf("%w getter or curve in a metric", ErrNil)
	}
	return m
}

// read returns the metric's raw input and whether it is present.
func (m *metric[A]) read(a A) (float64, bool) {
	if m.val != nil {
		return m.val(a), true
	}
	return m.get(a)
}

// check reports a fault found when the metric was made.
func (m *metric[A]) check() error { return m.err }

func (m *metric[A]) Score(a A) (float64, bool) {
	var x float64
	if m.val != nil { // read inline: this is the hot path of every policy
		x = m.val(a)
	} else {
		var ok bool
		if x, ok = m.get(a); !ok {
			return 0, false
		}
	}
	if x != x {
		return 0, false
	}
	if m.pw != nil {
		return m.pw.Rate(x), true
	}
	return Sanitize(m.curve.Rate(x), true) // a user's curve may stray: NaN is missing, the rest clamped
}

func (m *metric[A]) Explain(a A) Explanation {
	x, present := m.read(a)
	e := leaf(m.Score(a))
	if present && !math.IsNaN(x) {
		e.Input = FormatInput(x)
	}
	return e
}

// category rates a categorical input through a table.
type category[A any, K comparable] struct {
	get   func(A) K
	table map[K]float64
	def   float64
}

// Category returns a scorer that reads a category from an account and rates
// it through table; a category not in the table rates def. Every rating
// must lie in [0, 100]. Category copies table: changing it later changes
// nothing.
//
//	fit, err := score.Category(func(a Account) string { return a.ICPFit },
//		map[string]float64{"perfect": 95, "strong": 80, "partial": 50}, 20)
func Category[A any, K comparable](get func(a A) K, table map[K]float64, def float64) (Explainer[A], error) {
	var errs []error
	if get == nil {
		errs = append(errs, &Error{Op: "Category", Item: "getter", Err: ErrNil})
	}
	t := make(map[K]float64, len(table))
	for k, r := range table {
		if !(r >= Min && r <= Max) {
			errs = append(errs, &Error{Op: "Category", Item: fmt.Sprint(k), Err: fmt.Errorf("%w: %v", ErrRating, r)})
		}
		t[k] = r
	}
	if !(def >= Min && def <= Max) {
		errs = append(errs, &Error{Op: "Category", Item: "default", Err: fmt.Errorf("%w: %v", ErrRating, def)})
	}
	if len(errs) > 0 {
		return nil, sortedJoin(errs)
	}
	return &category[A, K]{get: get, table: t, def: def}, nil
}

func (c *category[A, K]) Score(a A) (float64, bool) {
	if r, ok := c.table[c.get(a)]; ok {
		return r, true
	}
	return c.def, true
}

func (c *category[A, K]) Explain(a A) Explanation {
	k := c.get(a)
	e := leaf(c.Score(a))
	e.Input = fmt.Sprint(k)
	if _, ok := c.table[k]; !ok {
		e.Note = "not in the table: default rating"
		e.Unknown = true
	}
	return e
}
