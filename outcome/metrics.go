package outcome

import (
	"cmp"
	"errors"
	"math"
	"math/rand/v2"
	"slices"
)

// AUC returns the ROC AUC of scores for a binary outcome: the probability
// that a positive account scores above a negative one, a tie counting
// half (the Mann-Whitney rank-sum form, ties given their average rank).
// Accounts whose score is NaN are left out. ok is false when no positive
// or no negative account is left, or the slices differ in length.
func AUC(scores []float64, positive []bool) (auc float64, ok bool) {
	if len(scores) != len(positive) {
		return 0, false
	}
	type pt struct {
		s   float64
		pos bool
	}
	pts := make([]pt, 0, len(scores))
	for i, s := range scores {
		if s == s {
			pts = append(pts, pt{s, positive[i]})
		}
	}
	slices.SortFunc(pts, func(a, b pt) int { return cmp.Compare(a.s, b.s) })
	var rankSum float64
	var npos, nneg int
	for i := 0; i < len(pts); {
		j := i
		for j < len(pts) && pts[j].s == pts[i].s {
			j++
		}
		avg := float64(i+j+1) / 2 // ranks i+1 .. j, averaged
		for k := i; k < j; k++ {
			if pts[k].pos {
				rankSum += avg
				npos++
			} else {
				nneg++
			}
		}
		i = j
	}
	if npos == 0 || nneg == 0 {
		return 0, false
	}
	return (rankSum - float64(npos)*float64(npos+1)/2) / (float64(npos) * float64(nneg)), true
}

// Lift returns, for the top share k (0 < k <= 1) of accounts by score
// (highest first, ties in input order), the outcome's rate among them over
// its rate among all accounts, and the share of all revenue they hold
// (captured). NaN scores rank last; NaN and negative revenue count as 0,
// and sums are capped at the largest float64. The top share is k·n
// rounded up, and at least one account. ok is false when k is out of range,
// the slices differ in length, no account has the outcome, or revenue is
// given and sums to 0.
func Lift(scores []float64, positive []bool, revenue []float64, k float64) (lift, captured float64, ok bool) {
	n := len(scores)
	if n == 0 || len(positive) != n || (revenue != nil && len(revenue) != n) || !(k > 0 && k <= 1) {
		return 0, 0, false
	}
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		sa, sb := scores[a], scores[b]
		switch {
		case sa != sa && sb != sb:
			return cmp.Compare(a, b)
		case sa != sa:
			return 1
		case sb != sb:
			return -1
		}
		return cmp.Or(cmp.Compare(sb, sa), cmp.Compare(a, b)) // ties in input order
	})
	top := max(int(math.Ceil(k*float64(n))), 1)
	var posTop, posAll int
	var revTop, revAll float64
	for rank, i := range order {
		if positive[i] {
			posAll++
			if rank < top {
				posTop++
			}
		}
		if revenue != nil {
			rev := revenue[i]
			if !(rev > 0) { // NaN and negative revenue count as none
				rev = 0
			}
			rev = min(rev, math.MaxFloat64)
			revAll = min(revAll+rev, math.MaxFloat64) // capped: captured stays a share
			if rank < top {
				revTop = min(revTop+rev, math.MaxFloat64)
			}
		}
	}
	if posAll == 0 || (revenue != nil && revAll == 0) {
		return 0, 0, false
	}
	lift = (float64(posTop) / float64(top)) / (float64(posAll) / float64(n))
	if revenue != nil {
		captured = revTop / revAll
	}
	return lift, captured, true
}

// Interval is a bootstrap confidence interval.
type Interval struct {
	Lo, Hi float64
	Level  float64 // 0.95 for a 95% interval
}

// Bootstrap resamples n indexes (0..n-1, with replacement) rounds times,
// from a generator seeded with seed (the same seed, the same interval),
// computes stat on each sample where it is defined, and returns the
// central interval at level (0.95: the 2.5th and 97.5th percentiles).
func Bootstrap(n, rounds int, seed uint64, level float64, stat func(idx []int) (float64, bool)) (Interval, error) {
	if n <= 0 || rounds <= 0 || !(level > 0 && level < 1) {
		return Interval{}, errors.New("outcome: Bootstrap needs n > 0, rounds > 0 and a level in (0, 1)")
	}
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	idx := make([]int, n)
	var stats []float64
	for range rounds {
		for i := range idx {
			idx[i] = rng.IntN(n)
		}
		if v, ok := stat(idx); ok && v == v {
			stats = append(stats, v)
		}
	}
	if len(stats) == 0 {
		return Interval{}, errors.New("outcome: the statistic is defined on no resample")
	}
	slices.Sort(stats)
	at := func(q float64) float64 {
		pos := q * float64(len(stats)-1)
		lo := int(pos)
		if lo+1 >= len(stats) {
			return stats[lo]
		}
		return stats[lo] + (pos-float64(lo))*(stats[lo+1]-stats[lo])
	}
	tail := (1 - level) / 2
	return Interval{Lo: at(tail), Hi: at(1 - tail), Level: level}, nil
}

// ROI is the framework's return on prioritization: (additional revenue +
// prevented churn - implementation cost) / implementation cost. The cost
// must be above 0.
func ROI(additionalRevenue, preventedChurn, cost float64) (float64, error) {
	if !(cost > 0) || math.IsInf(cost, 0) {
		return 0, errors.New("outcome: ROI needs an implementation cost above 0")
	}
	return (additionalRevenue + preventedChurn - cost) / cost, nil
}

// Spearman returns the rank correlation of two score lists (ties given
// their average rank); ok is false for fewer than two pairs or a constant
// list. Pairs with a NaN are left out.
func Spearman(a, b []float64) (float64, bool) {
	if len(a) != len(b) {
		return 0, false
	}
	var x, y []float64
	for i := range a {
		if a[i] == a[i] && b[i] == b[i] {
			x, y = append(x, a[i]), append(y, b[i])
		}
	}
	if len(x) < 2 {
		return 0, false
	}
	rx, ry := ranks(x), ranks(y)
	return pearson(rx, ry)
}

// ranks returns the ranks of xs (1-based), ties averaged.
func ranks(xs []float64) []float64 {
	order := make([]int, len(xs))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(xs[a], xs[b]) })
	r := make([]float64, len(xs))
	for i := 0; i < len(order); {
		j := i
		for j < len(order) && xs[order[j]] == xs[order[i]] {
			j++
		}
		avg := float64(i+j+1) / 2
		for k := i; k < j; k++ {
			r[order[k]] = avg
		}
		i = j
	}
	return r
}

func pearson(x, y []float64) (float64, bool) {
	n := float64(len(x))
	var mx, my float64
	for i := range x {
		mx, my = mx+x[i], my+y[i]
	}
	mx, my = mx/n, my/n
	var sxy, sxx, syy float64
	for i := range x {
		dx, dy := x[i]-mx, y[i]-my
		sxy, sxx, syy = sxy+dx*dy, sxx+dx*dx, syy+dy*dy
	}
	if sxx == 0 || syy == 0 {
		return 0, false
	}
	return sxy / math.Sqrt(sxx*syy), true
}
