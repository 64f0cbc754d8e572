package engine_test

import (
	"errors"
	"github.com/prioritize-dev/prioritize/internal/proptest"
	"math"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/expr-lang/expr/file"
	"github.com/google/go-cmp/cmp"
	"github.com/prioritize-dev/prioritize/internal/engine"
	"github.com/prioritize-dev/prioritize/score"
)

// acct is a struct account; expr tags name its fields in rules.
type acct struct {
	MRR       float64   `expr:"mrr"`
	SeatsUsed int       `expr:"seats_used"`
	SeatLimit int       `expr:"seat_limit"`
	NPS       float64   `expr:"nps"`
	Usage     float64   `expr:"usage"`
	Renewal   time.Time `expr:"renewal_date"`
	LastLogin time.Time `expr:"last_login"`
	Name      string    `expr:"name"`
	Tags      []string  `expr:"tags"`
	Sponsor   *string   `expr:"sponsor"`
}

func (a acct) Shout() string { return strings.ToUpper(a.Name) }

var (
	now    = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	nan    = math.NaN()
	inf    = math.Inf(1)
	sample = acct{MRR: 5000, SeatsUsed: 40, SeatLimit: 50, NPS: 6, Usage: 41,
		Renewal: now.AddDate(0, 0, 60), LastLogin: now.AddDate(0, 0, -3), Name: "Acme", Tags: []string{"emea"}}
)

// number compiles and evaluates a numeric rule over a.
func number(t *testing.T, src string, a acct) (float64, bool, error) {
	t.Helper()
	n, err := engine.CompileNumber[acct]("test", src, engine.Options{Clock: func() time.Time { return now }})
	if err != nil {
		t.Fatalf("compile %q: %v", src, err)
	}
	return n.Eval(a, now)
}

