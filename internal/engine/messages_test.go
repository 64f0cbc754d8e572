package engine_test

import (
	"errors"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/prioritize-dev/prioritize/internal/engine"
)

// extremes holds the largest and smallest integers of the 64-bit kinds.
type extremes struct {
	Array []int   `expr:"array"`
	I64   int64   `expr:"i64"`
	Min   int64   `expr:"min64"`
	U64   uint64  `expr:"u64"`
	I     int     `expr:"i"`
	P     *int64  `expr:"p"`
	F     float64 `expr:"f"`
}

var extreme = extremes{I64: math.MaxInt64, Min: math.MinInt64, U64: math.MaxUint64, I: math.MaxInt, F: 1.5}

// TestIntOfTheLargestIntegers: int() of an integer field takes the integer
// exactly (issue 34: int(i64) of MaxInt64 overflowed, the int64 read
// through a float64 as 2^63); a uint64 past MaxInt64 is an overflow, said.
func TestIntOfTheLargestIntegers(t *testing.T) {
	p := int64(math.MaxInt64)
	acct := extreme
	acct.P = &p
	for _, tc := range []struct {
		src  string
		want bool
		err  string
	}{
		{"int(i64) == 9223372036854775807", true, ""},
		{"int(i64) > 9223372036854775806", true, ""},
		{"int(min64) < -9223372036854775807", true, ""},
		{"int(i) == 9223372036854775807", true, ""},
		{"int(p) == 9223372036854775807", true, ""},
		{"int(f) == 1", true, ""},
		{"int(u64) > 0", false, "integer overflow: int(18446744073709551615)"},
	} {
		t.Run(tc.src, func(t *testing.T) {
			c, err := engine.CompileCondition[extremes]("i", tc.src, engine.Options{})
			if err != nil {
				t.Fatal(err)
			}
			for name, c := range map[string]*engine.Condition[extremes]{"closures": c, "VM": engine.ConditionOnVM(c)} {
				got, err := c.Eval(acct, time.Time{})
				switch {
				case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
					t.Errorf("%s: error %v, want %q", name, err, tc.err)
				case tc.err == "" && (err != nil || got != tc.want):
					t.Errorf("%s: %v, %v; want %v", name, got, err, tc.want)
				}
			}
		})
	}
}

// TestMessagesSayNoGo: errors at evaluation are in the rule's words, not
// reflect's or the Go runtime's (issue 34: take(..., -1) leaked
// "reflect.Value.Slice: slice index out of bounds").
func TestMessagesSayNoGo(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"len(take(array, -1))", "take: the count is -1: take the first n items, n 0 or more"},
		{"last(array) + 0 > 1 ? 1 : 0", ""},
		{"last(array) != i ? 1 : 0", "a value is missing where a number is needed (a blank field, or the first or last of an empty list): test it with has(x), or give a default with x ?? default"},
	} {
		t.Run(tc.src, func(t *testing.T) {
			n, err := engine.CompileNumber[extremes]("m", tc.src, engine.Options{})
			if err != nil {
				t.Fatal(err)
			}
			for name, n := range map[string]*engine.Number[extremes]{"closures": n, "VM": engine.NumberOnVM(n)} {
				_, _, err := n.Eval(extremes{}, time.Time{})
				if err == nil {
					if tc.want != "" {
						t.Errorf("%s: no error, want %q", name, tc.want)
					}
					continue
				}
				msg := err.Error()
				if tc.want != "" && !strings.Contains(msg, tc.want) {
					t.Errorf("%s: %q, want %q", name, msg, tc.want)
				}
				for _, goWord := range []string{"reflect.", "interface conversion", "interface {}", "runtime error"} {
					if strings.Contains(msg, goWord) {
						t.Errorf("%s: %q says %q", name, msg, goWord)
					}
				}
			}
		})
	}
}

// TestFieldsNamedAsTheRulesWords: a field named as a function, a keyword
// or a literal of the rules is refused by name, with the way out, for a
// struct and for a map (issue 23: a field named len was read as the
// function, and the rule failed with a type mismatch).
func TestFieldsNamedAsTheRulesWords(t *testing.T) {
	type clash struct {
		Len   float64 `expr:"len"`
		Lower string  `expr:"lower"`
		In    bool    `expr:"in"`
		MRR   float64 `expr:"mrr"`
	}
	_, err := engine.CompileNumber[clash]("r", "mrr", engine.Options{})
	want := `fields cannot be named as the rules' own words: "in" is a keyword of the rules, "len" is a function of the rules, "lower" is a function of the rules: rename the field`
	if !errors.Is(err, engine.ErrEnv) || !strings.Contains(err.Error(), want) {
		t.Errorf("struct: %v", err)
	}
	_, err = engine.CompileNumber[map[string]any]("r", "mrr", engine.Options{Fields: []string{"mrr", "true"}})
	if !errors.Is(err, engine.ErrEnv) || !strings.Contains(err.Error(), `"true" is a literal of the rules`) {
		t.Errorf("map: %v", err)
	}
	for _, ok := range []string{"mrr", "plan", "now", "lenient", "length"} {
		if err := engine.CheckName(ok); err != nil {
			t.Errorf("CheckName(%q): %v", ok, err)
		}
	}
}

