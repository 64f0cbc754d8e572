package main

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/prioritize-dev/prioritize"
	"github.com/prioritize-dev/prioritize/internal/sample"
	"github.com/prioritize-dev/prioritize/score"
	"github.com/prioritize-dev/prioritize/tier"
)

// writeBook writes a book of n accounts made of the bundled sample's rows
// (seeded): many identical but for the ID (ties, broken by ID), some with
// their MRR moved, some without a renewal date (the timing factor fails),
// some with nothing but a name (unrated).
func writeBook(t *testing.T, n int, seed uint64) string {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(sample.Accounts)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	header, rows := rows[0], rows[1:]
	col := map[string]int{}
	for i, h := range header {
		col[h] = i
	}
	r := rand.New(rand.NewPCG(seed, 25))
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	_ = w.Write(header)
	for i := range n {
		row := append([]string(nil), rows[r.IntN(len(rows))]...)
		row[col["id"]] = fmt.Sprintf("b%06d", r.IntN(100*n)*n+i) // unique, not in input order
		switch p := r.IntN(100); {
		case p < 3:
			for j := range row {
				if j != col["id"] && j != col["name"] {
					row[j] = ""
				}
			}
		case p < 10:
			row[col["renewal_date"]] = ""
		case p < 50:
			row[col["mrr"]] = fmt.Sprint(r.IntN(20000))
		}
		_ = w.Write(row)
	}
	w.Flush()
	path := filepath.Join(t.TempDir(), "book.csv")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestStreamMatchesRank: the book ranked as it is read gives what Rank
// gives over the records kept whole: the accounts shown with their
// reasons, the medians, the tally, the plan, a filling and the names.
func TestStreamMatchesRank(t *testing.T) {
	path := writeBook(t, 9_000, 1) // past a batch, over every worker
	e := &env{stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard}
	in := inputs{in: path}
	whole, err := in.load(e)
	if err != nil {
		t.Fatal(err)
	}
	failures := cmp.Transformer("failure", func(f score.Failure) string { return f.Factor + ": " + f.Err.Error() })
	for _, c := range []struct{ top, reasons int }{{0, 0}, {0, 2}, {100, 2}, {1, 3}, {50, 0}, {20_000, 1}} {
		t.Run(fmt.Sprintf("top=%d,reasons=%d", c.top, c.reasons), func(t *testing.T) {
			ranked, medians, err := whole.rank(c.reasons, c.top)
			if err != nil {
				t.Fatal(err)
			}
			b, s, err := in.stream(e, c.top, c.reasons, "")
			if err != nil {
				t.Fatal(err)
			}
			want := ranked
			if c.top > 0 && c.top < len(want) {
				want = want[:c.top]
			}
			if diff := cmp.Diff(want, s.shown, failures); diff != "" {
				t.Errorf("shown (-want +got):\n%s", diff)
			}
			if c.reasons == 0 {
				medians = nil
			}
			if diff := cmp.Diff(medians, s.medians); diff != "" {
				t.Errorf("medians (-want +got):\n%s", diff)
			}
			wt := tallyOf(ranked)
			if wt.rated == wt.n || len(wt.unrated) == 0 || len(wt.failed) == 0 {
				t.Fatalf("the book has no unrated accounts or no failures: %+v", wt)
			}
			if diff := cmp.Diff(wt, s.tally, cmp.AllowUnexported(tally{}, counted{}), failures); diff != "" {
				t.Errorf("tally (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(whole.policy.Plan(ranked), s.plan(b.policy)); diff != "" {
				t.Errorf("plan (-want +got):\n%s", diff)
			}
			staff := tier.Staff{1: 3, 2: 40, 3: 20}
			wf, werr := whole.policy.Fill(ranked, staff)
			gf, gerr := s.fill(b.policy, staff)
			if diff := cmp.Diff(wf, gf, cmpopts.EquateNaNs()); diff != "" || (werr == nil) != (gerr == nil) {
				t.Errorf("filling (-want +got):\n%s\nerrors %v, %v", diff, werr, gerr)
			}
			for _, as := range s.shown {
				if got, want := b.name(as), whole.name(as); got != want {
					t.Fatalf("name of %s: %q, want %q", as.ID, got, want)
				}
			}
			if got, want := len(b.sampled()), len(whole.sampled()); got != want {
				t.Errorf("%d accounts sampled for the warnings, want %d", got, want)
			}
		})
	}
}

// TestStreamFindsAccount: the account explain asks for is kept, with its
// record, at its place in the ranking Rank gives, whichever worker read it.
func TestStreamFindsAccount(t *testing.T) {
	path := writeBook(t, 5_000, 2)
	e := &env{stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard}
	in := inputs{in: path}
	whole, err := in.load(e)
	if err != nil {
		t.Fatal(err)
	}
	ranked, medians, err := whole.rank(3, 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, place := range []int{0, 1, 2_500, len(ranked) - 1} {
		want := ranked[place]
		_, s, err := in.stream(e, 1, 3, want.ID)
		if err != nil {
			t.Fatal(err)
		}
		if s.wanted == nil {
			t.Fatalf("%s not found", want.ID)
		}
		got := s.wanted.as
		got.Reasons, want.Reasons = nil, nil // the place and the explanation matter here
		if diff := cmp.Diff(want, got, cmp.Transformer("failure", func(f score.Failure) string { return f.Err.Error() })); diff != "" || s.place != place {
			t.Errorf("%s: place %d, want %d; assessment (-want +got):\n%s", want.ID, s.place, place, diff)
		}
		if diff := cmp.Diff(whole.records[want.Index], s.wanted.rec, cmpopts.EquateNaNs()); diff != "" {
			t.Errorf("%s: record (-want +got):\n%s", want.ID, diff)
		}
		if diff := cmp.Diff(medians, s.medians); diff != "" {
			t.Errorf("medians (-want +got):\n%s", diff)
		}
	}
	if _, s, err := in.stream(e, 1, 3, "nobody"); err != nil || s.wanted != nil {
		t.Errorf("an unknown ID: %v, %v", s.wanted, err)
	}
}

// TestTallyMerged: a tally gathered over several parts, in any order, is
// the tally of the whole ranking: counts summed, each reason and factor in
// the ranking's order of first appearance, with its first message.
func TestTallyMerged(t *testing.T) {
	fail := func(f string) score.Failure { return score.Failure{Factor: f, Err: fmt.Errorf("%s broke", f)} }
	ranked := []prioritize.Assessment{ // in rank order
		{ID: "a", Index: 5, Rated: true, Priority: 90, Tier: tier.Ref{Rank: 1}, Failed: []score.Failure{fail("y"), fail("x")}},
		{ID: "b", Index: 1, Rated: true, Priority: 80, Tier: tier.Ref{Rank: 2}, Failed: []score.Failure{fail("x")}},
		{ID: "c", Index: 0, Rated: true, Priority: 80, Tier: tier.Ref{Rank: 2}, Failed: []score.Failure{fail("z")}},
		{ID: "d", Index: 3, Unrated: "no data", Failed: []score.Failure{fail("z")}},
		{ID: "e", Index: 2, Unrated: "nil"},
		{ID: "f", Index: 4, Unrated: "no data"},
	}
	// By hand: rated 3 (tier 1: 1, tier 2: 2); unrated "no data" first
	// (d), 2, then "nil" (e), 1; failed y (a's first), x (a's second, 2
	// accounts), z (c, 2 accounts).
	want := tally{n: 6, rated: 3, tiers: map[int]int{1: 1, 2: 2},
		unrated: []counted{{key: "no data", n: 2}, {key: "nil", n: 1}},
		failed:  []counted{{key: "y", first: "y broke", n: 1}, {key: "x", first: "x broke", n: 2}, {key: "z", first: "z broke", n: 2}}}
	strip := cmp.Transformer("key", func(c counted) string { return fmt.Sprintf("%s (%d): %s", c.key, c.n, c.first) })
	for _, order := range [][]int{{0, 1, 2, 3, 4, 5}, {5, 4, 3, 2, 1, 0}, {3, 0, 5, 1, 4, 2}} {
		var parts [3]tallier
		for k, i := range order {
			parts[k%3].add(&ranked[i])
		}
		parts[1].merge(&parts[2])
		parts[0].merge(&parts[1])
		if diff := cmp.Diff(want, parts[0].tally(), cmp.AllowUnexported(tally{}), strip); diff != "" {
			t.Errorf("order %v (-want +got):\n%s", order, diff)
		}
	}
	if diff := cmp.Diff(want, tallyOf(ranked), cmp.AllowUnexported(tally{}), strip); diff != "" {
		t.Errorf("tallyOf (-want +got):\n%s", diff)
	}
}
