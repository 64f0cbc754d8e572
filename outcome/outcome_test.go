package outcome_test

import (
	"math"
	"testing"

	"github.com/prioritize-dev/prioritize"
	"github.com/prioritize-dev/prioritize/internal/proptest"
	"github.com/prioritize-dev/prioritize/outcome"
	"github.com/prioritize-dev/prioritize/prioritizetest"
	"pgregory.net/rapid"
)

func TestMain(m *testing.M) { proptest.Main(m) }

// TestAUCByHand: scores 1, 2, 2, 3, 4 with positives at 2 (one of the
// tied pair), 3 and 4. Ranks: 1 -> 1, the two 2s -> 2.5 each, 3 -> 4,
// 4 -> 5. Positives' rank sum 2.5 + 4 + 5 = 11.5; minus npos(npos+1)/2 = 6:
// 5.5; over npos x nneg = 3 x 2 = 6: AUC 5.5/6 = 0.91666...
func TestAUCByHand(t *testing.T) {
	auc, ok := outcome.AUC([]float64{1, 2, 2, 3, 4}, []bool{false, true, false, true, true})
	if !ok || math.Abs(auc-5.5/6) > 1e-12 {
		t.Errorf("AUC = %v, %v; want 0.91666", auc, ok)
	}
	// All tied: every pair counts half.
	if auc, _ := outcome.AUC([]float64{7, 7, 7, 7}, []bool{true, false, true, false}); auc != 0.5 {
		t.Errorf("all tied: %v, want 0.5", auc)
	}
	// NaN scores are left out: the same as without the fifth account.
	if auc, _ := outcome.AUC([]float64{1, 2, 3, 4, math.NaN()}, []bool{false, false, true, true, false}); auc != 1 {
		t.Errorf("with a NaN: %v, want 1", auc)
	}
	if _, ok := outcome.AUC([]float64{1, 2}, []bool{true, true}); ok {
		t.Error("no negatives: defined")
	}
}

// TestLiftByHand: ten accounts scored 10 down to 1; positives at scores 10,
// 9 and 3: the rate overall is 3/10. The top 20% (scores 10 and 9) are both
// positive: rate 1, lift 1 / 0.3 = 3.333. Revenue 100 for the top two, 10
// for the rest: captured 200 / 280.
func TestLiftByHand(t *testing.T) {
	scores := []float64{10, 9, 8, 7, 6, 5, 4, 3, 2, 1}
	pos := []bool{true, true, false, false, false, false, false, true, false, false}
	rev := []float64{100, 100, 10, 10, 10, 10, 10, 10, 10, 10}
	lift, captured, ok := outcome.Lift(scores, pos, rev, 0.2)
	if !ok || math.Abs(lift-1/0.3) > 1e-12 || math.Abs(captured-200.0/280) > 1e-12 {
		t.Errorf("lift %v, captured %v, %v", lift, captured, ok)
	}
}

// TestAUCLaws: the AUC of a score and of its negation sum to 1, and a
// monotone transform of the score changes nothing.
func TestAUCLaws(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(2, 60).Draw(t, "n")
		scores := make([]float64, n)
		neg, cubed := make([]float64, n), make([]float64, n)
		pos := make([]bool, n)
		for i := range scores {
			scores[i] = float64(rapid.IntRange(-20, 20).Draw(t, "score")) // ties likely
			neg[i], cubed[i] = -scores[i], scores[i]*scores[i]*scores[i]+5
			pos[i] = rapid.Bool().Draw(t, "pos")
		}
		a, ok := outcome.AUC(scores, pos)
		if !ok {
			return
		}
		b, _ := outcome.AUC(neg, pos)
		c, _ := outcome.AUC(cubed, pos)
		if math.Abs(a+b-1) > 1e-12 || math.Abs(a-c) > 1e-12 {
			t.Fatalf("AUC %v, negated %v, cubed %v", a, b, c)
		}
	})
}

func TestROIAndSpearman(t *testing.T) {
	// (120,000 + 80,000 - 50,000) / 50,000 = 3
	if roi, err := outcome.ROI(120000, 80000, 50000); err != nil || roi != 3 {
		t.Errorf("ROI = %v, %v; want 3", roi, err)
	}
	if _, err := outcome.ROI(1, 1, 0); err == nil {
		t.Error("ROI with no cost")
	}
	if r, ok := outcome.Spearman([]float64{1, 2, 3, 4}, []float64{10, 20, 30, 40}); !ok || r != 1 {
		t.Errorf("Spearman of one order: %v", r)
	}
	if r, _ := outcome.Spearman([]float64{1, 2, 3, 4}, []float64{4, 3, 2, 1}); r != -1 {
		t.Errorf("Spearman of reversed order: %v", r)
	}
}

