package prioritizetest

import (
	"slices"

	"github.com/prioritize-dev/prioritize"
	"github.com/prioritize-dev/prioritize/score"
	"github.com/prioritize-dev/prioritize/score/scoretest"
)

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
func CheckInert[A any](t scoretest.TB, p *prioritize.Policy[A], accounts []A) bool {
	t.Helper()
	inert := Inert(p, accounts)
	for _, f := range inert {
		t.Errorf("prioritizetest.CheckInert: factor %s cannot move any of the %d accounts across a tier boundary", f, len(accounts))
	}
	return len(inert) == 0
}
