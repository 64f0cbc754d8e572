package score

import (
	"fmt"
	"time"
)

// fallback rates r where its scorer has no rating.
type fallback[A any] struct {
	s Scorer[A]
	r float64
}

// Fallback returns a scorer that rates as s does, and r where s has no
// rating (missing data, or a failure, which is still reported): a missing
// rule for one factor, where an aggregate's [Options] set one for all of
// its factors. r must be in [0, 100].
func Fallback[A any](s Scorer[A], r float64) (Explainer[A], error) {
	switch {
	case s == nil:
		return nil, &Error{Op: "Fallback", Item: "scorer", Err: ErrNil}
	case !(r >= Min && r <= Max):
		return nil, &Error{Op: "Fallback", Item: "rating", Err: fmt.Errorf("%w: %v", ErrRating, r)}
	}
	return &fallback[A]{s: s, r: r}, nil
}

func (f *fallback[A]) check() error {
	if c, ok := f.s.(checker); ok {
		return c.check()
	}
	return nil
}

func (f *fallback[A]) Score(a A) (float64, bool) {
	r, _, _ := f.ScoreFailures(a, nil)
	return r, true
}

// ScoreFailures rates a as Score does and passes on the failures of s.
func (f *fallback[A]) ScoreFailures(a A, fails []Failure) (float64, bool, []Failure) {
	r, ok, fails := ScoreFailures(f.s, a, fails)
	if !ok {
		return f.r, true, fails
	}
	return r, true, fails
}

// Explain explains s's rating, or, where s has none, the fallback rating
// with a note that says so.
func (f *fallback[A]) Explain(a A) Explanation {
	e := Explain(f.s, a)
	if e.Missing {
		what := "missing"
		if e.Err != "" {
			what = "failed"
		}
		e.Missing, e.Rating, e.Contribution = false, f.r, f.r
		e.Note = what + ": rated " + FormatRating(f.r)
	}
	return e
}

// described carries a description into its scorer's explanation.
type described[A any] struct {
	s    Scorer[A]
	text string
}

// Describe returns s with a description, for people: its explanation's
// node carries it (Explanation.Description), as a policy document's
// factors do. It rates exactly as s does.
func Describe[A any](s Scorer[A], text string) Explainer[A] {
	return &described[A]{s: s, text: text}
}

func (d *described[A]) check() error {
	if d.s == nil {
		return fmt.Errorf("%w scorer", ErrNil)
	}
	if c, ok := d.s.(checker); ok {
		return c.check()
	}
	return nil
}

func (d *described[A]) Score(a A) (float64, bool) {
	if d.s == nil {
		return 0, false
	}
	return Sanitize(d.s.Score(a))
}

// ScoreFailures rates a as s does and passes on its failures.
func (d *described[A]) ScoreFailures(a A, fails []Failure) (float64, bool, []Failure) {
	if d.s == nil {
		return 0, false, fails
	}
	return ScoreFailures(d.s, a, fails)
}

// Explain explains s's rating with the description.
func (d *described[A]) Explain(a A) Explanation {
	if d.s == nil {
		return leaf(0, false)
	}
	e := Explain(d.s, a)
	e.Description = d.text
	return e
}

// fresh rates as its scorer does while the input is fresh.
type fresh[A any] struct {
	s              Scorer[A]
	observed, asOf func(A) time.Time
	maxAge         time.Duration
}

// Fresh returns a scorer that rates as s does while its input is fresh:
// observed when the host last observed it, asOf the time of the account's
// snapshot; an input observed more than maxAge before asOf is stale, and
// the factor counts as missing (its weight redistributed, by its
// aggregate's policy), explained "stale since" the day it went stale. A
// zero observed or asOf time is not known: the input counts as fresh. An
// input observed after asOf is a failure ([ErrFuture]), not fresh.
// Freshness never raises a rating: the factor rates as s does, or not at
// all.
func Fresh[A any](s Scorer[A], observed, asOf func(A) time.Time, maxAge time.Duration) (Explainer[A], error) {
	switch {
	case s == nil || observed == nil || asOf == nil:
		return nil, &Error{Op: "Fresh", Item: "scorer or clock", Err: ErrNil}
	case maxAge <= 0:
		return nil, &Error{Op: "Fresh", Item: "max age", Err: fmt.Errorf("%w: %v", ErrBound, maxAge)}
	}
	return &fresh[A]{s: s, observed: observed, asOf: asOf, maxAge: maxAge}, nil
}

func (f *fresh[A]) check() error {
	if c, ok := f.s.(checker); ok {
		return c.check()
	}
	return nil
}

// staleSince returns when a's input went stale, and whether it is; err
// is set for an input observed after the as-of time, which no snapshot
// can hold: a clock or a date that is wrong, not a fresh input.
func (f *fresh[A]) staleSince(a A) (since time.Time, stale bool, err error) {
	obs, now := f.observed(a), f.asOf(a)
	if obs.IsZero() || now.IsZero() {
		return time.Time{}, false, nil
	}
	if obs.After(now) {
		return time.Time{}, false, fmt.Errorf("%w: observed %s, after the as-of date %s", ErrFuture,
			obs.Format(time.DateOnly), now.Format(time.DateOnly))
	}
	since = obs.Add(f.maxAge)
	return since, now.After(since), nil
}

func (f *fresh[A]) Score(a A) (float64, bool) {
	r, ok, _ := f.ScoreFailures(a, nil)
	return r, ok
}

// ScoreFailures rates a as Score does; a stale input's failures are not
// looked for (it is not read); an input observed after the as-of time is
// a failure, and the factor is missing.
func (f *fresh[A]) ScoreFailures(a A, fails []Failure) (float64, bool, []Failure) {
	_, stale, err := f.staleSince(a)
	switch {
	case err != nil:
		return 0, false, append(fails, Failure{Err: err})
	case stale:
		return 0, false, fails
	}
	return ScoreFailures(f.s, a, fails)
}

// Explain explains s's rating, or the stale input, or the failure.
func (f *fresh[A]) Explain(a A) Explanation {
	since, stale, err := f.staleSince(a)
	switch {
	case err != nil:
		e := leaf(0, false)
		e.Err = err.Error()
		return e
	case stale:
		e := leaf(0, false)
		e.Stale = since.Format(time.DateOnly)
		return e
	}
	return Explain(f.s, a)
}
