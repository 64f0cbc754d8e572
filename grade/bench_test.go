package grade_test

import (
	"testing"

	"github.com/prioritize-dev/prioritize/grade"
)

var sinkQ grade.Quadrant

func BenchmarkPlace(b *testing.B) {
	var m grade.Matrix
	vs := []float64{80.25, 45, 75, 30}
	ps := []float64{87.5, 85, 40, 35}
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		q, _ := m.Place(vs[i&3], ps[i&3])
		sinkQ += q
	}
}

var sinkRank int

func BenchmarkGridRank(b *testing.B) {
	g, _ := grade.DefaultGrid(grade.Resolution{Policy: grade.ByScore, Cut: 70})
	var gr grade.Grader
	grades := make([]grade.Grade, 4)
	for i, p := range []float64{120000, 30000, 8000, 60000} {
		grades[i], _ = gr.Grade(p, float64(20*i+10))
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		r, _ := g.Rank(grades[i&3], 72)
		sinkRank += r
	}
}

func TestPlaceAllocatesNothing(t *testing.T) {
	var m grade.Matrix
	if n := testing.AllocsPerRun(1000, func() { sinkQ, _ = m.Place(80, 88) }); n != 0 {
		t.Errorf("Place allocates %v times, want 0", n)
	}
}