func TestFunctions(t *testing.T) {
	with := func(f func(*acct)) acct { a := sample; f(&a); return a }
	tests := []struct {
		name   string
		src    string
		a      acct
		want   float64
		ok     bool
		errSub string // an evaluation error containing this
	}{
		{"clamp inside", "clamp(mrr, 0, 10000)", sample, 5000, true, ""},
		{"clamp above", "clamp(mrr, 0, 100)", sample, 100, true, ""},
		{"clamp below", "clamp(-mrr, 0, 100)", sample, 0, true, ""},
		{"clamp NaN is missing", "clamp(mrr, 0, 100)", with(func(a *acct) { a.MRR = nan }), 0, false, ""},
		{"clamp +Inf is missing", "clamp(mrr, 0, 100)", with(func(a *acct) { a.MRR = inf }), 0, false, ""},
		// Bounds read from the account: checked per account (constants are
		// refused at compile time: TestDegenerateBounds).
		{"clamp lo > hi", "clamp(mrr, seat_limit, 0)", sample, 0, false, "clamp: lo is above hi"},
		{"scale middle", "scale(mrr, 0, 10000)", sample, 50, true, ""},
		{"scale descending", "scale(nps, 10, 0)", sample, 40, true, ""}, // 100 x (6-10)/(0-10)
		{"scale clamps", "scale(mrr, 0, 1000)", sample, 100, true, ""},
		{"scale negative", "scale(-mrr, 0, 1000)", sample, 0, true, ""},
		{"scale -Inf is missing", "scale(mrr, 0, 1000)", with(func(a *acct) { a.MRR = math.Inf(-1) }), 0, false, ""},
		{"scale over the whole float range", "scale(0, -1.7976931348623157e308, 1.7976931348623157e308)", sample, 50, true, ""},
		{"scale lo = hi", "scale(mrr, seat_limit, 50)", sample, 0, false, "scale: lo and hi must be finite and different"},
		{"scale NaN", "scale(mrr, 0, 1)", with(func(a *acct) { a.MRR = nan }), 0, false, ""},
		{"pct_change down", "pct_change(62, usage)", sample, (41.0 - 62) / 62 * 100, true, ""},
		{"pct_change up", "pct_change(20, 30)", sample, 50, true, ""},
		{"pct_change from negative", "pct_change(-10, -5)", sample, 50, true, ""}, // (-5 - -10)/10
		{"pct_change from 0 is missing", "pct_change(0, usage)", sample, 0, false, ""},
		{"ratio", "ratio(seats_used, seat_limit)", sample, 0.8, true, ""},
		{"ratio by 0 is missing", "ratio(seats_used, 0)", sample, 0, false, ""},
		{"ratio 0 by 0 is missing", "ratio(0, 0)", sample, 0, false, ""},
		{"ratio negative", "ratio(-3, 4)", sample, -0.75, true, ""},
		{"between", "between(nps, 0, 6) ? 1 : 0", sample, 1, true, ""},
		{"between NaN", "between(nps, 0, 6) ? 1 : 0", with(func(a *acct) { a.NPS = nan }), 0, true, ""},
		{"between +Inf", "between(nps, 0, 6) ? 1 : 0", with(func(a *acct) { a.NPS = inf }), 0, true, ""},
		{"days_until", "days_until(renewal_date)", sample, 60, true, ""},
		{"days_until past is negative", "days_until(last_login)", sample, -3, true, ""},
		{"days_since", "days_since(last_login)", sample, 3, true, ""},
		{"days_between", "days_between(last_login, renewal_date)", sample, 63, true, ""},
		{"days_between zero time", "days_between(last_login, renewal_date)", with(func(a *acct) { a.Renewal = time.Time{} }), 0, false, ""},
		{"days_since zero time is missing", "days_since(last_login)", with(func(a *acct) { a.LastLogin = time.Time{} }), 0, false, ""},
		{"has on a struct field", "has(mrr) ? 1 : 0", sample, 1, true, ""},
		{"has on a nil pointer", "has(sponsor) ? 1 : 0", sample, 0, true, ""},
		{"min, max, abs, round", "max(min(nps, 3), abs(-2)) + round(2.6)", sample, 6, true, ""},
		{"division by a zero field fails", "mrr / (nps - 6)", sample, 0, false, "division by zero"},
		{"modulo by a zero field fails", "seats_used % (seat_limit - 50)", sample, 0, false, "division by zero"},
		{"clamp of a division by zero fails", "clamp(mrr / (nps - 6), 0, 100)", sample, 0, false, "division by zero"},
		{"modulo of int fields", "seats_used % 7", sample, 5, true, ""},            // 40 = 5 x 7 + 5
		{"modulo of a negated int field", "-seats_used % 7", sample, -5, true, ""}, // -40 = -5 x 7 - 5; refused as "please report it" before
		{"int fields", "seats_used * 2", sample, 80, true, ""},
		{"the seats rule", "min(seats_used / seat_limit, 1) * 100", sample, 80, true, ""},
		// The change helpers, by hand: 62 -> 41 is down 33.9%.
		{"declined 20%", "declined(62, usage, 20) ? 1 : 0", sample, 1, true, ""},
		{"declined 40%", "declined(62, usage, 40) ? 1 : 0", sample, 0, true, ""},
		{"declined from 0", "declined(0, usage, 20) ? 1 : 0", sample, 0, true, ""},
		{"declined from NaN", "declined(nps, 1, 20) ? 1 : 0", with(func(a *acct) { a.NPS = nan }), 0, true, ""},
		{"rose 50%", "rose(20, 30, 50) ? 1 : 0", sample, 1, true, ""},
		{"rose 51%", "rose(20, 30, 51) ? 1 : 0", sample, 0, true, ""},
		{"rose from negative", "rose(-20, 30, 10) ? 1 : 0", sample, 0, true, ""},
		{"crossed_above", "crossed_above(79, 80, 80) ? 1 : 0", sample, 1, true, ""},
		{"crossed_above, already above", "crossed_above(80, 90, 80) ? 1 : 0", sample, 0, true, ""},
		{"crossed_below", "crossed_below(80, 79.9, 80) ? 1 : 0", sample, 1, true, ""},
		{"crossed_below NaN", "crossed_below(80, nps, 80) ? 1 : 0", with(func(a *acct) { a.NPS = nan }), 0, true, ""},
		{"increased", "increased(1, 2) ? 1 : 0", sample, 1, true, ""},
		{"increased, equal", "increased(2, 2) ? 1 : 0", sample, 0, true, ""},
		{"decreased", "decreased(2, 1) ? 1 : 0", sample, 1, true, ""},
		{"turned_on bools", "turned_on(false, true) ? 1 : 0", sample, 1, true, ""},
		{"turned_on, was on", "turned_on(true, true) ? 1 : 0", sample, 0, true, ""},
		{"turned_on numbers", "turned_on(0, 3) ? 1 : 0", sample, 1, true, ""},
		{"turned_on strings", "turned_on('', name) ? 1 : 0", sample, 1, true, ""},
		{"turned_on pointer", "turned_on(nil, sponsor) ? 1 : 0", sample, 0, true, ""},
		{"turned_off", "turned_off(name, '') ? 1 : 0", sample, 1, true, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok, err := number(t, tc.src, tc.a)
			if tc.errSub != "" {
				if err == nil || !strings.Contains(err.Error(), tc.errSub) || !errors.Is(err, engine.ErrEval) {
					t.Fatalf("err = %v, want an evaluation error with %q", err, tc.errSub)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if ok != tc.ok || math.Abs(got-tc.want) > 1e-9 {
				t.Errorf("%s = %v, %v; want %v, %v", tc.src, got, ok, tc.want, tc.ok)
			}
		})
	}
}

func TestTimeNeedsAClock(t *testing.T) {
	for _, src := range []string{"days_until(renewal_date)", "days_since(last_login) > 2", "now - last_login > duration('48h')"} {
		_, err := engine.CompileCondition[acct]("renewal", src, engine.Options{})
		if !errors.Is(err, engine.ErrEnv) || !strings.Contains(err.Error(), "Options.Clock") {
			t.Errorf("%s without a clock: err = %v, want ErrEnv naming Options.Clock", src, err)
		}
	}
	_, err := engine.CompileNumber[acct]("renewal", "days_until(renewal_date)", engine.Options{})
	if !strings.Contains(err.Error(), "days_between(as_of, renewal_date)") {
		t.Errorf("the error does not name the alternative: %v", err)
	}
	clock := engine.Options{Clock: func() time.Time { return now }}
	n, err := engine.CompileNumber[acct]("renewal", "days_until(renewal_date)", clock)
	if err != nil {
		t.Fatal(err)
	}
	c, err := engine.CompileCondition[acct]("soon", "days_until(renewal_date) < 90", clock)
	if err != nil {
		t.Fatal(err)
	}
	if !c.Holds(sample) {
		t.Error("Holds with a clock: renewal in 60 days is not under 90")
	}
	// Eval takes its time as an argument.
	if v, _, _ := n.Eval(sample, now.AddDate(0, 0, 30)); v != 30 {
		t.Errorf("a month later: %v days, want 30", v)
	}
	// now itself is part of the language.
	d, err := engine.CompileCondition[acct]("stale", "now - last_login > duration('48h')", clock)
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := d.Eval(sample, now); !ok || err != nil {
		t.Errorf("last login 3 days ago is not stale: %v, %v", ok, err)
	}
}

func TestMapAccounts(t *testing.T) {
	opts := engine.Options{Fields: []string{"mrr", "nps", "csat"}}
	m := map[string]any{"mrr": 5000.0, "nps": 8}
	tests := []struct {
		src    string
		want   float64
		ok     bool
		errSub string
	}{
		{"mrr / 100", 50, true, ""},
		{"nps", 8, true, ""},
		{"csat", 0, false, ""},                  // absent: nil, missing
		{"has(csat) ? csat : 50", 50, true, ""}, // the presence test
		{"has(nps) ? nps : 50", 8, true, ""},
		{"csat ?? 70", 70, true, ""},          // expr's nil coalescing
		{"csat * 2", 0, false, "<nil> * int"}, // nil in arithmetic is an error, not a silent 0
	}
	for _, tc := range tests {
		n, err := engine.CompileNumber[map[string]any]("m", tc.src, opts)
		if err != nil {
			t.Fatalf("%s: %v", tc.src, err)
		}
		got, ok, err := n.Eval(m, now)
		if tc.errSub != "" {
			if !errors.Is(err, engine.ErrEval) || !strings.Contains(err.Error(), tc.errSub) {
				t.Errorf("%s: err = %v, want %q", tc.src, err, tc.errSub)
			}
			continue
		}
		if err != nil || ok != tc.ok || got != tc.want {
			t.Errorf("%s = %v, %v, %v; want %v, %v", tc.src, got, ok, err, tc.want, tc.ok)
		}
	}
	// map[string]float64: a missing key reads 0, so has is the only way to tell.
	f := map[string]float64{"mrr": 10}
	n, err := engine.CompileNumber[map[string]float64]("f", "has(nps) ? 1 : 0", engine.Options{Fields: []string{"mrr", "nps"}})
	if err != nil {
		t.Fatal(err)
	}
	if v, _, _ := n.Eval(f, now); v != 0 {
		t.Errorf("has(nps) on a map without it: %v", v)
	}
	if _, err := engine.CompileNumber[map[string]any]("x", "mrr", engine.Options{}); !errors.Is(err, engine.ErrEnv) {
		t.Errorf("a map account without Fields: %v, want ErrEnv", err)
	}
}

// hostile lists sources that must be refused at compile time, each with the
// kind of error, and the line and column where one applies (0 otherwise).
var hostile = []struct {
	src       string
	kind      error
	line, col int
	msg       string // a part of the message
}{
	{"", engine.ErrSyntax, 0, 0, "empty rule"},
	{"   ", engine.ErrSyntax, 0, 0, "empty rule"},
	{"1 +", engine.ErrSyntax, 1, 3, "unexpected token EOF"},
	{"(mrr", engine.ErrSyntax, 1, 4, ""},
	{"mrr )", engine.ErrSyntax, 1, 5, ""},
	{"mrr * * 2", engine.ErrSyntax, 1, 7, ""},
	{"'unterminated", engine.ErrSyntax, 1, 14, "literal not terminated"},
	{"mrr @ 2", engine.ErrSyntax, 1, 5, ""},
	{"mrrr * 2", engine.ErrUnknownName, 1, 1, `"mrrr" (did you mean "mrr"?)`},
	{"mrr +\n  npss", engine.ErrUnknownName, 2, 3, `"npss" (did you mean "nps"?)`},
	{"seat_limt", engine.ErrUnknownName, 1, 1, `did you mean "seat_limit"?`},
	{"clmap(mrr, 0, 1)", engine.ErrUnknownName, 1, 1, `did you mean "clamp"?`},
	{"xyzzy", engine.ErrUnknownName, 1, 1, `"xyzzy"`},
	{"clamp(mrrr, 0, 1)", engine.ErrUnknownName, 1, 7, `did you mean "mrr"?`}, // expr's checker misses names inside typed calls
	{"between(npz, 1, 2) ? 1 : 0", engine.ErrUnknownName, 1, 9, `did you mean "nps"?`},
	{"days_until(renewl_date)", engine.ErrUnknownName, 1, 12, `did you mean "renewal_date"?`},
	{"account.mrr", engine.ErrUnknownName, 1, 1, "name the account's fields directly"},
	{"name", engine.ErrResultType, 1, 1, "must produce a number, not string"},
	{"nps > 5", engine.ErrResultType, 1, 5, "must produce a number, not bool"},
	{"tags", engine.ErrResultType, 1, 1, "not []string"},
	{"renewal_date", engine.ErrResultType, 1, 1, "not time.Time"},
	{"name + 1", engine.ErrSyntax, 1, 6, "invalid operation"},
	{"mrr + 'x'", engine.ErrSyntax, 1, 5, "invalid operation"},
	{"clamp('a', 0, 1)", engine.ErrSyntax, 1, 7, ""},
	{"clamp(mrr)", engine.ErrSyntax, 1, 1, "not enough arguments"},
	{"Shout()", engine.ErrMethodCall, 1, 1, "Shout is a method"},
	{"days_until(renewal_date) + len(Shout())", engine.ErrMethodCall, 1, 32, "Shout is a method"},
	{"name.Len()", engine.ErrMethodCall, 1, 6, "calls method"},
	{"tags.String()", engine.ErrMethodCall, 1, 6, "calls method"},
	{"has(1)", engine.ErrSyntax, 1, 1, "has takes one field"},
	{"now()", engine.ErrSyntax, 1, 1, ""}, // the wall clock is not available
	{"date('2026-01-01') == renewal_date ? 1 : 0", engine.ErrUnknownName, 1, 1, ""},
	{"len(repeat('x', 1000000000))", engine.ErrUnknownName, 1, 5, ""},
	{"sum(map(1..1000000, # * 2))", engine.ErrLimit, 0, 0, "estimated cost"},
	{"count(1..100, all(1..100, all(1..100, # > 0)))", engine.ErrLimit, 0, 0, "estimated cost"},
	{"len(filter(tags, all(tags, all(tags, all(tags, # != '')))))", engine.ErrLimit, 0, 0, "estimated cost"},
	{strings.Repeat("1+", 600) + "1", engine.ErrLimit, 0, 0, ""},
	{strings.Repeat("-", 1200) + "1", engine.ErrLimit, 0, 0, ""},
	{strings.Repeat("mrr + ", 800) + "mrr", engine.ErrLimit, 0, 0, "bytes"},
	{"let mrr2 = mrr; mrr3", engine.ErrUnknownName, 1, 17, `"mrr3"`},
	{"1 / 0 > 'a'", engine.ErrSyntax, 1, 3, "the divisor is the constant 0"},
	{"$env.Shout()", engine.ErrEnv, 1, 1, "$env"},
}

func TestHostileSources(t *testing.T) {
	if len(hostile) < 30 {
		t.Fatalf("only %d hostile sources", len(hostile))
	}
	for _, tc := range hostile {
		name := tc.src
		if len(name) > 40 {
			name = name[:40]
		}
		t.Run(name, func(t *testing.T) {
			n, err := engine.CompileNumber[acct]("hostile", tc.src, engine.Options{Clock: func() time.Time { return now }})
			if err == nil {
				v, ok, evalErr := n.Eval(sample, now)
				t.Fatalf("compiled; evaluates to %v, %v, %v", v, ok, evalErr)
			}
			var re *engine.Error
			if !errors.As(err, &re) {
				t.Fatalf("%T is not *engine.Error: %v", err, err)
			}
			if !errors.Is(err, tc.kind) {
				t.Errorf("kind: %v, want %v", re.Kind, tc.kind)
			}
			if tc.line != 0 && (re.Line != tc.line || re.Column != tc.col) {
				t.Errorf("at %d:%d, want %d:%d\n%v", re.Line, re.Column, tc.line, tc.col, err)
			}
			if !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("message lacks %q:\n%v", tc.msg, err)
			}
			if re.Rule != "hostile" {
				t.Errorf("rule name %q", re.Rule)
			}
			if re.Line > 0 && !strings.Contains(re.Snippet, "^") {
				t.Errorf("no caret in the snippet %q", re.Snippet)
			}
		})
	}
}

