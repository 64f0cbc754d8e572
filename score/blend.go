package score

import (
	"fmt"
	"math"
)

// Mix says how value and potential blend into priority:
// priority = value x Value + potential x Potential, two shares that add up
// to 1 (0.7/0.3). The zero Mix means Balanced. A mix whose shares add up
// to anything else (0.7/0.7) is refused by Validate, not normalised: it is
// a mistake, and reading it as 0.5/0.5 would move accounts silently.
type Mix struct {
	Value     float64 `json:"value"`
	Potential float64 `json:"potential"`
}

// The framework's three modes.
var (
	// Balanced weighs now and future equally: 0.5/0.5.
	Balanced = Mix{Value: 0.5, Potential: 0.5}
	// Growth leans to the future: 0.3/0.7.
	Growth = Mix{Value: 0.3, Potential: 0.7}
	// Retention leans to what the account is worth now: 0.7/0.3.
	Retention = Mix{Value: 0.7, Potential: 0.3}
)

// Validate reports whether m is usable: both shares finite and not
// negative ([ErrWeight]), adding up to 1 within 1e-9 ([ErrShares]). Both
// zero is valid and means Balanced.
func (m Mix) Validate() error {
	var errs []error
	for _, w := range []struct {
		name string
		v    float64
	}{{"Value", m.Value}, {"Potential", m.Potential}} {
		if w.v < 0 || math.IsNaN(w.v) || math.IsInf(w.v, 0) {
			errs = append(errs, &Error{Op: "Mix", Item: w.name, Err: fmt.Errorf("%w: %v", ErrWeight, w.v)})
		}
	}
	if t := m.Value + m.Potential; len(errs) == 0 && t != 0 && math.Abs(t-1) > 1e-9 {
		errs = append(errs, &Error{Op: "Mix", Err: fmt.Errorf("%w: value %v + potential %v = %v; write shares such as 0.7 and 0.3",
			ErrShares, m.Value, m.Potential, t)})
	}
	return joinErrors(errs)
}

// Normalized returns m with weights that add up to 1; the zero Mix gives
// Balanced. m must be valid.
func (m Mix) Normalized() Mix {
	t := m.Value + m.Potential
	if t == 0 {
		return Balanced
	}
	return Mix{Value: m.Value / t, Potential: m.Potential / t}
}

// Blend returns the priority scorer: an aggregate with factors "value" and
// "potential" weighted by mix. When either is missing the priority is
// missing (policy [Propagate]): an account with no value rating is unrated,
// not ranked on half its data.
func Blend[A any](value, potential Scorer[A], mix Mix) (*Aggregate[A], error) {
	if err := mix.Validate(); err != nil {
		return nil, err
	}
	n := mix.Normalized()
	return newAggregate(opWeighted, "Blend", Options{Missing: Propagate}, []Factor[A]{
		{Name: "value", Weight: n.Value, Scorer: value},
		{Name: "potential", Weight: n.Potential, Scorer: potential},
	})
}
