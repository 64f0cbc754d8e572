package engine_test

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prioritize-dev/prioritize/internal/engine"
	"pgregory.net/rapid"
)

// The differential property over maps: accounts a platform keeps as
// map[string]any (custom attributes) and the records a policy document
// reads, whose rules run as closures since issue 25. A value may be
// absent, nil, a float64 (as records hold numbers), an int, a string
// where a number is expected, or any other kind: the closures take the
// float64 and string cases in place and hand the others to the VM's own
// functions, so they must agree with the VM on every one.

// drawMap draws a map account with the keys of diffAcct.
func drawMap(t *rapid.T) map[string]any {
	m := map[string]any{}
	value := func(key string, typical ...any) {
		switch rapid.IntRange(0, 9).Draw(t, key+" form") {
		case 0: // absent
		case 1:
			m[key] = nil
		case 2: // a value of another kind
			m[key] = rapid.SampledFrom([]any{"12", true, int64(7), float32(2.5), int32(-1), uint8(200), []any{1.0}}).Draw(t, key+" odd")
		default:
			m[key] = rapid.SampledFrom(typical).Draw(t, key)
		}
	}
	nums := make([]any, 0, len(diffValues)+3)
	for _, v := range diffValues {
		nums = append(nums, v)
	}
	nums = append(nums, 3, -2, math.MaxInt64) // ints, as a platform's map may hold
	for _, k := range []string{"mrr", "growth", "seats", "limit", "cents", "users", "level", "share", "nps", "tickets"} {
		value(k, nums...)
	}
	value("plan", "", "pro", "Renewal", "renewal", " growth ")
	value("tier", "", "pro", "renewal")
	value("champion", true, false)
	value("sponsor", true, false)
	value("renewal", time.Time{}, diffNow.AddDate(0, 2, 0), diffNow.AddDate(-1, 0, 0))
	value("as_of", time.Time{}, diffNow)
	value("team", map[string]any{"score": 5.0, "active": true, "name": "Team"}, map[string]any{})
	value("owner", map[string]any{"score": 1.0, "active": false, "name": "Owner"})
	return m
}

// mapOpts declares the keys the grammar reads, as a document's fields do
// (engine.Options.Fields): a rule that names another is refused.
var mapOpts = engine.Options{Clock: diffOpts.Clock, Fields: []string{"mrr", "growth", "seats", "limit", "cents", "users",
	"level", "share", "nps", "tickets", "plan", "tier", "champion", "sponsor", "renewal", "as_of", "team", "owner"}}

// TestClosuresMatchVMOverMaps is TestClosuresMatchVM over map accounts.
func TestClosuresMatchVMOverMaps(t *testing.T) {
	const rulesPerCheck, accountsPerRule = 6, 10
	var cases, closures, fallbacks, refused atomic.Int64
	fell := map[string]int{}
	rapid.Check(t, func(t *rapid.T) {
		for range rulesPerCheck {
			src := drawRule(t)
			r := compileDiffOpts[map[string]any](src, mapOpts)
			if !r.compiled {
				refused.Add(1)
				continue
			}
			if !r.closure {
				fallbacks.Add(1)
				fell[r.why]++
				continue
			}
			closures.Add(1)
			for range accountsPerRule {
				m := drawMap(t)
				if rapid.IntRange(0, 19).Draw(t, "nil map") == 0 {
					m = nil
				}
				if d := r.check(m); d != "" {
					t.Fatalf("over a map: %s\naccount %#v", d, m)
				}
				cases.Add(1)
			}
		}
	})
	t.Logf("%d rules as closures, %d on the VM, %d refused by the compiler; %d evaluations compared", closures.Load(), fallbacks.Load(), refused.Load(), cases.Load())
	for why, n := range fell {
		t.Logf("fell back %d times: %s", n, why)
	}
	if closures.Load() < 2*fallbacks.Load() {
		t.Errorf("%d rules as closures and %d on the VM: most rules over maps should run as closures", closures.Load(), fallbacks.Load())
	}
	if !testing.Short() && cases.Load() < 50_000 {
		t.Errorf("compared %d evaluations, want at least 50,000 (run with -rapid.checks=100 or more)", cases.Load())
	}
}

// mapEnv holds two map accounts, as a trigger's environment holds the
// states before and after a change of a record.
type mapEnv struct {
	Prev map[string]any `expr:"prev"`
	Cur  map[string]any `expr:"cur"`
}

// inEnv rewrites the grammar's names of fields as reads of cur or prev.
var inEnv = regexp.MustCompile(`(^|[^."\w])(mrr|growth|seats|limit|cents|users|level|share|nps|tickets|plan|tier|champion|sponsor|renewal|as_of|team|owner)\b`)