func TestErrorCause(t *testing.T) {
	_, err := engine.CompileNumber[acct]("r", "mrr +", engine.Options{})
	var fe *file.Error
	if !errors.As(err, &fe) {
		t.Errorf("the cause is not expr's *file.Error: %#v", err)
	}
	want := "rules: rule \"r\": line 1, column 5: invalid rule: unexpected token EOF\n | mrr +\n |     ^"
	if diff := cmp.Diff(want, err.Error()); diff != "" {
		t.Errorf("message (-want +got):\n%s", diff)
	}
}

func TestSnippetTruncates(t *testing.T) {
	src := "mrr + " + strings.Repeat("nps + ", 30) + "bogus + " + strings.Repeat("usage + ", 30) + "1"
	_, err := engine.CompileNumber[acct]("long", src, engine.Options{})
	var re *engine.Error
	if !errors.As(err, &re) {
		t.Fatal(err)
	}
	lines := strings.Split(re.Snippet, "\n")
	if len(lines) != 2 || len(lines[0]) > 80 || !strings.Contains(lines[0], "bogus") || !strings.HasPrefix(lines[0], " | ...") {
		t.Fatalf("snippet:\n%s", re.Snippet)
	}
	// The caret stands under the b of bogus.
	if col := strings.Index(lines[1], "^"); lines[0][col] != 'b' {
		t.Errorf("caret at %d, under %q:\n%s", col, lines[0][col], re.Snippet)
	}
}

