package engine_test

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prioritize-dev/prioritize/internal/engine"
	"pgregory.net/rapid"
)

// The differential tests: a rule compiled to closures and the same rule on
// the expr VM, the reference, give the same number, the same missing value
// and the same class of error, on every account.

type diffOwner struct {
	Score  float64 `expr:"score"`
	Active bool    `expr:"active"`
	Name   string  `expr:"name"`
}

type diffTier string

// diffAcct has every kind of field a platform's account has.
type diffAcct struct {
	MRR      float64    `expr:"mrr"`
	Growth   float64    `expr:"growth"`
	Seats    int        `expr:"seats"`
	Limit    int        `expr:"limit"`
	Cents    int64      `expr:"cents"`
	Users    int32      `expr:"users"`
	Level    uint8      `expr:"level"`
	Share    float32    `expr:"share"`
	NPS      *float64   `expr:"nps"`
	Tickets  *int32     `expr:"tickets"`
	Plan     string     `expr:"plan"`
	Tier     diffTier   `expr:"tier"`
	Champion bool       `expr:"champion"`
	Sponsor  bool       `expr:"sponsor"`
	Renewal  time.Time  `expr:"renewal"`
	AsOf     time.Time  `expr:"as_of"`
	Team     diffOwner  `expr:"team"`
	Owner    *diffOwner `expr:"owner"`
}

var diffNow = time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)

var diffOpts = engine.Options{Clock: func() time.Time { return diffNow }}

// diffOutcome is what one evaluation gave, for comparison.
type diffOutcome struct {
	Num     float64
	OK      bool
	Bool    bool
	Text    string
	ErrKind string
}

func errKind(err error) string {
	switch {
	case err == nil:
		return ""
	case errors.Is(err, engine.ErrLimit):
		return "limit"
	case errors.Is(err, engine.ErrEval):
		var e *engine.Error
		if errors.As(err, &e) { // the same class of error, at the same place
			return fmt.Sprintf("eval at %d:%d", e.Line, e.Column)
		}
		return "eval"
	case errors.Is(err, engine.ErrEnv):
		return "env"
	}
	return "other: " + err.Error()
}

// same reports whether two outcomes agree: numbers bit for bit (every NaN
// is missing before it gets here).
func same(a, b diffOutcome) bool {
	return a.OK == b.OK && a.Bool == b.Bool && a.Text == b.Text && a.ErrKind == b.ErrKind &&
		(a.Num == b.Num || math.IsNaN(a.Num) && math.IsNaN(b.Num))
}

// diffRule is a rule compiled three ways: as a number, a condition or a
// text, whichever compiles, each with its VM twin.
type diffRule[A any] struct {
	src                string
	num, numVM         *engine.Number[A]
	cond, condVM       *engine.Condition[A]
	text, textVM       *engine.Text[A]
	closure            bool
	why                string
	compiled, fellBack bool
}

func compileDiff[A any](src string) diffRule[A] { return compileDiffOpts[A](src, diffOpts) }

func compileDiffOpts[A any](src string, diffOpts engine.Options) diffRule[A] {
	r := diffRule[A]{src: src}
	if n, err := engine.CompileNumber[A]("d", src, diffOpts); err == nil {
		r.num, r.numVM, r.compiled = n, engine.NumberOnVM(n), true
		r.closure, r.why = n.Closure()
	}
	if c, err := engine.CompileCondition[A]("d", src, diffOpts); err == nil {
		r.cond, r.condVM, r.compiled = c, engine.ConditionOnVM(c), true
		r.closure, r.why = c.Closure()
	}
	if x, err := engine.CompileText[A]("d", src, diffOpts); err == nil {
		r.text, r.textVM, r.compiled = x, engine.TextOnVM(x), true
		r.closure, r.why = x.Closure()
	}
	return r
}

// check evaluates the rule both ways over a and returns a description of
// the difference, or "".
func (r diffRule[A]) check(a A) string {
	var got, want diffOutcome
	if r.num != nil {
		v, ok, err := r.num.Eval(a, diffNow)
		got = diffOutcome{Num: v, OK: ok, ErrKind: errKind(err)}
		v, ok, err = r.numVM.Eval(a, diffNow)
		want = diffOutcome{Num: v, OK: ok, ErrKind: errKind(err)}
	}
	if r.cond != nil {
		b, err := r.cond.Eval(a, diffNow)
		got = diffOutcome{Bool: b, ErrKind: errKind(err)}
		b, err = r.condVM.Eval(a, diffNow)
		want = diffOutcome{Bool: b, ErrKind: errKind(err)}
	}
	if r.text != nil {
		s, ok, err := r.text.Eval(a, diffNow)
		got = diffOutcome{Text: s, OK: ok, ErrKind: errKind(err)}
		s, ok, err = r.textVM.Eval(a, diffNow)
		want = diffOutcome{Text: s, OK: ok, ErrKind: errKind(err)}
	}
	if !same(got, want) {
		return fmt.Sprintf("%s: closures %+v, VM %+v", r.src, got, want)
	}
	return ""
}