func TestBootstrapIsSeeded(t *testing.T) {
	scores := []float64{1, 2, 3, 4, 5, 6, 7, 8}
	pos := []bool{false, false, true, false, true, true, false, true}
	stat := func(idx []int) (float64, bool) {
		s, p := make([]float64, len(idx)), make([]bool, len(idx))
		for i, j := range idx {
			s[i], p[i] = scores[j], pos[j]
		}
		return outcome.AUC(s, p)
	}
	a, err1 := outcome.Bootstrap(len(scores), 300, 42, 0.95, stat)
	b, err2 := outcome.Bootstrap(len(scores), 300, 42, 0.95, stat)
	auc, _ := outcome.AUC(scores, pos)
	if err1 != nil || err2 != nil || a != b || !(a.Lo <= auc && auc <= a.Hi) {
		t.Errorf("intervals %+v %+v around %v", a, b, auc)
	}
}

// TestBacktestByHand: four accounts, one per framework tier. acme (tier 1)
// expanded 60,000 -> 72,000; beta (tier 2) stayed at 12,000; gamma (tier 3)
// churned 60,000 -> 0; delta (tier 4) churned 12,000 -> 0.
func TestBacktestByHand(t *testing.T) {
	p := prioritize.Default()
	var as []prioritize.Assessment
	for _, a := range []*prioritize.Account{prioritizetest.Acme(), prioritizetest.Beta(), prioritizetest.Gamma(), prioritizetest.Delta()} {
		as = append(as, p.Assess(a))
	}
	outs := []outcome.Outcome{
		{Account: "acme", Expanded: true, RevenueBefore: 60000, RevenueAfter: 72000},
		{Account: "beta", RevenueBefore: 12000, RevenueAfter: 12000},
		{Account: "gamma", Churned: true, RevenueBefore: 60000},
		{Account: "delta", Churned: true, RevenueBefore: 12000},
	}
	r := outcome.Backtest(as, outs, p.Ladder(), 1)
	if len(r.ByTier) != 4 || r.Accounts != 4 {
		t.Fatalf("by tier %+v", r.ByTier)
	}
	if t1 := r.ByTier[0]; t1.Group != "1" || t1.NRR != 1.2 || t1.GRR != 1 || t1.ExpansionRate != 1 {
		t.Errorf("tier 1: %+v; want NRR 72/60 = 1.2, GRR 1", t1)
	}
	if t3 := r.ByTier[2]; t3.ChurnRate != 1 || t3.NRR != 0 {
		t.Errorf("tier 3: %+v", t3)
	}
	if !r.ChurnMonotone { // 0, 0, 1, 1: never down
		t.Error("churn 0, 0, 1, 1 across the tiers is monotone")
	}
	// Priorities 83.875, 65, 57.5, 32.5; the churned are the two lowest: AUC 0.
	if len(r.Churn) == 0 || r.Churn[0].Score != "priority" || r.Churn[0].AUC != 0 {
		t.Errorf("churn discrimination %+v", r.Churn)
	}
}

// TestWhatIfOfItself: a policy compared with itself moves nothing.
func TestWhatIfOfItself(t *testing.T) {
	p := prioritize.Default()
	g := prioritizetest.Account()
	var accounts []*prioritize.Account
	for i := range 300 {
		accounts = append(accounts, g.Example(i))
	}
	w := outcome.Compare(p, p, accounts, 30)
	off := 0
	for i := range w.Transitions {
		for j := range w.Transitions[i] {
			if i != j {
				off += w.Transitions[i][j]
			}
		}
	}
	if off != 0 || len(w.Moves) != 0 || len(w.Entered)+len(w.Left) != 0 || w.Spearman != 1 {
		t.Errorf("moved %d, moves %d, entered %v, left %v, spearman %v", off, len(w.Moves), w.Entered, w.Left, w.Spearman)
	}
	// A policy leaning to growth moves some accounts, each with a factor.
	cfg := prioritize.DefaultConfig()
	cfg.Mix = prioritize.DefaultConfig().Mix
	cfg.Segments = nil
	q, _ := prioritize.New(cfg)
	w = outcome.Compare(p, q, accounts, 30)
	for _, m := range w.Moves {
		if m.Factor == "" {
			t.Errorf("a move without its factor: %+v", m)
		}
	}
}