func TestConditionErrors(t *testing.T) {
	for _, tc := range []struct {
		src  string
		kind error
	}{
		{"mrr", engine.ErrResultType},
		{"name", engine.ErrResultType},
		{"nps < ", engine.ErrSyntax},
		{"npz < 7", engine.ErrUnknownName},
	} {
		if _, err := engine.CompileCondition[acct]("c", tc.src, engine.Options{}); !errors.Is(err, tc.kind) {
			t.Errorf("%q: %v, want %v", tc.src, err, tc.kind)
		}
	}
}

func TestCompileMany(t *testing.T) {
	_, err := engine.CompileConditions[acct](engine.Options{},
		engine.Source{Name: "ok", Expr: "nps < 7"},
		engine.Source{Name: "typo", Expr: "npz < 7"},
		engine.Source{Name: "number", Expr: "mrr"},
		engine.Source{Name: "ok", Expr: "usage > 3"},
	)
	var got []string
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var re *engine.Error
		if errors.As(e, &re) {
			got = append(got, re.Rule+": "+re.Kind.Error())
		}
	}
	want := []string{"typo: unknown name", "number: wrong result type", "ok: invalid rule"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
	cs, err := engine.CompileConditions[acct](engine.Options{}, engine.Source{Name: "a", Expr: "nps < 7"}, engine.Source{Name: "b", Expr: "usage > 50"})
	if err != nil || len(cs) != 2 || cs[1].Name() != "b" || cs[1].Source() != "usage > 50" {
		t.Fatalf("%v, %v", cs, err)
	}
}

