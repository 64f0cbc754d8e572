package outcome_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/prioritize-dev/prioritize"
	"github.com/prioritize-dev/prioritize/outcome"
	"github.com/prioritize-dev/prioritize/score"
)

// book generates n accounts with outcomes: the lower an account's
// feature adoption, the likelier it churned.
func book(n int) ([]*prioritize.Account, []outcome.Outcome) {
	r := rand.New(rand.NewPCG(7, uint64(n)))
	asOf := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	pct := func() float64 { return math.Round(r.Float64()*1000) / 10 }
	accounts := make([]*prioritize.Account, n)
	outs := make([]outcome.Outcome, n)
	for i := range accounts {
		a := &prioritize.Account{
			ID: fmt.Sprintf("acct-%07d", i), MRR: math.Round(math.Pow(10, 1.5+r.Float64()*3.3)),
			TenureMonths: float64(r.IntN(96)), FeatureAdoption: pct(), StrategicValue: pct(),
			UsageGrowth: math.Round(r.Float64()*200) - 60, ICPFit: pct(), ChampionStrength: pct(),
			AsOf: asOf, RenewalDate: asOf.AddDate(0, 0, r.IntN(570)-30),
			PotentialARR: math.Round(r.Float64() * 250000), GrowthLikelihood: pct(), Stage: prioritize.Adoption,
		}
		accounts[i] = a
		churned := r.Float64()*100 > a.FeatureAdoption+20
		after := a.MRR * 12
		if churned {
			after = 0
		}
		outs[i] = outcome.Outcome{Account: a.ID, Churned: churned, RevenueBefore: a.MRR * 12, RevenueAfter: after}
	}
	return accounts, outs
}

// BenchmarkBacktest reports a backtest of n assessments (200 bootstrap
// rounds for each of three scores); -benchtime=1x with the 1M size gives
// one full run.
func BenchmarkBacktest(b *testing.B) {
	p := prioritize.Default()
	for _, n := range []int{10_000, 1_000_000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			accounts, outs := book(n)
			as := make([]prioritize.Assessment, n)
			for i, a := range accounts {
				as[i] = p.Assess(a)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				if r := outcome.Backtest(as, outs, p.Ladder(), 1); r.Accounts != n {
					b.Fatalf("%d accounts", r.Accounts)
				}
			}
		})
	}
}

// BenchmarkCompare is the what-if between the default policy and one
// leaning to growth (0.3/0.7) over n accounts.
func BenchmarkCompare(b *testing.B) {
	old := prioritize.Default()
	cfg := prioritize.DefaultConfig()
	cfg.Mix = score.Growth
	growth, err := prioritize.New(cfg)
	if err != nil {
		b.Fatal(err)
	}
	for _, n := range []int{10_000, 1_000_000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			accounts, _ := book(n)
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				if w := outcome.Compare(old, growth, accounts, n/100); len(w.Moves) == 0 {
					b.Fatal("no account moved")
				}
			}
		})
	}
}
