package tier_test

import (
	"testing"

	"github.com/prioritize-dev/prioritize/tier"
)

var sinkRank int

func BenchmarkAssign(b *testing.B) {
	l := tier.Default()
	scores := []float64{83.875, 65, 57.5, 32.5}
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		t, _ := l.Assign(scores[i&3])
		sinkRank += t.Rank
	}
}

func BenchmarkRank(b *testing.B) {
	l := tier.Default()
	scores := []float64{83.875, 65, 57.5, 32.5}
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		sinkRank += l.Rank(scores[i&3])
	}
}

func TestAssignAllocatesNothing(t *testing.T) {
	l := tier.Default()
	if n := testing.AllocsPerRun(1000, func() { t, _ := l.Assign(57.5); sinkRank += t.Rank }); n != 0 {
		t.Errorf("Assign allocates %v times, want 0", n)
	}
}

// BenchmarkFill fills the framework's tiers by capacity over a book of
// 1,000,000 accounts in ranking order.
func BenchmarkFill(b *testing.B) {
	l := tier.Default()
	book := make([]tier.Candidate, 1_000_000)
	for i := range book {
		book[i] = tier.Candidate{Priority: 100 - float64(i)/10_000, ARR: 12_000}
	}
	staff := tier.Staff{1: 100, 2: 200, 3: 500, 4: 2000}
	b.ReportAllocs()
	for range b.N {
		if _, err := l.Fill(staff, book); err != nil {
			b.Fatal(err)
		}
	}
}
