package outcome

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/prioritize-dev/prioritize"
)

// Lever is an input of the account that a counterfactual may change,
// within its declared range [Min, Max].
type Lever[A any] struct {
	Name     string
	Min, Max float64
	// Get reads the input; Set returns a copy of the account with the
	// input changed. Set must not change the account it is given (for a
	// pointer account type, copy the struct first).
	Get func(A) float64
	Set func(A, float64) A
}

// Proposal is a change of inputs that places the account in a tier: the
// levers changed, their values before and after, and the placement that
// results (reassessed, never predicted).
type Proposal struct {
	Levers   []string  `json:"levers"`
	From     []float64 `json:"from"`
	To       []float64 `json:"to"`
	Tier     int       `json:"tier"`
	Priority float64   `json:"priority"`
}

// String reads "feature_adoption 50 -> 72.4: tier 1 (priority 75.1)".
func (p Proposal) String() string {
	s := ""
	for i, name := range p.Levers {
		if i > 0 {
			s += ", "
		}
		s += fmt.Sprintf("%s %.4g -> %.4g", name, p.From[i], p.To[i])
	}
	return fmt.Sprintf("%s: tier %d (priority %.4g)", s, p.Tier, p.Priority)
}

// ErrLever reports a lever that cannot be used: no name, no Get or Set,
// or a range that is not finite with Min < Max.
var ErrLever = errors.New("outcome: invalid lever")

// gridSteps is how many points of each lever's range the search tries
// before it bisects the step that reaches the target.
const gridSteps = 200

// Counterfactual proposes, for each lever alone, the smallest change of
// its input within its range that places the account in tier rank target
// or better (to reach the next tier up, pass its rank; to keep an account
// from dropping, pass its current rank and an account changed the way it
// is expected to). The search tries the range at 200 points, nearest to
// the current value first, and bisects the step to the first point that
// reaches the target; the smallest change is exact to within that step
// when the priority is monotone in the input over the step. Every
// proposal is reassessed: its Tier and Priority are the policy's. Levers
// whose change cannot reach the target are left out; the proposals come
// smallest relative change (of the lever's range) first. An account
// already in tier target or better gets no proposals.
func Counterfactual[A any](p *prioritize.Policy[A], a A, target int, levers []Lever[A]) ([]Proposal, error) {
	var errs []error
	for i, l := range levers {
		if l.Name == "" || l.Get == nil || l.Set == nil || !(l.Min < l.Max) || math.IsInf(l.Min, 0) || math.IsInf(l.Max, 0) {
			errs = append(errs, fmt.Errorf("%w: lever %d (%q) needs a name, Get, Set and a finite range with Min < Max", ErrLever, i, l.Name))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	reaches := func(a A) (prioritize.Assessment, bool) {
		as := p.Assess(a)
		return as, as.Rated && as.Tier.Rank >= 1 && as.Tier.Rank <= target
	}
	if _, ok := reaches(a); ok {
		return nil, nil
	}
	type found struct {
		Proposal
		rel float64
	}
	var out []found
	for _, l := range levers {
		from := l.Get(a)
		cur := from
		if cur != cur { // missing: search from the bottom of the range
			cur = l.Min
		}
		cur = min(max(cur, l.Min), l.Max)
		// The grid, nearest to the current value first.
		pts := make([]float64, 0, gridSteps+1)
		for i := range gridSteps + 1 {
			pts = append(pts, l.Min+(l.Max-l.Min)*float64(i)/gridSteps)
		}
		slices.SortStableFunc(pts, func(x, y float64) int { return cmp.Compare(math.Abs(x-cur), math.Abs(y-cur)) })
		for _, x := range pts {
			if _, ok := reaches(l.Set(a, x)); !ok {
				continue
			}
			// Bisect between the current value and x: hi always reaches.
			lo, hi := cur, x
			for range 40 {
				mid := lo + (hi-lo)/2
				if mid == lo || mid == hi {
					break
				}
				if _, ok := reaches(l.Set(a, mid)); ok {
					hi = mid
				} else {
					lo = mid
				}
			}
			as, _ := reaches(l.Set(a, hi))
			out = append(out, found{Proposal{Levers: []string{l.Name}, From: []float64{from}, To: []float64{hi}, Tier: as.Tier.Rank, Priority: as.Priority},
				math.Abs(hi-cur) / (l.Max - l.Min)})
			break
		}
	}
	slices.SortStableFunc(out, func(x, y found) int { return cmp.Compare(x.rel, y.rel) })
	props := make([]Proposal, len(out))
	for i, f := range out {
		props[i] = f.Proposal
	}
	return props, nil
}