// gen draws rules from a grammar of the closures' language over diffAcct.
type gen struct {
	t     *rapid.T
	depth int
}

func (g *gen) pick(label string, xs ...string) string {
	return xs[rapid.IntRange(0, len(xs)-1).Draw(g.t, label)]
}

func (g *gen) deeper(f func() string) string {
	g.depth++
	defer func() { g.depth-- }()
	return f()
}

func (g *gen) leaf() bool { return g.depth >= 4 || rapid.IntRange(0, 2).Draw(g.t, "leaf") == 0 }

var diffNumbers = []string{"mrr", "growth", "seats", "limit", "cents", "users", "level", "share", "nps", "tickets",
	"team.score", "owner.score", "0", "1", "2", "7", "-3", "0.5", "100", "1e308", "9007199254740993", "9223372036854775807"}

func (g *gen) num() string {
	if g.leaf() {
		return g.pick("num", diffNumbers...)
	}
	return g.deeper(func() string {
		switch rapid.IntRange(0, 11).Draw(g.t, "numForm") {
		case 0:
			return "(" + g.num() + " " + g.pick("arith", "+", "-", "*", "/", "%", "**") + " " + g.num() + ")"
		case 1:
			return "-" + g.num()
		case 2:
			return "(" + g.cond() + " ? " + g.num() + " : " + g.num() + ")"
		case 3:
			return "(" + g.num() + " ?? " + g.num() + ")"
		case 4:
			return g.pick("f3", "clamp", "scale") + "(" + g.num() + ", " + g.num() + ", " + g.num() + ")"
		case 5:
			return g.pick("f2", "ratio", "pct_change", "min", "max", "mean", "median") + "(" + g.num() + ", " + g.num() + ")"
		case 6:
			return g.pick("f1", "abs", "float", "round", "floor", "ceil", "min", "max", "int") + "(" + g.num() + ")"
		case 7:
			return g.pick("days", "days_between", "days_since", "days_until") + "(" + g.timeArgs() + ")"
		case 8:
			return "len(" + g.str() + ")"
		case 9:
			return "(" + g.num() + " / " + g.pick("const", "2", "0.25", "-4") + ")"
		case 10:
			return "(" + g.num() + " % " + g.pick("const", "2", "7", "-3") + ")"
		}
		return "(" + g.num() + ")"
	})
}

func (g *gen) timeArgs() string {
	t := func() string { return g.pick("time", "renewal", "as_of", "now") }
	return t() + ", " + t()
}

func (g *gen) str() string {
	if g.leaf() {
		return g.pick("str", "plan", "tier", "team.name", "owner.name", `"pro"`, `"renewal"`, `""`)
	}
	return g.deeper(func() string {
		switch rapid.IntRange(0, 2).Draw(g.t, "strForm") {
		case 0:
			return "(" + g.cond() + " ? " + g.str() + " : " + g.str() + ")"
		case 1:
			return g.pick("strf", "lower", "upper", "trim") + "(" + g.str() + ")"
		}
		return "(" + g.str() + " + " + g.str() + ")"
	})
}

