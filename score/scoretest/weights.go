package scoretest

import (
	"math"

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
