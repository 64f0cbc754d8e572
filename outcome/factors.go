package outcome

import (
	"maps"
	"math"
	"runtime"
	"slices"
	"sync"

	"github.com/prioritize-dev/prioritize"
	"github.com/prioritize-dev/prioritize/score"
)

// Factors reports how well each factor of the policy separates the
// accounts with the outcome (positive[i] for accounts[i]): the AUC of its
// rating with a seeded bootstrap interval, and the lift and revenue (the
// policy's ARR) captured in its top 10%. Factors are the leaves of the
// priority's explanation, named by path ("value/revenue"), in path order;
// an account whose factor is missing is left out of that factor's
// figures, and a factor rated for no account of one outcome is left out.
// It explains every account (see [prioritize.Policy.Explain]): microseconds
// an account.
func Factors[A any](p *prioritize.Policy[A], accounts []A, positive []bool, seed uint64) []Discrimination {
	if len(positive) != len(accounts) {
		return nil
	}
	ratings := map[string][]float64{}
	revenue := make([]float64, len(accounts))
	for j, a := range accounts {
		as := p.Explain(a, nil, 0)
		revenue[j] = as.ARR
		if as.Explanation == nil {
			continue
		}
		as.Explanation.Leaves(func(path string, _ float64, leaf score.Explanation) bool {
			r := ratings[path]
			if r == nil {
				r = make([]float64, len(accounts))
				for i := range r {
					r[i] = math.NaN()
				}
				ratings[path] = r
			}
			if !leaf.Missing {
				r[j] = leaf.Rating
			}
			return true
		})
	}
	paths := slices.Sorted(maps.Keys(ratings))
	out := make([]Discrimination, len(paths))
	ok := make([]bool, len(paths))
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0)) // a bootstrap's buffers per core, not per factor
	for i, path := range paths {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			var xs, rev []float64
			var pos []bool
			for j, x := range ratings[path] {
				if x == x { // rated: a missing factor is left out of its figures
					xs, pos, rev = append(xs, x), append(pos, positive[j]), append(rev, revenue[j])
				}
			}
			out[i], ok[i] = discriminate(path, xs, pos, rev, seed)
		}()
	}
	wg.Wait()
	var kept []Discrimination
	for i := range out {
		if ok[i] {
			kept = append(kept, out[i])
		}
	}
	return kept
}
