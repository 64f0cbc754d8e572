package score

import "fmt"

// Bound is a cap or a floor on a rating, in force while its condition holds.
// Make one with [Cap] or [Floor] and apply it with [Bounded].
type Bound[A any] struct {
	name  string
	when  Condition[A]
	limit float64
	floor bool
}

// Cap returns a bound that limits a rating to at most max while when holds:
// "any payment failure caps health at 40". A cap never raises a rating.
func Cap[A any](name string, when Condition[A], max float64) Bound[A] {
	return Bound[A]{name: name, when: when, limit: max}
}

// Floor returns a bound that lifts a rating to at least min while when
// holds: "a strategic logo is never rated below 60". A floor never lowers a
// rating.
func Floor[A any](name string, when Condition[A], min float64) Bound[A] {
	return Bound[A]{name: name, when: when, limit: min, floor: true}
}

// Name returns the bound's name.
func (b Bound[A]) Name() string { return b.name }

// Limit returns the bound's limit and whether it is a floor (else a cap).
func (b Bound[A]) Limit() (limit float64, floor bool) { return b.limit, b.floor }

type bounded[A any] struct {
	s      Scorer[A]
	bounds []Bound[A]
}

// Bounded applies caps and floors to s. The floors that hold raise the
// rating to the highest of them, then the caps that hold lower it to the
// lowest of them, so a cap wins over a floor it conflicts with and the
// result does not depend on the order of the bounds. A missing rating stays
// missing. Bounds need a non-empty unique name, a condition and a limit in
// [0, 100]; all problems are reported at once.
func Bounded[A any](s Scorer[A], bounds ...Bound[A]) (Explainer[A], error) {
	var errs []error
	bad := func(item string, err error) { errs = append(errs, &Error{Op: "Bounded", Item: item, Err: err}) }
	if s == nil {
		bad("scorer", fmt.Errorf("%w scorer", ErrNil))
	} else if c, ok := s.(checker); ok && c.check() != nil {
		bad("scorer", c.check())
	}
	seen := map[string]bool{}
	for i, b := range bounds {
		item := fmt.Sprintf("bound %d %q", i, b.name)
		if b.name == "" || seen[b.name] {
			bad(item, fmt.Errorf("%w: empty or used twice", ErrName))
		}
		seen[b.name] = true
		if b.when == nil {
			bad(item, fmt.Errorf("%w condition", ErrNil))
		}
		if !(b.limit >= Min && b.limit <= Max) {
			bad(item, fmt.Errorf("%w: limit %v", ErrRating, b.limit))
		}
	}
	if len(errs) > 0 {
		return nil, joinErrors(errs)
	}
	return &bounded[A]{s: s, bounds: append([]Bound[A](nil), bounds...)}, nil
}

func (b *bounded[A]) Score(a A) (float64, bool) {
	r, ok, _ := b.ScoreFailures(a, nil)
	return r, ok
}

// ScoreFailures rates a as Score does, and appends the failures of the
// bounded scorer's factors, by path below "base" as in the explanation,
// and of the bounds' conditions that could not be evaluated (a
// [FailingCondition]), by the bound's name: such a bound is left out.
func (b *bounded[A]) ScoreFailures(a A, fails []Failure) (float64, bool, []Failure) {
	n := len(fails)
	r, ok, fails := ScoreFailures(b.s, a, fails)
	under("base", fails[n:])
	if !ok {
		return 0, false, fails
	}
	floor, ceil := Min, Max
	for _, x := range b.bounds {
		holds := false
		if fc, ok := x.when.(FailingCondition[A]); ok {
			var err error
			if holds, err = fc.HoldsErr(a); err != nil {
				// Said, not taken for "does not hold": the bound is left out.
				fails = append(fails, Failure{Factor: x.name, Err: err})
				continue
			}
		} else {
			holds = x.when.Holds(a)
		}
		if !holds {
			continue
		}
		if x.floor {
			floor = max(floor, x.limit)
		} else {
			ceil = min(ceil, x.limit)
		}
	}
	return min(max(r, floor), ceil), true, fails
}

// Explain explains the rating: the first child is the rating before the
// bounds (named "base"), then one child for each bound that holds, whose
// contribution is the change it made (0 when another bound binds).
func (b *bounded[A]) Explain(a A) Explanation {
	base := Explain(b.s, a)
	base.Name = "base"
	r, ok := b.Score(a)
	root := leaf(r, ok)
	if !ok {
		base.Weight, base.Contribution = 0, 0
		root.Note = "missing: base has no data"
		root.Children = []Explanation{base}
		return root
	}
	base.Weight, base.Contribution = 1, base.Rating
	root.Children = []Explanation{base}
	// Find the binding floor and cap, as Score applies them.
	floorAt, capAt := -1, -1
	floored := base.Rating
	for i, x := range b.bounds {
		if x.when.Holds(a) && x.floor && x.limit > floored {
			floored, floorAt = x.limit, i
		}
	}
	capped := floored
	for i, x := range b.bounds {
		if x.when.Holds(a) && !x.floor && x.limit < capped {
			capped, capAt = x.limit, i
		}
	}
	for i, x := range b.bounds {
		if !x.when.Holds(a) {
			continue
		}
		kind := "cap"
		if x.floor {
			kind = "floor"
		}
		c := Explanation{Name: x.name, Rating: x.limit, Bound: kind, Note: kind + " " + FormatRating(x.limit) + " holds, not binding"}
		switch i {
		case floorAt:
			c.Contribution, c.Adjusted = floored-base.Rating, true
			c.Note = "floored at " + FormatRating(x.limit)
		case capAt:
			c.Contribution, c.Adjusted = capped-floored, true
			c.Note = "capped at " + FormatRating(x.limit)
		}
		root.Adjusted = root.Adjusted || c.Adjusted
		root.Children = append(root.Children, c)
	}
	return root
}
