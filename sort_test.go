package prioritize_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/prioritize-dev/prioritize"
)

// TestSortIsCompareStable: the ranking's in-place sort (16-byte keys, a
// pivot split over goroutines, then the moves along the permutation's
// cycles) gives what a stable sort by Compare gives, for any number of
// workers, on books full of ties: few priorities, few IDs, unrated
// accounts. Sizes reach past the split's threshold (4 x 1024 keys a side)
// so that the parallel path runs.
func TestSortIsCompareStable(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.OneOf(rapid.IntRange(0, 50), rapid.IntRange(0, 50), rapid.IntRange(0, 50), rapid.IntRange(8200, 17000)).Draw(t, "n")
		priorities := rapid.SliceOfN(rapid.Float64Range(0, 100), 1, 4).Draw(t, "priorities")
		ids := rapid.SliceOfN(rapid.StringMatching(`[a-c]{0,2}`), 1, 5).Draw(t, "ids")
		seed := rapid.Uint64().Draw(t, "seed")
		workers := rapid.IntRange(1, 5).Draw(t, "workers")
		as := make([]prioritize.Assessment, n)
		for i := range as {
			// A cheap deterministic stream from the seed: draws per element
			// would make a 20,000-account book slow to shrink.
			seed = seed*6364136223846793005 + 1442695040888963407
			r := seed >> 33
			as[i] = prioritize.Assessment{ID: ids[r%uint64(len(ids))], Index: i, Rated: r%7 != 0,
				Priority: priorities[(r/7)%uint64(len(priorities))]}
			if !as[i].Rated {
				as[i].Priority = 0
			}
		}
		want := slices.Clone(as)
		slices.SortStableFunc(want, prioritize.Compare)
		prioritize.SortAssessments(as, workers)
		if slices.EqualFunc(want, as, func(a, b prioritize.Assessment) bool { return a.Index == b.Index }) {
			return
		}
		if diff := cmp.Diff(want, as); diff != "" {
			t.Fatalf("n %d, workers %d (-stable sort +got):\n%s", n, workers, diff)
		}
	})
}

// TestRadixSort: keys filled in the order of their low bits (an index
// below 2^shift), sorted by their high bits, end as slices.Sort sorts
// them, for any shift and any high bits, few distinct or many.
func TestRadixSort(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		shift := uint(rapid.IntRange(0, 40).Draw(t, "shift"))
		n := rapid.IntRange(0, min(3000, 1<<shift)).Draw(t, "n")
		highs := rapid.SliceOfN(rapid.Uint64(), 1, 6).Draw(t, "highs")
		keys := make([]uint64, n)
		for i := range keys {
			h := highs[rapid.IntRange(0, len(highs)-1).Draw(t, "which")]
			if shift > 0 {
				h = h >> shift << shift
			}
			keys[i] = h | uint64(i)
		}
		want := slices.Clone(keys)
		slices.Sort(want)
		prioritize.RadixSort(keys, make([]uint64, n), shift)
		if !slices.Equal(want, keys) {
			t.Fatalf("radix sort of %d keys, shift %d:\n%x\nwant\n%x", n, shift, keys, want)
		}
	})
}

// TestRankRefusesOptions: options Rank cannot honour are an error, each
// said (issue 23: Workers -3 was accepted).
func TestRankRefusesOptions(t *testing.T) {
	p := prioritize.Default()
	for _, opts := range []prioritize.RankOptions{{Workers: -3}, {Reasons: -1}, {Duplicates: 7}} {
		if _, err := p.Rank(context.Background(), []*prioritize.Account{delta()}, opts); !errors.Is(err, prioritize.ErrOptions) {
			t.Errorf("%+v: err = %v, want ErrOptions", opts, err)
		}
	}
}