// TestHasOfNaN: a number NaN is missing, so has() is false for it, as for
// a nil pointer: in a struct, through a pointer, and in a map such as a
// record with a blank cell (issue 23: has(x) was true for a blank number).
func TestHasOfNaN(t *testing.T) {
	type acct struct {
		X  float64  `expr:"x"`
		Y  float32  `expr:"y"`
		P  *float64 `expr:"p"`
		OK float64  `expr:"ok"`
	}
	nan := math.NaN()
	a := acct{X: nan, Y: float32(nan), P: &nan, OK: 1}
	for src, want := range map[string]bool{"has(x)": false, "has(y)": false, "has(p)": false, "has(ok)": true} {
		c, err := engine.CompileCondition[acct]("h", src, engine.Options{})
		if err != nil {
			t.Fatal(err)
		}
		for name, c := range map[string]*engine.Condition[acct]{"closures": c, "VM": engine.ConditionOnVM(c)} {
			if got, err := c.Eval(a, time.Time{}); err != nil || got != want {
				t.Errorf("%s %s: %v, %v; want %v", name, src, got, err, want)
			}
		}
	}
	c, err := engine.CompileCondition[map[string]any]("h", "has(mrr)", engine.Options{Fields: []string{"mrr"}})
	if err != nil {
		t.Fatal(err)
	}
	for rec, want := range map[*map[string]any]bool{{"mrr": nan}: false, {"mrr": 5.0}: true, {}: false} {
		if got, err := c.Eval(*rec, time.Time{}); err != nil || got != want {
			t.Errorf("has(mrr) of %v: %v, %v; want %v", *rec, got, err, want)
		}
	}
}

// TestTypesOfMapKeys: over a map with Options.Types, a rule that uses a
// key as another type is refused at compile time, at its place, as over a
// struct; what runs is unchanged (an absent key still reads as nil).
func TestTypesOfMapKeys(t *testing.T) {
	opts := engine.Options{Fields: []string{"mrr", "plan", "renewal"},
		Types: map[string]reflect.Type{"mrr": reflect.TypeFor[float64](), "plan": reflect.TypeFor[string](), "renewal": reflect.TypeFor[time.Time]()}}
	for src, want := range map[string]string{
		"plan * 2":        "line 1, column 6: invalid rule: invalid operation: * (mismatched types string and int)",
		"renewal + 1":     "line 1, column 9: invalid rule: invalid operation: + (mismatched types time.Time and int)",
		"mrr + plan":      "line 1, column 5: invalid rule: invalid operation: + (mismatched types float64 and string)",
		"mrr * 2":         "",
		"plan ?? 'x'":     "",
		"len(plan ?? '')": "",
	} {
		_, err := engine.CompileNumber[map[string]any]("r", src, opts)
		if src == "plan ?? 'x'" {
			_, err = engine.CompileText[map[string]any]("r", src, opts)
		}
		switch {
		case want == "" && err != nil:
			t.Errorf("%s: %v", src, err)
		case want != "" && (!errors.Is(err, engine.ErrSyntax) || !strings.Contains(err.Error(), want)):
			t.Errorf("%s: %v, want %q", src, err, want)
		}
	}
	// An absent key reads as nil, as without Types.
	x, err := engine.CompileText[map[string]any]("r", "plan ?? 'none'", opts)
	if err != nil {
		t.Fatal(err)
	}
	if s, ok, err := x.Eval(map[string]any{"mrr": 1.0}, time.Time{}); s != "none" || !ok || err != nil {
		t.Errorf("an absent plan: %q, %v, %v", s, ok, err)
	}
}

// TestNames: the fields a rule reads, not its functions or let variables.
func TestNames(t *testing.T) {
	for src, want := range map[string][]string{
		"mrr * 2":                              {"mrr"},
		"lower(plan) == 'pro' ? churn : 0":     {"churn", "plan"},
		"owner.score + len(tickets)":           {"owner", "tickets"},
		"let x = mrr; x * seats":               {"mrr", "seats"},
		"has(nps) ? nps : days_until(renewal)": {"nps", "renewal"},
		"1 + 2":                                {},
	} {
		got, err := engine.Names(src)
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("Names(%q) = %q, %v; want %q", src, got, err, want)
		}
	}
	if _, err := engine.Names("mrr +"); !errors.Is(err, engine.ErrSyntax) {
		t.Errorf("a rule that does not parse: %v", err)
	}
}

// TestDegenerateBounds: bounds written as constants that fail or never
// hold for every account are refused when the rule is compiled, at the
// place of the bound (issue 23: only curves refused them).
func TestDegenerateBounds(t *testing.T) {
	for src, want := range map[string]string{
		"clamp(mrr, 100, 0)":             "line 1, column 12: invalid rule: clamp(x, 100, 0): lo is above hi, an error for every account: write clamp(x, 0, 100)",
		"scale(mrr, 5, 5)":               "line 1, column 12: invalid rule: scale(x, 5, 5): lo and hi are the same, an error for every account: give a range",
		"between(mrr, 10, -5) ? 1 : 0":   "line 1, column 14: invalid rule: between(x, 10, -5) holds for no account: lo is above hi; write between(x, -5, 10)",
		"clamp(mrr, 0, 100)":             "",
		"scale(mrr, 10, 0)":              "", // downwards: allowed
		"clamp(mrr, seats, 0)":           "", // not constant: checked per account
		"between(mrr, 5, 5) ? 1 : 0":     "",
		"scale(mrr, -5, -5.0) + 0 * mrr": "line 1, column 12: invalid rule: scale(x, -5, -5): lo and hi are the same",
	} {
		_, err := engine.CompileNumber[extremes2]("b", src, engine.Options{})
		switch {
		case want == "" && err != nil:
			t.Errorf("%s: %v", src, err)
		case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
			t.Errorf("%s: %v, want %q", src, err, want)
		}
	}
}

type extremes2 struct {
	MRR   float64 `expr:"mrr"`
	Seats float64 `expr:"seats"`
}
