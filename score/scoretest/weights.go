package scoretest

import (
	"math"
	"slices"

	"github.com/prioritize-dev/prioritize"
	"github.com/prioritize-dev/prioritize/score"
)

// WeightOptions says what a weighting should look like. The zero value
// checks nothing; set what was meant.
type WeightOptions struct {
	// Total is the sum the weights were meant to have: 1 for shares, 100
	// for percentages. 0 skips the check.
	Total float64
	// MinShare flags factors whose share of the aggregate is below it
	// (0.05 is 5%). 0 skips the check.
	MinShare float64
}

// Weights checks the declared weights of an aggregate: that they add up to
// opts.Total (within 1e-9 of it, relatively), so that a setup whose weights
// add up to 140% where 100% was meant fails, and that no factor's share is
// below opts.MinShare. Nested aggregates are checked too.
func Weights[A any](t TB, g *score.Aggregate[A], opts WeightOptions) bool {
	t.Helper()
	return weights(t, g, opts, "")
}

func weights[A any](t TB, g *score.Aggregate[A], opts WeightOptions, path string) bool {
	t.Helper()
	fs := g.Factors()
	total := 0.0
	for _, f := range fs {
		total += f.Weight
	}
	ok := true
	if opts.Total > 0 && math.Abs(total-opts.Total) > 1e-9*opts.Total {
		t.Errorf("scoretest.Weights: %sthe weights add up to %v (%.0f%% of the %v intended)", prefix(path), total, 100*total/opts.Total, opts.Total)
		ok = false
	}
	for _, f := range fs {
		name := f.Name
		if path != "" {
			name = path + "/" + f.Name
		}
		if share := f.Weight / total; opts.MinShare > 0 && share < opts.MinShare {
			t.Errorf("scoretest.Weights: factor %s has a share of %.1f%%, below the floor of %.1f%%", name, 100*share, 100*opts.MinShare)
			ok = false
		}
		if sub, isAgg := f.Scorer.(*score.Aggregate[A]); isAgg {
			ok = weights(t, sub, opts, name) && ok
		}
	}
	return ok
}

func prefix(path string) string {
	if path == "" {
		return ""
	}
	return path + ": "
}

// Inert returns the factors of a policy that cannot move any of accounts
// across a tier boundary: for each account, a factor's rating is swung to 0
// and to 100 (its contribution to priority changing by its share of the
// priority times the swing) and the tier at each end compared with the
// account's tier. A factor listed never changed a tier: its weight may be
// too small to matter.
func Inert[A any](p *prioritize.Policy[A], accounts []A) []string {
	movers := map[string]bool{}
	var all []string
	for _, a := range accounts {
		as := p.Explain(a, nil, 0)
		if !as.Rated {
			continue
		}
		as.Explanation.Leaves(func(path string, scale float64, l score.Explanation) bool {
			if l.Bound != "" { // a cap or floor, not a factor
				return true
			}
			if !slices.Contains(all, path) {
				all = append(all, path)
			}
			if l.Missing || l.Weight == 0 {
				return true
			}
			share := scale * l.Weight
			lo, hi := as.Priority-share*l.Rating, as.Priority+share*(100-l.Rating)
			if p.Ladder().Rank(lo) != as.Tier.Rank || p.Ladder().Rank(hi) != as.Tier.Rank {
				movers[path] = true
			}
			return true
		})
	}
	var inert []string
	for _, f := range all {
		if !movers[f] {
			inert = append(inert, f)
		}
	}
	slices.Sort(inert)
	return inert
}

// CheckInert reports the factors [Inert] finds.
func CheckInert[A any](t TB, p *prioritize.Policy[A], accounts []A) bool {
	t.Helper()
	inert := Inert(p, accounts)
	for _, f := range inert {
		t.Errorf("scoretest.CheckInert: factor %s cannot move any of the %d accounts across a tier boundary", f, len(accounts))
	}
	return len(inert) == 0
}