func (g *gen) cond() string {
	if g.leaf() {
		return g.pick("bool", "champion", "sponsor", "team.active", "owner.active", "true", "false")
	}
	return g.deeper(func() string {
		switch rapid.IntRange(0, 12).Draw(g.t, "condForm") {
		case 0:
			return "(" + g.num() + " " + g.pick("cmp", "==", "!=", "<", ">", "<=", ">=") + " " + g.num() + ")"
		case 1:
			return "(" + g.str() + " " + g.pick("scmp", "==", "!=", "<", ">=", "contains", "startsWith", "endsWith") + " " + g.str() + ")"
		case 2:
			return "(" + g.cond() + " " + g.pick("logic", "&&", "||", "and", "or") + " " + g.cond() + ")"
		case 3:
			return "!" + g.cond()
		case 4:
			return g.str() + " " + g.pick("in", "in", "not in") + ` ["pro", "renewal", "growth"]`
		case 5:
			return g.num() + " " + g.pick("in", "in", "not in") + " [0, 1, 7, 2.5]"
		case 6:
			return g.pick("c3", "between", "declined", "rose", "crossed_above", "crossed_below") + "(" + g.num() + ", " + g.num() + ", " + g.num() + ")"
		case 7:
			return g.pick("c2", "increased", "decreased") + "(" + g.num() + ", " + g.num() + ")"
		case 8:
			v := g.pick("flag", "champion", "sponsor", "mrr", "plan", "seats", "nps")
			return g.pick("turn", "turned_on", "turned_off") + "(" + v + ", " + g.pick("flag2", "champion", "sponsor", "mrr", "plan", "seats", "nps") + ")"
		case 9:
			return "has(" + g.pick("has", "nps", "tickets", "owner", "mrr", "plan") + ")"
		case 10:
			return "(" + g.pick("t1", "renewal", "as_of", "now") + " " + g.pick("tcmp", "<", ">", "==", "<=") + " " + g.pick("t2", "renewal", "as_of", "now") + ")"
		case 11:
			return "(" + g.pick("nil", "nps", "tickets", "owner") + " " + g.pick("neq", "==", "!=") + " nil)"
		}
		return "(" + g.cond() + ")"
	})
}

// diffValues are the numbers accounts hold: the edges of every kind.
var diffValues = []float64{0, 1, -1, 0.5, 7, 2.5, 100, -3, 1e308, math.Inf(1), math.Inf(-1), math.NaN(), 9007199254740993, math.MaxInt64}

func drawAccount(t *rapid.T) *diffAcct {
	v := func(label string) float64 { return rapid.SampledFrom(diffValues).Draw(t, label) }
	i := func(label string) int64 {
		return rapid.SampledFrom([]int64{0, 1, -1, 7, 100, math.MaxInt64, math.MinInt64, 1 << 53}).Draw(t, label)
	}
	a := &diffAcct{
		MRR: v("mrr"), Growth: v("growth"), Seats: int(i("seats")), Limit: int(i("limit")), Cents: i("cents"),
		Users:    int32(rapid.SampledFrom([]int64{0, 7, -1, math.MaxInt32}).Draw(t, "users")),
		Level:    uint8(rapid.IntRange(0, 255).Draw(t, "level")),
		Share:    float32(v("share")),
		Plan:     rapid.SampledFrom([]string{"", "pro", "Renewal", "renewal", " growth "}).Draw(t, "plan"),
		Tier:     diffTier(rapid.SampledFrom([]string{"", "pro", "renewal"}).Draw(t, "tier")),
		Champion: rapid.Bool().Draw(t, "champion"), Sponsor: rapid.Bool().Draw(t, "sponsor"),
		Renewal: rapid.SampledFrom([]time.Time{{}, diffNow.AddDate(0, 2, 0), diffNow.AddDate(-1, 0, 0)}).Draw(t, "renewal"),
		AsOf:    rapid.SampledFrom([]time.Time{{}, diffNow}).Draw(t, "as_of"),
		Team:    diffOwner{Score: v("team.score"), Active: rapid.Bool().Draw(t, "team.active"), Name: "Team"},
	}
	if rapid.Bool().Draw(t, "has nps") {
		x := v("nps")
		a.NPS = &x
	}
	if rapid.Bool().Draw(t, "has tickets") {
		x := int32(i("tickets"))
		a.Tickets = &x
	}
	if rapid.Bool().Draw(t, "has owner") {
		a.Owner = &diffOwner{Score: v("owner.score"), Active: rapid.Bool().Draw(t, "owner.active"), Name: "Owner"}
	}
	return a
}

// drawRule draws a rule of the grammar: a number, a condition or a text.
func drawRule(t *rapid.T) string {
	g := &gen{t: t}
	switch rapid.IntRange(0, 2).Draw(t, "kind") {
	case 0:
		return g.num()
	case 1:
		return g.cond()
	}
	return g.str()
}