// TestClosuresMatchVMOverMapEnvs is the property over maps read through
// a struct, as trigger conditions read prev and cur.
func TestClosuresMatchVMOverMapEnvs(t *testing.T) {
	var cases, closures atomic.Int64
	rapid.Check(t, func(t *rapid.T) {
		g := &gen{t: t}
		src := g.cond()
		if rapid.Bool().Draw(t, "number") {
			src = g.num()
		}
		which := rapid.SampledFrom([]string{"cur.", "prev."}).Draw(t, "side")
		src = inEnv.ReplaceAllStringFunc(src, func(m string) string {
			i := strings.IndexFunc(m, func(r rune) bool { return r >= 'a' && r <= 'z' || r == '_' })
			return m[:i] + which + m[i:]
		})
		r := compileDiffOpts[mapEnv](src, engine.Options{Clock: diffOpts.Clock})
		if !r.compiled || !r.closure {
			return
		}
		closures.Add(1)
		for range 5 {
			if d := r.check(mapEnv{Prev: drawMap(t), Cur: drawMap(t)}); d != "" {
				t.Fatalf("over an environment of maps: %s", d)
			}
			cases.Add(1)
		}
	})
	t.Logf("%d rules as closures, %d evaluations compared", closures.Load(), cases.Load())
	if closures.Load() == 0 {
		t.Error("no rule over an environment of maps ran as closures")
	}
}

// FuzzClosuresOverMaps is FuzzClosures over a map account, whose values
// the fuzzer chooses the kinds of: a float64, an int, a string or none.
func FuzzClosuresOverMaps(f *testing.F) {
	for _, s := range []string{"mrr", "nps ?? seats", "seats / limit", "-seats % 3", `plan + tier`,
		"clamp(mrr, 0, 100)", "has(nps) ? mrr : seats", "turned_on(champion, sponsor)",
		"days_until(renewal)", "mrr * 2 > seats", "plan == 'pro' || champion", "tickets == nil"} {
		f.Add(s, 1.5, int64(7), uint8(0))
	}
	f.Fuzz(func(t *testing.T, src string, x float64, n int64, kinds uint8) {
		r := compileDiffOpts[map[string]any](src, mapOpts)
		if !r.closure {
			return
		}
		m := map[string]any{"plan": strconv.FormatFloat(x, 'g', -1, 64), "tier": "pro", "champion": kinds&1 == 0,
			"renewal": diffNow.Add(time.Duration(n))}
		for i, k := range []string{"mrr", "growth", "seats", "limit", "nps", "tickets"} {
			switch (kinds >> (i % 4)) & 3 {
			case 0:
				m[k] = x
			case 1:
				m[k] = int(n)
			case 2:
				m[k] = strconv.FormatInt(n, 10)
			}
		}
		if d := r.check(m); d != "" {
			t.Fatal(d)
		}
	})
}

// TestClosuresMatchVMOverMapsFound: the differences the properties above
// found while the closures learned maps, each kept as a case (issue 25).
func TestClosuresMatchVMOverMapsFound(t *testing.T) {
	for _, tc := range []struct {
		src string
		m   map[string]any
	}{
		// false || nil is nil on the VM, which && then refuses at its own
		// place: the closures refused it at ||.
		{"((champion || sponsor) && !!champion) ? plan : plan", map[string]any{"champion": false, "sponsor": nil, "plan": "x"}},
		// A condition whose value is a string: the VM's cast to bool fails
		// at the rule's start; the closures said it without a place.
		{"(sponsor || false)", map[string]any{"sponsor": "12"}},
		{"champion && (sponsor || false)", map[string]any{"champion": true, "sponsor": "12"}},
		// A bool assertion that fails names the value's type.
		{"sponsor || champion", map[string]any{"sponsor": "12", "champion": true}},
		// Arithmetic over a missing key, over an int, over a string.
		{"mrr * 2 > 10", map[string]any{}},
		{"mrr * 2 > 10", map[string]any{"mrr": 7}},
		{"mrr * 2 > 10", map[string]any{"mrr": "7"}},
		{"-mrr", map[string]any{"mrr": nil}},
		{"days_between(as_of, renewal)", map[string]any{"as_of": diffNow, "renewal": "2027-01-01"}},
		{"(mrr ?? growth) + 1", map[string]any{"growth": 2.5}},
	} {
		r := compileDiffOpts[map[string]any](tc.src, mapOpts)
		if !r.compiled || !r.closure {
			t.Errorf("%s: compiled %v, as closures %v (%s)", tc.src, r.compiled, r.closure, r.why)
			continue
		}
		if d := r.check(tc.m); d != "" {
			t.Errorf("%s over %v", d, tc.m)
		}
	}
}
