package prioritize_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/prioritize-dev/prioritize"
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
	}
}
