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