// TestClosuresMatchVM is the differential property: rules drawn from the
// grammar of the closures' language, each over accounts drawn with every
// edge of every kind (NaN, infinities, the largest integers, nil
// pointers), as a struct and through a pointer. It checks at least 100,000
// evaluations in one run.
func TestClosuresMatchVM(t *testing.T) {
	const rulesPerCheck, accountsPerRule = 6, 10
	var cases, closures, fallbacks, refused atomic.Int64
	fell := map[string]int{}
	rapid.Check(t, func(t *rapid.T) {
		for range rulesPerCheck {
			src := drawRule(t)
			byValue, byPointer := compileDiff[diffAcct](src), compileDiff[*diffAcct](src)
			if !byValue.compiled {
				refused.Add(1)
				continue
			}
			if !byValue.closure || !byPointer.closure {
				fallbacks.Add(1)
				fell[byValue.why+byPointer.why]++
				continue
			}
			closures.Add(1)
			for range accountsPerRule {
				a := drawAccount(t)
				if d := byValue.check(*a); d != "" {
					t.Fatalf("over a struct: %s\naccount %+v", d, *a)
				}
				if rapid.IntRange(0, 9).Draw(t, "nil account") == 0 {
					a = nil
				}
				if d := byPointer.check(a); d != "" {
					t.Fatalf("over a pointer: %s\naccount %+v", d, a)
				}
				cases.Add(2)
			}
		}
	})
	t.Logf("%d rules as closures, %d on the VM, %d refused by the compiler; %d evaluations compared", closures.Load(), fallbacks.Load(), refused.Load(), cases.Load())
	for why, n := range fell {
		t.Logf("fell back %d times: %s", n, why)
	}
	if !testing.Short() && cases.Load() < 100_000 {
		t.Errorf("compared %d evaluations, want at least 100,000 (run with -rapid.checks=100 or more)", cases.Load())
	}
}

// TestClosureFallback lists the constructs that run on the expr VM, and
// those that do not: a change of this list is a change of speed, never of
// results.
func TestClosureFallback(t *testing.T) {
	for _, c := range []struct {
		src string
		why string // "" when the rule runs as closures
	}{
		{"mrr", ""},
		{"0.40*mrr/100 + 0.15*seats + 0.2*cents", ""},
		{"nps ?? 5", ""},
		{"days_between(as_of, renewal)", ""},
		{"owner.score * 2", ""},
		{`plan in ["pro", "growth"] ? 1 : 0`, ""},
		{"clamp(mrr, 0, 100) + scale(growth, -50, 50) + ratio(seats, limit)", ""},
		{"mrr > 0 ? mrr : max(12 * mrr, 0)", ""},
		{`lower(plan) == "pro" ? 1 : 0`, ""},
		{"has(nps) ? 1 : 0", ""},
		{"-seats % 3 + float(users) + abs(growth)", ""},
		{`len(plan + "x")`, ""}, // a metered function (__add), called as the VM calls it
		{"sum([mrr, growth])", "an array the rule builds"},
		{"let x = mrr; x * 2", "let"},
		{"len(filter([mrr, growth], # > 0))", "the builtin filter (a loop)"},
		{"count(1..10, # > mrr)", "the builtin count (a loop)"},
		{"owner?.score ?? 0", "optional chaining (?.)"},
		{`plan matches "^p" ? 1 : 0`, "the operator matches"},
		{"[mrr, growth][0]", "a member of a value that is not a field"},
		{`{"a": mrr}.a`, "a member of a value that is not a field"},
	} {
		t.Run(c.src, func(t *testing.T) {
			n, err := engine.CompileNumber[diffAcct]("r", c.src, diffOpts)
			if err != nil {
				t.Fatal(err)
			}
			ok, why := n.Closure()
			if ok != (c.why == "") || why != c.why {
				t.Errorf("Closure() = %v, %q; want %v, %q", ok, why, c.why == "", c.why)
			}
		})
	}
}

// FuzzClosures compares the closures with the VM on any rule source and
// an account built from the fuzzer's numbers.
func FuzzClosures(f *testing.F) {
	for _, s := range []string{"mrr", "nps ?? seats", "seats / limit", "-seats % 3", `plan + tier`,
		"clamp(mrr, 0, 100)", "owner.score > 1 ? mrr : seats", "turned_on(champion, sponsor)",
		"days_until(renewal)", "cents * users", "level ** share", "tickets == nil"} {
		f.Add(s, 1.5, int64(7), false)
	}
	f.Fuzz(func(t *testing.T, src string, x float64, n int64, flag bool) {
		r := compileDiff[*diffAcct](src)
		if !r.closure {
			return
		}
		users := int32(n)
		a := &diffAcct{MRR: x, Growth: -x, Seats: int(n), Limit: int(n >> 3), Cents: n, Users: users, Level: uint8(n),
			Share: float32(x), Plan: strconv.FormatFloat(x, 'g', -1, 64), Tier: "pro", Champion: flag, Sponsor: !flag,
			Renewal: diffNow.Add(time.Duration(n)), Team: diffOwner{Score: x}}
		if flag {
			a.NPS, a.Tickets, a.Owner = &x, &users, &diffOwner{Score: -x, Active: true}
		}
		if d := r.check(a); d != "" {
			t.Fatal(d)
		}
	})
}
