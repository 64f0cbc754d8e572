package trigger_test

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"testing"
	"time"

	"github.com/prioritize-dev/prioritize/trigger"
	"pgregory.net/rapid"
)

// dated is an account whose fields reach the edges: dates JSON cannot
// carry (past year 9999, before year 0) and numbers that are not finite.
type dated struct {
	Renewal time.Time `expr:"renewal"`
	Usage   float64   `expr:"usage"`
	Seats   *int64    `expr:"seats"`
}

var edgeTimes = []time.Time{
	{}, time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC), time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC),
	time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC), time.Unix(1<<62, 0), time.Unix(-1<<62, 0), t0,
}

// TestFiredMarshals: whatever dates and numbers the account holds, what
// fired marshals to JSON (issue 34: a change carrying a date past year
// 9999 did not): such a date is carried as its text.
func TestFiredMarshals(t *testing.T) {
	set, err := trigger.Compile[dated](trigger.Options{},
		trigger.Rule{Name: "renewal moved", When: "cur.renewal != prev.renewal", Effect: trigger.Intervention, Severity: 1},
		trigger.Rule{Name: "usage changed", When: "cur.usage != prev.usage || cur.seats != prev.seats", Effect: trigger.Growth, Severity: 1})
	if err != nil {
		t.Fatal(err)
	}
	rapid.Check(t, func(t *rapid.T) {
		draw := func(label string) dated {
			d := dated{Renewal: rapid.SampledFrom(edgeTimes).Draw(t, label+" renewal"),
				Usage: rapid.SampledFrom([]float64{0, 1, math.Inf(1), math.Inf(-1), math.NaN(), math.MaxFloat64}).Draw(t, label+" usage")}
			if rapid.Bool().Draw(t, label+" has seats") {
				n := rapid.SampledFrom([]int64{0, math.MaxInt64, math.MinInt64}).Draw(t, label+" seats")
				d.Seats = &n
			}
			return d
		}
		prev, cur := draw("prev"), draw("cur")
		fired, _, err := set.Check(prev, cur, t0, nil)
		if err != nil {
			return // a failing condition is reported, not fired
		}
		if _, err := json.Marshal(fired); err != nil {
			t.Fatalf("json.Marshal(%+v): %v", fired, err)
		}
	})
}

// TestCheckRefusesInstantsStoresCannotKeep: a change at a time outside
// [MinTime, MaxTime] fires nothing and says so, as the stores do.
func TestCheckRefusesInstantsStoresCannotKeep(t *testing.T) {
	set := mustSet(t, framework...)
	cur := base
	cur.Usage = 90
	for _, now := range []time.Time{time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC), time.Date(1600, 1, 1, 0, 0, 0, 0, time.UTC)} {
		fired, _, err := set.Check(base, cur, now, nil)
		if !errors.Is(err, trigger.ErrTime) || len(fired) != 0 {
			t.Errorf("at %v: fired %v, error %v; want none and ErrTime", now, names(fired), err)
		}
	}
	if fired, _, err := set.Check(base, cur, trigger.MaxTime, nil); err != nil || len(fired) != 1 {
		t.Errorf("at MaxTime: fired %v, error %v", names(fired), err)
	}
}

// TestClaimRefusesBadIDs: an ID with a NUL, a bidirectional override or
// invalid UTF-8 is refused before any store sees it, the same for every
// store (issue 34: PostgreSQL refused such IDs, MemoryStore kept them).
func TestClaimRefusesBadIDs(t *testing.T) {
	set := mustSet(t, framework...)
	cur := base
	cur.Usage = 90
	var store trigger.MemoryStore
	for _, id := range []string{"a\x00b", "invoice\u202eexe", "bad\xff"} {
		fired, _, err := set.Claim(context.Background(), &store, id, base, cur, t0)
		if !errors.Is(err, trigger.ErrBadID) || len(fired) != 0 {
			t.Errorf("%q: fired %v, error %v; want none and ErrBadID", id, names(fired), err)
		}
	}
	if store.Len() != 0 {
		t.Errorf("the store holds %d claims, want none", store.Len())
	}
	if fired, _, err := set.Claim(context.Background(), &store, "Açaí Ltd", base, cur, t0); err != nil || len(fired) != 1 {
		t.Errorf("an ordinary ID: fired %v, %v", names(fired), err)
	}
}
