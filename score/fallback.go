package score

import "fmt"

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
