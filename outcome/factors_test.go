package outcome_test

import (
	"math"
	"testing"

	"github.com/prioritize-dev/prioritize"
	"github.com/prioritize-dev/prioritize/outcome"
	"github.com/prioritize-dev/prioritize/prioritizetest"
)

// TestFactorsByHand: acme and beta stayed, gamma and delta churned. The
// factor ratings (prioritizetest's comments), churned against stayed, a
// tie counting half, over the 2 x 2 pairs:
//   - value/revenue: gamma 80, delta 40 against acme 80, beta 40:
//     0.5 + 1 + 0 + 0.5 = 2 -> 0.5;
//   - value/tenure: gamma 85, delta 30 against 60, 30: 1 + 1 + 0 + 0.5 -> 0.625;
//   - potential/fit: 40, 20 against 95, 85: 0;
//   - value/strategic: 65, 6 against 85, 66: 0.
func TestFactorsByHand(t *testing.T) {
	p := prioritize.Default()
	accounts := []*prioritize.Account{prioritizetest.Acme(), prioritizetest.Beta(), prioritizetest.Gamma(), prioritizetest.Delta()}
	churned := []bool{false, false, true, true}
	got := map[string]float64{}
	for _, d := range outcome.Factors(p, accounts, churned, 1) {
		got[d.Score] = d.AUC
	}
	for path, want := range map[string]float64{"value/revenue": 0.5, "value/tenure": 0.625, "potential/fit": 0, "value/strategic": 0} {
		if a, ok := got[path]; !ok || math.Abs(a-want) > 1e-12 {
			t.Errorf("%s: AUC %v (%v), want %v", path, a, ok, want)
		}
	}
	if len(got) != 8 {
		t.Errorf("%d factors, want the default policy's 8: %v", len(got), got)
	}
	// Without the churned accounts' fit, fit tells nothing: left out.
	accounts[2].ICPFit, accounts[3].ICPFit = math.NaN(), math.NaN()
	for _, d := range outcome.Factors(p, accounts, churned, 1) {
		if d.Score == "potential/fit" {
			t.Errorf("fit rated for no churned account: %+v", d)
		}
	}
}
