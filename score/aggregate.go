package score

import (
	"fmt"
	"math"
	"strconv"
)

// Factor is one named, weighted part of an aggregate. Weights are relative:
// factors weighted 40, 15, 20, 25 and 0.40, 0.15, 0.20, 0.25 make the same
// aggregate.
type Factor[A any] struct {
	Name   string
	Weight float64
	Scorer Scorer[A]
}

// Weigh returns a factor; it saves spelling out the account type that a
// [Factor] literal needs.
func Weigh[A any](name string, weight float64, s Scorer[A]) Factor[A] {
	return Factor[A]{Name: name, Weight: weight, Scorer: s}
}

// MissingPolicy says what an aggregate does with a factor that has no data.
type MissingPolicy int

const (
	// Redistribute gives a missing factor's weight to the present factors in
	// proportion to their weights, so the aggregate is the weighted mean of
	// what is known. It is the default.
	Redistribute MissingPolicy = iota
	// RateMissing rates a missing factor as Options.MissingRating and keeps
	// its weight. With a MissingRating of 0, missing counts as the worst.
	RateMissing
	// Propagate makes the aggregate missing when any factor is missing.
	Propagate
)

// String returns "redistribute", "rate" or "propagate".
func (p MissingPolicy) String() string {
	switch p {
	case Redistribute:
		return "redistribute"
	case RateMissing:
		return "rate"
	case Propagate:
		return "propagate"
	}
	return "MissingPolicy(" + strconv.Itoa(int(p)) + ")"
}

// MarshalText encodes the policy by name: redistribute, rate or propagate,
// the words of String, as policy documents write them.
func (p MissingPolicy) MarshalText() ([]byte, error) {
	if p < Redistribute || p > Propagate {
		return nil, fmt.Errorf("score: cannot marshal %v", p)
	}
	return []byte(p.String()), nil
}

// UnmarshalText decodes a policy by name; "" is Redistribute, the default.
func (p *MissingPolicy) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*p = Redistribute
		return nil
	}
	for v := Redistribute; v <= Propagate; v++ {
		if v.String() == string(b) {
			*p = v
			return nil
		}
	}
	return fmt.Errorf("score: unknown missing-data policy %q (want redistribute, rate or propagate)", b)
}

// Options configures an aggregate. The zero value is the default:
// redistribute missing factors' weight.
//
// Whatever the policy, an aggregate whose factors are all missing is missing.
type Options struct {
	Missing       MissingPolicy
	MissingRating float64 // used by RateMissing; must lie in [0, 100]
}

type aggOp uint8

const (
	opWeighted aggOp = iota
	opWorst
)

// Aggregate combines named factors into one rating. It is made by
// [Weighted], [Worst] or [Blend], is itself an [Explainer], and so nests in
// other aggregates to any depth. It is immutable and safe for concurrent
// use.
type Aggregate[A any] struct {
	op      aggOp
	opts    Options
	factors []Factor[A] // as declared, for Factors
	terms   []term[A]
}

// term is a factor ready for scoring: its scorer and its share of the
// weight (its weight divided by the sum of all weights).
type term[A any] struct {
	s     Scorer[A]
	m     *metric[A] // s, when it is a built-in metric: a direct call instead of a dynamic one
	f     Failing[A] // s, when it can report failures
	name  string
	share float64
}

// Weighted returns the weighted mean of factors under the missing-data policy
// of opts. Invalid input is reported all at once, each problem naming its
// factor: no factors, an empty or repeated name, a nil scorer, a negative,
// NaN or infinite weight, all weights zero, an unknown policy or a
// MissingRating outside [0, 100].
func Weighted[A any](opts Options, factors ...Factor[A]) (*Aggregate[A], error) {
	return newAggregate(opWeighted, "Weighted", opts, factors)
}

