package policydoc_test

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"testing"
	"time"

	"github.com/prioritize-dev/prioritize"
	"github.com/prioritize-dev/prioritize/internal/proptest"
	"github.com/prioritize-dev/prioritize/internal/sample"
	"github.com/prioritize-dev/prioritize/policydoc"
	"github.com/prioritize-dev/prioritize/prioritizetest"
	"github.com/prioritize-dev/prioritize/rules"
	"pgregory.net/rapid"
)

// recordPolicy is the framework's policy as the workbench runs it: the
// bundled document over the records it declares, and the bundled sample's
// first account (Acme) as a record.
func recordPolicy(tb testing.TB) (*prioritize.Policy[policydoc.Record], policydoc.Record) {
	tb.Helper()
	doc, err := policydoc.Parse(sample.Policy)
	if err != nil {
		tb.Fatal(err)
	}
	p, err := policydoc.CompileRecords(doc, rules.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	rr, err := doc.Records(bytes.NewReader(sample.Accounts), policydoc.CSV)
	if err != nil {
		tb.Fatal(err)
	}
	rec, err := rr.Read()
	if err != nil {
		tb.Fatal(err)
	}
	return p, rec
}

// BenchmarkRecordPolicy assesses Acme with the framework's policy as the
// Go policy over a struct and as the bundled document over a record (a
// map of its declared fields), side by side, and their ratio interleaved
// so that both see the same machine (issue 25: at most 2).
//
//	go test -run '^$' -bench BenchmarkRecordPolicy ./policydoc
func BenchmarkRecordPolicy(b *testing.B) {
	gp := prioritize.Default()
	acme := prioritizetest.Acme()
	doc, rec := recordPolicy(b)
	b.Run("go-policy-struct", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			sinkAssess = gp.Assess(acme)
		}
	})
	b.Run("document-record", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			sinkAssess = doc.Assess(rec)
		}
	})
	b.Run("record-vs-struct", func(b *testing.B) {
		interleaved(b, func() { sinkAssess = doc.Assess(rec) }, func() { sinkAssess = gp.Assess(acme) })
	})
}

// TestRecordAssessAllocatesNothing: the bundled document over a record,
// as the workbench runs it, allocates nothing per Assess (issue 25: 17
// allocations, on expr's VM).
func TestRecordAssessAllocatesNothing(t *testing.T) {
	if proptest.RaceEnabled {
		t.Skip("allocation counts of pooled code are not meaningful under the race detector")
	}
	p, rec := recordPolicy(t)
	if n := testing.AllocsPerRun(200, func() { sinkAssess = p.Assess(rec) }); n != 0 {
		t.Errorf("Assess of the document over a record allocates %v times, want 0", n)
	}
}

// TestFastCellsAsBefore: the reader's fast paths for dates written
// YYYY-MM-DD and for small whole numbers read each cell as time.Parse and
// strconv.ParseFloat do, every date of every shape included (the 30th of
// February, month 13, day 00, year 0000).
func TestFastCellsAsBefore(t *testing.T) {
	date := policydoc.Field{Name: "d", Type: policydoc.Date}
	digits := func(n int) *rapid.Generator[string] {
		return rapid.StringOfN(rapid.RuneFrom([]rune("0123456789")), n, n, -1)
	}
	rapid.Check(t, func(t *rapid.T) {
		var s string
		if rapid.Bool().Draw(t, "plausible") {
			s = fmt.Sprintf("%04d-%02d-%02d", rapid.IntRange(0, 9999).Draw(t, "y"), rapid.IntRange(0, 14).Draw(t, "m"), rapid.IntRange(0, 32).Draw(t, "d"))
		} else {
			s = digits(4).Draw(t, "y") + "-" + digits(2).Draw(t, "m") + "-" + digits(2).Draw(t, "d")
		}
		got, err := date.Parse(s)
		want, werr := time.Parse(time.DateOnly, s)
		if (err == nil) != (werr == nil) {
			t.Fatalf("%q: error %v, time.Parse %v", s, err, werr)
		}
		if err == nil && got.(time.Time) != want {
			t.Fatalf("%q: %v, time.Parse %v", s, got, want)
		}
	})
	num := policydoc.Field{Name: "n", Type: policydoc.Number}
	for _, s := range []string{"0", "-0", "1", "1023", "1024", "0.5", "7.0", "-3", "1e3", "100"} {
		got, err := num.Parse(s)
		want, _ := strconv.ParseFloat(s, 64)
		if err != nil || got.(float64) != want || math.Signbit(got.(float64)) != math.Signbit(want) {
			t.Errorf("%q: %v, %v; want %v", s, got, err, want)
		}
	}
}
