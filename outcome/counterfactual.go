package outcome

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/prioritize-dev/prioritize"
	"github.com/prioritize-dev/prioritize/score"
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
	// Factor, when set, is the path of the factor the input feeds in the
	// priority's explanation ("value/engagement"): proposals then say how
	// its rating moves and what it weighs.
	Factor string
}

// Because is how a proposal moves one factor: its rating before and after
// (through its curve; nil when missing) and its weight in the priority
// after the change (the product of the weights on its path, after any
// redistribution).
type Because struct {
	Factor string   `json:"factor"`
	From   *float64 `json:"from"`
	To     *float64 `json:"to"`
	Weight float64  `json:"weight"`
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
	// Because are the factors of the levers that name one.
	Because []Because `json:"because,omitempty"`
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
	s = fmt.Sprintf("%s: tier %d (priority %.4g)", s, p.Tier, p.Priority)
	rating := func(r *float64) string {
		if r == nil {
			return "missing"
		}
		return fmt.Sprintf("%.4g", *r)
	}
	for _, b := range p.Because {
		s += fmt.Sprintf("; %s rates %s -> %s at weight %.4g", b.Factor, rating(b.From), rating(b.To), b.Weight)
	}
	return s
}

// ErrLever reports a counterfactual that cannot be searched: a lever with
// no name, no Get or Set, or a range that is not finite with Min < Max, or
// a target tier below rank 1.
var ErrLever = errors.New("outcome: invalid lever or target")

// gridSteps is how many points of each lever's range the search tries
// before it bisects the step that reaches the target.
const gridSteps = 200

// Counterfactual proposes changes of the account's inputs that place it
// in tier rank target or better: to reach the next tier up, pass its
// rank; to keep an account from dropping, pass its current rank and the
// account changed the way it is expected to.
//
// For each lever alone it proposes the smallest change of its input
// within its range: the search tries the range at 200 points, nearest to
// the current value first, and bisects the step to the first point that
// reaches the target, so the change is the smallest to within that step
// (exact where the priority is monotone in the input over the step).
// Levers that cannot reach the target alone are left out. Then it
// proposes the smallest pair: two levers both changed, the sum of their
// changes relative to their ranges least, searched on a 21 x 21 grid and
// bisected along the line to the first point that reaches; it matters
// most where no lever alone reaches.
//
// The proposals of one lever come first, smallest relative change (of the
// lever's range) first, then the pair. Every proposal is reassessed: its
// Tier and Priority are the policy's. An account already in tier target
// or better gets no proposals.
func Counterfactual[A any](p *prioritize.Policy[A], a A, target int, levers []Lever[A]) ([]Proposal, error) {
	var errs []error
	if target < 1 {
		errs = append(errs, fmt.Errorf("%w: target tier %d: ranks start at 1", ErrLever, target))
	}
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
		from, cur := l.Get(a), start(l, a)
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
	// The smallest pair: both levers change, the sum of their changes
	// relative to their ranges is least.
	var pair *found
	for i := range levers {
		for j := i + 1; j < len(levers); j++ {
			li, lj := levers[i], levers[j]
			ci, cj := start(li, a), start(lj, a)
			type combo struct{ x, y, rel float64 }
			var combos []combo
			for _, x := range axisPoints(li, ci) {
				for _, y := range axisPoints(lj, cj) {
					if x != ci && y != cj {
						combos = append(combos, combo{x, y, math.Abs(x-ci)/(li.Max-li.Min) + math.Abs(y-cj)/(lj.Max-lj.Min)})
					}
				}
			}
			slices.SortStableFunc(combos, func(p, q combo) int { return cmp.Compare(p.rel, q.rel) })
			set := func(t float64, c combo) A { return lj.Set(li.Set(a, ci+t*(c.x-ci)), cj+t*(c.y-cj)) }
			for _, c := range combos {
				if pair != nil && c.rel >= pair.rel {
					break
				}
				if _, ok := reaches(set(1, c)); !ok {
					continue
				}
				// Bisect along the line from the current values to c.
				lo, hi := 0.0, 1.0
				for range 40 {
					mid := (lo + hi) / 2
					if _, ok := reaches(set(mid, c)); ok {
						hi = mid
					} else {
						lo = mid
					}
				}
				as, _ := reaches(set(hi, c))
				x, y := ci+hi*(c.x-ci), cj+hi*(c.y-cj)
				pair = &found{Proposal{Levers: []string{li.Name, lj.Name}, From: []float64{li.Get(a), lj.Get(a)}, To: []float64{x, y}, Tier: as.Tier.Rank, Priority: as.Priority},
					math.Abs(x-ci)/(li.Max-li.Min) + math.Abs(y-cj)/(lj.Max-lj.Min)}
				break
			}
		}
	}
	slices.SortStableFunc(out, func(x, y found) int { return cmp.Compare(x.rel, y.rel) })
	if pair != nil {
		out = append(out, *pair)
	}
	props := make([]Proposal, len(out))
	for i, f := range out {
		props[i] = f.Proposal
		props[i].Because = because(p, a, levers, f.Proposal)
	}
	return props, nil
}

// because explains the account before and after the proposal and reads
// the factors its levers name.
func because[A any](p *prioritize.Policy[A], a A, levers []Lever[A], prop Proposal) []Because {
	changed := a
	var paths []string
	for k, name := range prop.Levers {
		for _, l := range levers {
			if l.Name == name {
				changed = l.Set(changed, prop.To[k])
				if l.Factor != "" {
					paths = append(paths, l.Factor)
				}
			}
		}
	}
	if len(paths) == 0 {
		return nil
	}
	leaf := func(e *score.Explanation, path string) (rating *float64, weight float64) {
		if e != nil {
			e.Leaves(func(p string, scale float64, l score.Explanation) bool {
				if p == path {
					if !l.Missing {
						r := l.Rating
						rating = &r
					}
					weight = scale * l.Weight
					return false
				}
				return true
			})
		}
		return rating, weight
	}
	before, after := p.Explain(a, nil, 0).Explanation, p.Explain(changed, nil, 0).Explanation
	out := make([]Because, len(paths))
	for i, path := range paths {
		from, _ := leaf(before, path)
		to, w := leaf(after, path)
		out[i] = Because{Factor: path, From: from, To: to, Weight: w}
	}
	return out
}

// start is where a lever's search starts: its current value within its
// range, or the bottom of the range when the input is missing.
func start[A any](l Lever[A], a A) float64 {
	cur := l.Get(a)
	if cur != cur {
		return l.Min
	}
	return min(max(cur, l.Min), l.Max)
}

// pairSteps is how many points of each lever's range the pair search tries.
const pairSteps = 20

// axisPoints are the pair search's values of one lever: its range at
// pairSteps + 1 points, and its current value.
func axisPoints[A any](l Lever[A], cur float64) []float64 {
	pts := []float64{cur}
	for i := range pairSteps + 1 {
		pts = append(pts, l.Min+(l.Max-l.Min)*float64(i)/pairSteps)
	}
	return pts
}