// Worst returns an aggregate that rates an account as its worst present
// factor: "health is as good as its weakest signal". Missing factors are
// skipped; when all are missing, so is the aggregate. Weights are not used,
// but must be valid; [Named] makes a factor of weight 1.
func Worst[A any](factors ...Factor[A]) (*Aggregate[A], error) {
	return newAggregate(opWorst, "Worst", Options{}, factors)
}

// Named returns a factor of weight 1, for [Worst].
func Named[A any](name string, s Scorer[A]) Factor[A] {
	return Factor[A]{Name: name, Weight: 1, Scorer: s}
}

func newAggregate[A any](op aggOp, opName string, opts Options, factors []Factor[A]) (*Aggregate[A], error) {
	var errs []error
	bad := func(item string, err error) { errs = append(errs, &Error{Op: opName, Item: item, Err: err}) }
	if len(factors) == 0 {
		bad("", ErrNoFactors)
	}
	switch opts.Missing {
	case Redistribute, Propagate:
	case RateMissing:
		if !(opts.MissingRating >= Min && opts.MissingRating <= Max) {
			bad("MissingRating", fmt.Errorf("%w: %v", ErrRating, opts.MissingRating))
		}
	default:
		bad("Missing", fmt.Errorf("%w: unknown missing policy %d", ErrWeight, int(opts.Missing)))
	}
	seen := make(map[string]bool, len(factors))
	total := 0.0
	for i, f := range factors {
		item := fmt.Sprintf("factor %d %q", i, f.Name)
		switch {
		case f.Name == "":
			bad(item, fmt.Errorf("%w: empty", ErrName))
		case seen[f.Name]:
			bad(item, fmt.Errorf("%w: %q is used twice", ErrName, f.Name))
		}
		seen[f.Name] = true
		if f.Scorer == nil {
			bad(item, fmt.Errorf("%w scorer", ErrNil))
		} else if c, ok := f.Scorer.(checker); ok && c.check() != nil {
			bad(item, c.check())
		}
		if w := f.Weight; w < 0 || math.IsNaN(w) || math.IsInf(w, 0) {
			bad(item, fmt.Errorf("%w: %v", ErrWeight, w))
		} else {
			total += w
		}
	}
	if len(factors) > 0 && total == 0 {
		bad("", fmt.Errorf("%w: all weights are zero", ErrWeight))
	}
	if math.IsInf(total, 0) {
		bad("", fmt.Errorf("%w: weights add up to more than a float64 holds", ErrWeight))
	}
	if len(errs) > 0 {
		return nil, joinErrors(errs)
	}
	g := &Aggregate[A]{
		op:      op,
		opts:    opts,
		factors: append([]Factor[A](nil), factors...),
		terms:   make([]term[A], len(factors)),
	}
	for i, f := range factors {
		m, _ := f.Scorer.(*metric[A])
		fl, _ := f.Scorer.(Failing[A])
		g.terms[i] = term[A]{s: f.Scorer, m: m, f: fl, name: f.Name, share: f.Weight / total}
	}
	return g, nil
}

// Factors returns a copy of the aggregate's factors as declared, with their
// weights as given (not normalized).
func (g *Aggregate[A]) Factors() []Factor[A] {
	return append([]Factor[A](nil), g.factors...)
}

// Reweighted returns an aggregate like g (the same factors and options)
// with the factors' weights replaced by weights, one per factor in the
// order of [Aggregate.Factors], validated as [Weighted] validates them. It
// is an error (wrapping [ErrWeight]) for an aggregate made by [Worst],
// whose weights are not used, or for a count of weights that differs from
// the factors'.
func (g *Aggregate[A]) Reweighted(weights ...float64) (*Aggregate[A], error) {
	if g == nil || g.op == opWorst || len(weights) != len(g.factors) {
		return nil, &Error{Op: "Reweighted", Item: "weights", Err: ErrWeight}
	}
	factors := g.Factors()
	for i := range factors {
		factors[i].Weight = weights[i]
	}
	return newAggregate(g.op, "Reweighted", g.opts, factors)
}