func TestAllowMethods(t *testing.T) {
	c, err := engine.CompileCondition[acct]("shout", "Shout() == 'ACME'", engine.Options{AllowMethods: true})
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := c.Eval(sample, now); !ok || err != nil {
		t.Errorf("Shout() == 'ACME': %v, %v", ok, err)
	}
}

func TestMemoryBudget(t *testing.T) {
	n, err := engine.CompileNumber[acct]("big", "len(map(1..5000, # * 2))", engine.Options{MaxCost: 1e9, MaxMemory: 16000})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := n.Eval(sample, now); !errors.Is(err, engine.ErrLimit) || !strings.Contains(err.Error(), "MaxMemory") {
		t.Errorf("err = %v, want the memory budget exceeded", err)
	}
}

func TestScoreIntegration(t *testing.T) {
	seats, err := engine.CompileNumber[acct]("seats", "min(seats_used / seat_limit, 1) * 100", engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	unhappy, err := engine.CompileCondition[acct]("unhappy", "nps < 7", engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	health := score.Must(score.Bounded(
		score.Must(score.Weighted(score.Options{},
			score.Weigh("seats", 1, seats.Metric(score.Must(score.Linear(0, 100)))),
		)),
		score.Cap("unhappy", unhappy, 50),
	))
	if r, ok := health.Score(sample); !ok || r != 50 { // seats 80, capped at 50 by nps 6
		t.Errorf("health = %v, %v; want 50", r, ok)
	}
	happy := sample
	happy.NPS = 9
	if r, _ := health.Score(happy); r != 80 {
		t.Errorf("health = %v, want 80", r)
	}
	broken := sample
	broken.SeatLimit = 0 // seats_used / 0 fails: the factor is missing, not min(+Inf, 1) = 100%
	if r, ok := health.Score(broken); ok {
		t.Errorf("health with no seat limit = %v, want missing", r)
	}
}

func TestConcurrentEvaluation(t *testing.T) {
	n, err := engine.CompileNumber[acct]("r", "scale(mrr, 0, 10000) * 0.5 + min(seats_used / seat_limit, 1) * 50", engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	accounts := make([]acct, 2000)
	for i := range accounts {
		accounts[i] = sample
		accounts[i].MRR = float64(i * 7)
		accounts[i].SeatsUsed = i % 60
	}
	want := make([]float64, len(accounts))
	for i, a := range accounts {
		want[i], _, _ = n.Eval(a, now)
	}
	got := make([][]float64, 32)
	var wg sync.WaitGroup
	for g := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[g] = make([]float64, len(accounts))
			for i, a := range accounts {
				got[g][i], _, _ = n.Eval(a, now)
			}
		}()
	}
	wg.Wait()
	for g := range got {
		if diff := cmp.Diff(want, got[g]); diff != "" {
			t.Fatalf("goroutine %d (-sequential +concurrent):\n%s", g, diff)
		}
	}
}

func TestNoAllocationBeyondExpr(t *testing.T) {
	if proptest.RaceEnabled {
		t.Skip("allocation counts of pooled code are not meaningful under the race detector")
	}
	for _, r := range benchRules {
		ours, theirs := allocs(t, r.src, r.name == "condition-3")
		if ours > theirs {
			t.Errorf("%s: %v allocations per evaluation, expr alone %v", r.name, ours, theirs)
		}
	}
}

// TestClosuresAllocateNothing: the benchmark rules run as closures, and an
// evaluation allocates nothing.
func TestClosuresAllocateNothing(t *testing.T) {
	if proptest.RaceEnabled {
		t.Skip("allocation counts of pooled code are not meaningful under the race detector")
	}
	a, now := benchAcct, time.Time{}
	for _, r := range benchRules {
		var n float64
		var closure bool
		if r.name == "condition-3" {
			c, err := engine.CompileCondition[benchAccount]("c", r.src, engine.Options{})
			if err != nil {
				t.Fatal(err)
			}
			closure, _ = c.Closure()
			n = testing.AllocsPerRun(200, func() { _, _ = c.Eval(a, now) })
		} else {
			x, err := engine.CompileNumber[benchAccount]("n", r.src, engine.Options{})
			if err != nil {
				t.Fatal(err)
			}
			closure, _ = x.Closure()
			n = testing.AllocsPerRun(200, func() { _, _, _ = x.Eval(a, now) })
		}
		if !closure || n != 0 {
			t.Errorf("%s: closures %v, %v allocations per evaluation; want closures and 0", r.name, closure, n)
		}
	}
}

func TestGet(t *testing.T) {
	m := map[string]any{"nps": 8, "csat": nil}
	for _, tc := range []struct {
		account any
		name    string
		want    any
		ok      bool
	}{
		{sample, "mrr", 5000.0, true},     // by expr tag
		{&sample, "seats_used", 40, true}, // through a pointer
		{sample, "MRR", nil, false},       // the expr tag renames the field
		{sample, "nope", nil, false},
		{m, "nps", 8, true},
		{m, "csat", nil, true},
		{m, "absent", nil, false},
		{(*acct)(nil), "mrr", nil, false},
		{42, "x", nil, false},
	} {
		got, ok := engine.Get(tc.account, tc.name)
		if ok != tc.ok || got != tc.want {
			t.Errorf("Get(%T, %q) = %v, %v; want %v, %v", tc.account, tc.name, got, ok, tc.want, tc.ok)
		}
	}
}

// TestPointerAccount: an account passed by pointer reads as by value, and
// a nil account is an evaluation error, not a panic.
func TestPointerAccount(t *testing.T) {
	n, err := engine.CompileNumber[*acct]("p", "mrr / 100 + seats_used", engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	a := sample
	if v, ok, err := n.Eval(&a, now); v != 90 || !ok || err != nil { // 5000 / 100 + 40
		t.Errorf("= %v, %v, %v; want 90", v, ok, err)
	}
	if _, ok, err := n.Eval(nil, now); ok || !errors.Is(err, engine.ErrEval) {
		t.Errorf("nil account: %v, %v; want an evaluation error", ok, err)
	}
}

// TestMetricExplainsItsExpression: the explanation of an expression factor
// shows the expression and rounded numbers (0.1 + 0.2 reads 0.3), and a
// failure's error.
func TestMetricExplainsItsExpression(t *testing.T) {
	n, err := engine.CompileNumber[acct]("r", "nps / 10 + 0.2", engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	m := n.Metric(score.Must(score.Linear(0, 1)))
	a := sample
	a.NPS = 1 // 0.1 + 0.2 = 0.30000000000000004
	if got, want := m.Explain(a).String(), "rating = nps / 10 + 0.2: 0.3 -> 30/100\n"; got != want {
		t.Errorf("explanation %q, want %q", got, want)
	}
	d, err := engine.CompileNumber[acct]("d", "mrr / seat_limit", engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	a.SeatLimit = 0
	e := d.Metric(score.Must(score.Linear(0, 1))).Explain(a)
	want := "rating = mrr / seat_limit: missing [rules: rule \"d\": line 1, column 5: evaluation failed: division by zero]\n"
	if got := e.String(); got != want || !e.Missing {
		t.Errorf("explanation %q, want %q", got, want)
	}
}

func TestCompileText(t *testing.T) {
	x, err := engine.CompileText[acct]("plan", "lower(name)", engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if s, ok, err := x.Eval(sample, now); s != "acme" || !ok || err != nil || x.Level(sample) != "acme" {
		t.Errorf("= %q, %v, %v", s, ok, err)
	}
	if _, err := engine.CompileText[acct]("plan", "mrr", engine.Options{}); !errors.Is(err, engine.ErrResultType) {
		t.Errorf("a number as text: %v", err)
	}
	var zero engine.Text[acct]
	if _, _, err := zero.Eval(sample, now); err == nil || zero.Level(sample) != "" {
		t.Errorf("zero Text: %v", err)
	}
}
