package prioritize_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/prioritize-dev/prioritize"
	"github.com/prioritize-dev/prioritize/tier"
	"github.com/prioritize-dev/prioritize/trigger"
)

var sinkAs prioritize.Assessment

func BenchmarkAssess(b *testing.B) {
	p := prioritize.Default()
	a := acme()
	b.Run("assess", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			sinkAs = p.Assess(a)
		}
	})
	b.Run("explain", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			sinkAs = p.Explain(a, nil, 0)
		}
	})
}

// BenchmarkRank ranks a generated portfolio with one worker and with
// GOMAXPROCS workers; -benchtime=1x with the 1M size gives one full run.
func BenchmarkRank(b *testing.B) {
	p := prioritize.Default()
	for _, n := range []int{10_000, 1_000_000} {
		accounts := generate(b, n)
		for _, workers := range []int{1, 0} {
			name := fmt.Sprintf("n=%d/workers=%d", n, workers)
			if workers == 0 {
				name = fmt.Sprintf("n=%d/workers=GOMAXPROCS", n)
			}
			b.Run(name, func(b *testing.B) {
				b.ReportAllocs()
				for range b.N {
					if _, err := p.Rank(context.Background(), accounts, prioritize.RankOptions{Workers: workers}); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
		// Side by side in one run: one worker against GOMAXPROCS,
		// alternated, so that both see the same machine.
		b.Run(fmt.Sprintf("n=%d/one-vs-GOMAXPROCS", n), func(b *testing.B) {
			var one, all time.Duration
			for range b.N {
				for _, workers := range []int{1, 0} {
					t0 := time.Now()
					if _, err := p.Rank(context.Background(), accounts, prioritize.RankOptions{Workers: workers}); err != nil {
						b.Fatal(err)
					}
					if workers == 1 {
						one += time.Since(t0)
					} else {
						all += time.Since(t0)
					}
				}
			}
			b.ReportMetric(float64(one)/float64(all), "speedup")
		})
		// The same ranking with every account's two strongest reasons
		// against the portfolio's medians, in the same parallel pass.
		b.Run(fmt.Sprintf("n=%d/workers=GOMAXPROCS/reasons=2", n), func(b *testing.B) {
			b.ReportAllocs()
			for range b.N {
				if _, err := p.Rank(context.Background(), accounts, prioritize.RankOptions{Reasons: 2}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

var sinkMove prioritize.Movement

// BenchmarkReassess measures a change that fires nothing and one that
// fires an intervention holding the account at tier 2, beside Assess.
func BenchmarkReassess(b *testing.B) {
	p := prioritize.Default()
	prev, quiet, decline := gamma(), gamma(), gamma()
	quiet.FeatureAdoption = 55
	prev.UsagePct, quiet.UsagePct, decline.UsagePct = 62, 62, 41
	pos := tier.Position{Rank: 3, Since: asOf}
	for _, c := range []struct {
		name string
		cur  *prioritize.Account
	}{{"nothing-fires", quiet}, {"intervention", decline}} {
		p := noCooldowns(b) // its own trigger store, and no week of quiet after each firing
		step := 0           // across the benchmark's rounds: the store remembers
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for range b.N {
				step++ // a later instant each time: a rule fires once per instant
				sinkMove = p.Reassess(prev, c.cur, prioritize.State{Position: pos}, asOf.Add(time.Duration(step)*time.Second))
			}
			if fired := len(sinkMove.Fired) > 0; fired != (c.name == "intervention") || fired && len(sinkMove.Position.Floors) != 1 {
				b.Fatalf("fired %+v, hold %+v", sinkMove.Fired, sinkMove.Position)
			}
		})
	}
	// Side by side in one run: the ratio of a Reassess that fires nothing to
	// two Assess calls, interleaved so that both see the same machine.
	b.Run("nothing-fires-vs-two-assess", func(b *testing.B) {
		p := noCooldowns(b)
		var re, as time.Duration
		for range b.N {
			t0 := time.Now()
			for range 100 {
				sinkMove = p.Reassess(prev, quiet, prioritize.State{Position: pos}, asOf)
			}
			t1 := time.Now()
			for range 100 {
				sinkAs = p.Assess(prev)
				sinkAs = p.Assess(quiet)
			}
			re, as = re+t1.Sub(t0), as+time.Since(t1)
		}
		b.ReportMetric(float64(re)/float64(as), "ratio")
	})
	b.Run("two-assess", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			sinkAs = p.Assess(prev)
			sinkAs = p.Assess(quiet)
		}
	})
}

// noCooldowns is the default policy with its triggers' cooldowns removed.
func noCooldowns(b *testing.B) *prioritize.Policy[*prioritize.Account] {
	rs := prioritize.DefaultTriggers()
	for i := range rs {
		rs[i].Cooldown = 0
	}
	cfg := prioritize.DefaultConfig()
	set, err := trigger.Compile[*prioritize.Account](trigger.Options{}, rs...)
	if err != nil {
		b.Fatal(err)
	}
	cfg.Triggers = set
	p, err := prioritize.New(cfg)
	if err != nil {
		b.Fatal(err)
	}
	return p
}