// Options returns the aggregate's options.
func (g *Aggregate[A]) Options() Options { return g.opts }

// Score rates a.
func (g *Aggregate[A]) Score(a A) (float64, bool) {
	r, ok, _ := g.ScoreFailures(a, nil)
	return r, ok
}

// ScoreFailures rates a as Score does, and appends to fails the factors
// that failed, by path ("revenue", "health/nps"). See [Failing].
func (g *Aggregate[A]) ScoreFailures(a A, fails []Failure) (float64, bool, []Failure) {
	if g.op == opWorst {
		return g.worst(a, fails)
	}
	// The shares add up to 1, so while every factor is present the sum is
	// the rating; when a factor is missing under Redistribute, the sum is
	// divided by the shares of the factors that were counted.
	var sum, counted float64
	present, skipped := false, false
	for _, t := range g.terms {
		var r float64
		var ok bool
		switch {
		case t.m != nil:
			r, ok = t.m.Score(a)
		case t.f != nil:
			n := len(fails)
			r, ok, fails = t.f.ScoreFailures(a, fails)
			under(t.name, fails[n:])
		default:
			r, ok = t.s.Score(a)
		}
		if !ok || r != r {
			switch g.opts.Missing {
			case Redistribute:
				skipped = true
				continue
			case RateMissing:
				r = g.opts.MissingRating
			default: // Propagate
				return 0, false, fails
			}
		} else {
			present = true
			if r < Min {
				r = Min
			} else if r > Max {
				r = Max
			}
		}
		sum += t.share * r
		counted += t.share
	}
	if !present || counted == 0 {
		return 0, false, fails
	}
	if skipped {
		sum /= counted
	}
	return Clamp(sum), true, fails
}

func (g *Aggregate[A]) worst(a A, fails []Failure) (float64, bool, []Failure) {
	low, present := Max, false
	for _, t := range g.terms {
		n := len(fails)
		var r float64
		var ok bool
		r, ok, fails = ScoreFailures(t.s, a, fails)
		under(t.name, fails[n:])
		if ok {
			present = true
			low = min(low, r)
		}
	}
	if !present {
		return 0, false, fails
	}
	return low, true, fails
}

// Explain explains g's rating of a: one child per factor, in declared
// order, with its effective share of weight and its contribution.
func (g *Aggregate[A]) Explain(a A) Explanation {
	r, ok := g.Score(a)
	root := leaf(r, ok)
	root.Children = make([]Explanation, len(g.terms))
	wsum := 0.0
	for i, t := range g.terms {
		c := Explain(t.s, a)
		c.Name = g.factors[i].Name
		c.Weight, c.Contribution = 0, 0
		if c.Missing {
			what := "missing"
			switch {
			case c.Err != "":
				what = "failed"
			case c.Stale != "":
				what = "stale since " + c.Stale
			}
			switch g.opts.Missing {
			case Redistribute:
				c.Note = what + ": weight redistributed"
			case RateMissing:
				c.Rating = g.opts.MissingRating
				c.Note = what + ": rated " + FormatRating(c.Rating)
			case Propagate:
				c.Note = what + ": the aggregate is missing"
				root.Note = "missing: " + c.Name + " has no data"
			}
		}
		if !c.Missing || g.opts.Missing == RateMissing {
			wsum += t.share
		}
		root.Children[i] = c
	}
	if !ok {
		if root.Note == "" {
			root.Note = "missing: no factor has data"
		}
		return root
	}
	if g.op == opWorst {
		for i := range root.Children {
			c := &root.Children[i]
			if !c.Missing && c.Rating == r {
				c.Weight, c.Contribution = 1, r
				c.Note = "worst factor"
				break
			}
		}
		return root
	}
	for i := range root.Children {
		c := &root.Children[i]
		if !c.Missing || g.opts.Missing == RateMissing {
			c.Weight = g.terms[i].share / wsum
			c.Contribution = c.Weight * c.Rating
		}
	}
	return root
}
