package policydoc_test

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/prioritize-dev/prioritize"
	"github.com/prioritize-dev/prioritize/policydoc"
	"github.com/prioritize-dev/prioritize/rules"
)

// A factor that compiles, for documents broken elsewhere.
const okFactor = `{"name": "fit", "weight": 1, "expr": "icp_fit", "curve": {"kind": "linear", "lo": 0, "hi": 100}}`

// typed is a document over declared fields of every type whose value
// axis is factor.
func typed(factor string) string {
	return `{"fields": [{"name": "id", "type": "string"}, {"name": "mrr", "type": "number"}, {"name": "plan", "type": "string"}, {"name": "renewal", "type": "date"}, {"name": "champion", "type": "bool"}],` +
		` "value": {"factors": [` + factor + `]}, "potential": {"factors": [{"name": "m", "weight": 1, "expr": "mrr", "curve": {"kind": "linear", "lo": 0, "hi": 100}}]}}`
}

// ok is a document with one good factor per axis and extra parts.
func ok(extra string) string {
	s := `{"value": {"factors": [` + okFactor + `]}, "potential": {"factors": [` + okFactor + `]}`
	if extra != "" {
		s += ", " + extra
	}
	return s + "}"
}

// TestBrokenDocuments: each broken document reports every one of its
// problems, each with its kind, its path and, where the JSON has it, its
// line and column.
func TestBrokenDocuments(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		kind error
		want []string // one per problem, in order
	}{
		// JSON syntax: line and column.
		{"trailing comma", "{\"value\": {\"factors\": [],}\n}", policydoc.ErrSyntax, []string{`(line 1, column 26): invalid JSON: invalid character '}'`}},
		{"truncated", `{"value": `, policydoc.ErrSyntax, []string{`(line 1, column 11): invalid JSON: the document ends too soon`}},
		{"single quotes", `{'value': {}}`, policydoc.ErrSyntax, []string{`(line 1, column 1): invalid JSON: invalid character '\''`}},
		{"second line", "{\"value\":\n  {\"factors\": [}}", policydoc.ErrSyntax, []string{`(line 2, column 15): invalid JSON: invalid character '}' looking for beginning of value`}},
		{"data after", `{} []`, policydoc.ErrSyntax, []string{`(line 1, column 4): invalid JSON: data after the document`}},
		{"not an object", `[]`, policydoc.ErrType, []string{`(line 1, column 1): wrong type: want an object, not a list`}},
		// Fields and types: the JSON path.
		{"typo'd weight", ok(`"mix": {"value": 0.5, "potential": 0.5}, "tiers": [], "segments": [{"name": "s", "when": "true", "wieght": 1}]`), policydoc.ErrField,
			[]string{`segments[0] "s".wieght (@"wieght"@): unknown field: "wieght"`}},
		{"typo'd top field", `{"potnetial": {}}`, policydoc.ErrField, []string{`potnetial (line 1, column 2): unknown field: "potnetial" (did you mean "potential"?)`}},
		{"weight as a string", `{"value": {"factors": [{"name": "r", "weight": "40", "expr": "mrr", "curve": {"kind": "linear", "lo": 0, "hi": 1}}]}}`, policydoc.ErrType,
			[]string{`value.factors[0] "r".weight (@"40"@): wrong type: want a number, not the string "40"`}},
		{"two bad types", `{"value": {"factors": [{"name": 3, "weight": true}]}}`, policydoc.ErrType,
			[]string{`value.factors[0].name (@3@): wrong type: want a string, not a number`, `value.factors[0].weight (@true@): wrong type: want a number, not true`}},
		{"points not pairs", `{"value": {"factors": [{"name": "r", "curve": {"kind": "piecewise", "points": [[1, 2, 3]]}}]}}`, policydoc.ErrType,
			[]string{`value.factors[0] "r".curve.points[0] (@[1, 2, 3]@): wrong type: want a list of 2, not a list`}},
		{"severity not whole", `{"triggers": [{"name": "t", "severity": 2.5}]}`, policydoc.ErrValue, []string{`triggers[0] "t".severity (@2.5@): invalid value: want a whole number, not 2.5`}},
		{"cooldown in days misspelt", `{"triggers": [{"name": "t", "cooldown": "7days"}]}`, policydoc.ErrValue,
			[]string{`triggers[0] "t".cooldown (@"7days"@): invalid value: duration "7days": want a number of days (7d), weeks (2w) or a Go duration (36h)`}},
		{"unknown effect", `{"triggers": [{"name": "churn", "effect": "panic"}]}`, policydoc.ErrValue,
			[]string{`triggers[0] "churn".effect (@"panic"@): invalid value: trigger: unknown effect "panic"`}},
		{"unknown mode", `{"triggers": [{"name": "t", "mode": "always"}]}`, policydoc.ErrValue, []string{`triggers[0] "t".mode (@"always"@): invalid value: trigger: unknown mode "always"`}},
		{"unknown missing policy", `{"value": {"missing": "guess"}}`, policydoc.ErrValue, []string{`value.missing (@"guess"@): invalid value: score: unknown missing-data policy "guess"`}},
		{"unknown direction", `{"value": {"factors": [{"name": "r", "curve": {"kind": "piecewise", "direction": "up"}}]}}`, policydoc.ErrValue,
			[]string{`value.factors[0] "r".curve.direction (@"up"@): invalid value: score: unknown direction "up"`}},
		{"unknown touch", `{"tiers": [{"touch": "loud"}]}`, policydoc.ErrValue, []string{`tiers[0].touch (@"loud"@): invalid value: tier: unknown touch model "loud"`}},
		{"unknown hold effect", `{"holds": {"panic": {"floor": 2, "for": "30d"}}}`, policydoc.ErrValue, []string{`holds.panic (@"panic"@): invalid value: trigger: unknown effect "panic"`}},
		{"hold for misspelt", `{"holds": {"intervention": {"floor": 2, "for": "a month"}}}`, policydoc.ErrValue,
			[]string{`holds.intervention.for (@"a month"@): invalid value: duration "a month"`}},
		{"quadrant cut as string", `{"quadrant": {"value_cut": "50"}}`, policydoc.ErrType, []string{`quadrant.value_cut (@"50"@): wrong type: want a number`}},
		{"three field errors at once", `{"vlaue": 1, "tiers": {}, "arr": 7}`, policydoc.ErrField, []string{
			`vlaue (@"vlaue"@): unknown field: "vlaue" (did you mean "value"?)`,
			`tiers (@{}@): wrong type: want a list, not an object`,
			`arr (@7@): wrong type: want a string, not a number`}},
		// Semantics: every problem in one pass, with the same paths.
		{"bad expression", ok(`"arr": "mrr *"`), policydoc.ErrRule, []string{`arr (@"mrr *"@): invalid expression: rules: rule "arr": line 1, column 5`}},
		{"unknown field in an expression", `{"value": {"factors": [{"name": "r", "weight": 1, "expr": "mrrr", "curve": {"kind": "linear", "lo": 0, "hi": 1}}]}, "potential": {"factors": [` + okFactor + `]}}`, policydoc.ErrRule,
			[]string{`value.factors[0] "r".expr (@"mrrr"@): invalid expression: rules: rule "r": line 1, column 1: unknown name: "mrrr" (did you mean "mrr"?)`}},
		{"negative weight and bad curve", `{"value": {"factors": [{"name": "r", "weight": -1, "expr": "mrr", "curve": {"kind": "linear", "lo": 5, "hi": 1}}]}, "potential": {"factors": [` + okFactor + `]}}`, policydoc.ErrPolicy, []string{
			`value.factors[0] "r".curve (@{"kind": "linear", "lo": 5@): invalid policy: score: Linear`,
			`value.factors[0] "r".weight (@-1@): invalid policy: -1: a weight is a finite number, 0 or more`}},
		{"weight errors beside expression errors", `{"value": {"factors": [{"name": "a", "weight": -2, "expr": "nope", "curve": {"kind": "linear", "lo": 0, "hi": 1}}, {"name": "b", "weight": -3, "expr": "mrr", "curve": {"kind": "spline"}}]}, "potential": {"factors": [` + okFactor + `]}}`, policydoc.ErrPolicy, []string{
			`value.factors[0] "a".expr`, `value.factors[0] "a".weight`, `value.factors[1] "b".curve`, `value.factors[1] "b".weight`}},
		{"all weights zero", `{"value": {"factors": [{"name": "a", "weight": 0, "expr": "mrr", "curve": {"kind": "linear", "lo": 0, "hi": 1}}]}, "potential": {"factors": [` + okFactor + `]}}`, policydoc.ErrPolicy,
			[]string{`value (@{"factors"@): invalid policy: score: Weighted: invalid weight: all weights are zero`}},
		{"no factors", `{"value": {"factors": []}, "potential": {"factors": [` + okFactor + `]}}`, policydoc.ErrPolicy, []string{`value.factors (@[]@): invalid policy: none`}},
		{"no axes at all", `{}`, policydoc.ErrPolicy, []string{`value.factors: invalid policy: none`, `potential.factors: invalid policy: none`}},
		{"unknown curve kind", `{"value": {"factors": [{"name": "r", "weight": 1, "expr": "mrr", "curve": {"kind": "spline"}}]}, "potential": {"factors": [` + okFactor + `]}}`, policydoc.ErrPolicy,
			[]string{`value.factors[0] "r".curve (@{"kind": "spline"@): invalid policy: kind "spline" is not linear`}},
		{"unsorted points", `{"value": {"factors": [{"name": "r", "weight": 1, "expr": "mrr", "curve": {"kind": "piecewise", "direction": "ascending", "points": [[5, 10], [1, 20]]}}]}, "potential": {"factors": [` + okFactor + `]}}`, policydoc.ErrPolicy,
			[]string{`value.factors[0] "r".curve (@{"kind": "piecewise"@): invalid policy: score: Piecewise: point 1`}},
		{"rating out of range", `{"value": {"factors": [{"name": "r", "weight": 1, "expr": "mrr", "curve": {"kind": "boolean", "no": 0, "yes": 140}}]}, "potential": {"factors": [` + okFactor + `]}}`, policydoc.ErrPolicy,
			[]string{`value.factors[0] "r".curve (@{"kind": "boolean"@): invalid policy: score: Boolean`}},
		{"segment condition", ok(`"segments": [{"name": "renewal", "when": "stage = 'renewal'"}]`), policydoc.ErrRule, []string{`segments[0] "renewal".when (@"stage = 'renewal'"@): invalid expression`}},
		{"segment not a condition", ok(`"segments": [{"name": "s", "when": "mrr"}]`), policydoc.ErrRule, []string{`segments[0] "s".when (@"mrr"@): invalid expression: rules: rule "s": line 1, column 1: wrong result type`}},
		{"trigger expression", ok(`"triggers": [{"name": "t", "when": "declined(prev.mrr, cur.mr, 20)", "effect": "intervention"}]`), policydoc.ErrRule,
			[]string{`triggers[0] "t".when (@"declined@): invalid expression: rules: rule "t": line 1, column 24: unknown name: "mr"`}},
		{"trigger without effect", ok(`"triggers": [{"name": "t", "when": "cur.mrr > prev.mrr"}]`), policydoc.ErrPolicy,
			[]string{`triggers[0] "t" (@{"name": "t"@): invalid policy: trigger: rule "t": invalid trigger rule: unknown effect 0`}},
		{"edge trigger that cannot fire", ok(`"triggers": [{"name": "t", "when": "prev.mrr > 5", "effect": "growth"}]`), policydoc.ErrPolicy,
			[]string{`triggers[0] "t" (@{"name": "t"@): invalid policy: trigger: rule "t": invalid trigger rule: an edge rule must read cur`}},
		{"hold without a duration", ok(`"triggers": [{"name": "t", "when": "cur.mrr > prev.mrr", "effect": "growth", "hold": {"floor": 2}}]`), policydoc.ErrPolicy,
			[]string{`triggers[0] "t" (@{"name": "t"@): invalid policy: trigger: rule "t": invalid trigger rule: hold: a floor of tier 2 needs a duration`}},
		{"two triggers, two problems", ok(`"triggers": [{"name": "a", "when": "cur.x", "effect": "growth"}, {"name": "b", "when": "cur.mrr >", "effect": "growth", "cooldown": "-1h"}]`), policydoc.ErrRule, []string{
			`triggers[0] "a".when (@"cur.x"@): invalid expression`, `triggers[1] "b".when (@"cur.mrr >"@): invalid expression`}},
		{"tiers with a gap", ok(`"tiers": [{"rank": 1, "name": "all", "min": 10, "max": 100, "accounts_per_csm": 40}]`), policydoc.ErrPolicy,
			[]string{`tiers[0] "all" (@{"rank"@): invalid policy: tier: "all": gap: nothing covers [0, 10)`}},
		{"hold floor beyond the ladder", ok(`"holds": {"intervention": {"floor": 7, "for": "30d"}}`), policydoc.ErrPolicy,
			[]string{`holds.intervention.floor (@7@): invalid policy: the ladder has no tier 7`}},
		{"everything at once", `{"value": {"missing": "guess", "factors": [{"name": "r", "weight": "x"}]}, "potential": {"factors": [], "extra": 1}, "triggers": [{"name": "t", "cooldown": "soon"}]}`, policydoc.ErrValue, []string{
			`value.missing (@"guess"@): invalid value`,
			`value.factors[0] "r".weight (@"x"@): wrong type`,
			`potential.extra (@"extra"@): unknown field`,
			`triggers[0] "t".cooldown (@"soon"@): invalid value`}},
		// The mistakes of issue 23 (each was taken, and gave plausible, wrong
		// numbers), over declared fields: compiled over records.
		{"a string in arithmetic", typed(`{"name": "p", "weight": 1, "expr": "plan * 2", "curve": {"kind": "linear", "lo": 0, "hi": 100}}`), policydoc.ErrRule,
			[]string{`value.factors[0] "p".expr (@"plan * 2"@): invalid expression: rules: rule "p": line 1, column 6: invalid rule: invalid operation: * (mismatched types string and int)`}},
		{"a date compared with a number", typed(`{"name": "r", "weight": 1, "expr": "renewal > 5 ? 1 : 0", "curve": {"kind": "linear", "lo": 0, "hi": 1}}`), policydoc.ErrRule,
			[]string{`value.factors[0] "r".expr (@"renewal > 5@): invalid expression: rules: rule "r": line 1, column 9: invalid rule: invalid operation: > (mismatched types time.Time and int)`}},
		{"a bool summed", typed(`{"name": "c", "weight": 1, "expr": "champion + champion", "curve": {"kind": "linear", "lo": 0, "hi": 2}}`), policydoc.ErrRule,
			[]string{`value.factors[0] "c".expr (@"champion + champion"@): invalid expression: rules: rule "c": line 1, column 10: invalid rule: invalid operation: + (mismatched types bool and bool)`}},
		{"a field named as a function", `{"fields": [{"name": "id", "type": "string"}, {"name": "mrr", "type": "number"}, {"name": "lower", "type": "string"}],` +
			` "value": {"factors": [{"name": "m", "weight": 1, "expr": "mrr", "curve": {"kind": "linear", "lo": 0, "hi": 1}}]}, "potential": {"factors": [{"name": "m", "weight": 1, "expr": "mrr", "curve": {"kind": "linear", "lo": 0, "hi": 1}}]}}`, policydoc.ErrValue,
			[]string{`fields[2] "lower".name (@"lower"@): invalid value: rules: unusable account type: fields cannot be named as the rules' own words: "lower" is a function of the rules: rename the field (a document keeps its column: {"name": "lower_field", "column": "lower"}; a Go struct its expr tag)`}},
		{"shares that do not add up", ok(`"mix": {"value": 0.7, "potential": 0.7}`), policydoc.ErrPolicy,
			[]string{`mix (@{"value": 0.7@): invalid policy: score: Mix: the shares do not add up to 1: value 0.7 + potential 0.7 = 1.4; write shares such as 0.7 and 0.3`}},
		{"a segment's shares that do not add up", ok(`"segments": [{"name": "s", "when": "true", "mix": {"value": 0.6, "potential": 0.5}}]`), policydoc.ErrPolicy,
			[]string{`segments[0] "s".mix (@{"value": 0.6@): invalid policy: score: Mix: the shares do not add up to 1: value 0.6 + potential 0.5 = 1.1`}},
		{"a curve setting its kind does not read", ok(`"segments": [{"name": "s", "when": "true", "value": {"factors": [{"name": "x", "weight": 1, "expr": "mrr", "curve": {"kind": "log", "lo": 1, "hi": 10, "yes": 5}}]}}]`), policydoc.ErrPolicy,
			[]string{`segments[0] "s".value.factors[0] "x".curve.yes (@5}@): invalid policy: a log curve does not use "yes" (it reads lo, hi): remove it, or choose the kind that does`}},
		{"missing_rating without rate", `{"value": {"missing_rating": 40, "factors": [` + okFactor + `]}, "potential": {"factors": [` + okFactor + `]}}`, policydoc.ErrPolicy,
			[]string{`value.missing_rating (@40@): invalid policy: 40 does nothing: missing_rating is the rating of a missing factor under "missing": "rate"; set that, or remove missing_rating`}},
		{"a margin that does nothing", ok(`"hysteresis": {"margin": -5}`), policydoc.ErrPolicy,
			[]string{`hysteresis.margin (@-5@): invalid policy: tier: invalid hysteresis: margin -5: a margin is a finite score, 0 or more`}},
		{"a dwell that does nothing", ok(`"hysteresis": {"min_dwell": "-336h"}`), policydoc.ErrPolicy,
			[]string{`hysteresis.min_dwell (@"-336h"@): invalid policy: tier: invalid hysteresis: min dwell -336h0m0s: a dwell is a duration, 0 or more`}},
		{"a trigger's floor the ladder lacks", ok(`"triggers": [{"name": "t", "when": "cur.mrr < prev.mrr", "effect": "intervention", "hold": {"floor": 6, "for": "30d"}}]`), policydoc.ErrPolicy,
			[]string{`triggers[0] "t".hold.floor (@6@): invalid policy: the ladder has no tier 6`}},
		{"a key given twice", ok(`"arr": "mrr * 12", "arr": "mrr"`), policydoc.ErrSyntax,
			[]string{`arr (@"arr": "mrr"@): invalid JSON: "arr" is given twice`}},
		{"a quadrant cut outside 0-100", ok(`"quadrant": {"value_cut": 150, "potential_cut": 50}`), policydoc.ErrPolicy,
			[]string{`quadrant (@{"value_cut"@): invalid policy: grade: value cut outside [0, 100]: 150`}},
		{"a segment named default", ok(`"segments": [{"name": "default", "when": "true"}]`), policydoc.ErrPolicy,
			[]string{`segments[0] "default".name (@"default"@): invalid policy: "default" is the name of the accounts no segment takes; choose another`}},
		{"a stale input against a field that is no date", typed(`{"name": "n", "weight": 1, "expr": "mrr", "curve": {"kind": "linear", "lo": 0, "hi": 1}, "fresh": {"observed": "plan", "as_of": "renewal", "max_age": "14d"}}`), policydoc.ErrPolicy,
			[]string{`value.factors[0] "n".fresh.observed (@"plan", "as_of"@): invalid policy: the field "plan" is a string, not a date`}},
		{"a degenerate bound in an expression", typed(`{"name": "s", "weight": 1, "expr": "scale(mrr, 5, 5)", "curve": {"kind": "linear", "lo": 0, "hi": 100}}`), policydoc.ErrRule,
			[]string{`value.factors[0] "s".expr (@"scale(mrr, 5, 5)"@): invalid expression: rules: rule "s": line 1, column 12: invalid rule: scale(x, 5, 5): lo and hi are the same, an error for every account: give a range`}},
	}
	if len(tests) < 40 {
		t.Fatalf("only %d broken documents", len(tests))
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := policydoc.Parse([]byte(tc.doc))
			if err == nil && len(doc.Fields) > 0 {
				_, err = policydoc.CompileRecords(doc, rules.Options{})
			} else if err == nil {
				_, err = policydoc.Compile(doc, func(a *prioritize.Account) string { return a.ID }, rules.Options{})
			}
			if err == nil {
				t.Fatal("no error")
			}
			var errs []error
			if j, ok := err.(interface{ Unwrap() []error }); ok && !isError(err) {
				errs = j.Unwrap()
			} else {
				errs = []error{err}
			}
			if len(errs) != len(tc.want) {
				t.Errorf("%d problems, want %d:\n%v", len(errs), len(tc.want), err)
			}
			if !errors.Is(err, tc.kind) {
				t.Errorf("no problem of kind %v:\n%v", tc.kind, err)
			}
			for i, want := range tc.want {
				want = at(tc.doc, want)
				if i < len(errs) && !strings.Contains(errs[i].Error(), want) {
					t.Errorf("problem %d:\n%v\nlacks %q", i, errs[i], want)
				}
				var pe *policydoc.Error
				if i < len(errs) && !errors.As(errs[i], &pe) {
					t.Errorf("problem %d is a %T, not a *policydoc.Error", i, errs[i])
				}
			}
		})
	}
}

// at replaces @marker@ in want with "line L, column C" of marker's first
// occurrence in doc, counted here by hand: lines from 1, columns in bytes
// from 1.
func at(doc, want string) string {
	a := strings.Index(want, "@")
	if a < 0 {
		return want
	}
	b := strings.Index(want[a+1:], "@") + a + 1
	marker := want[a+1 : b]
	i := strings.Index(doc, marker)
	line := 1 + strings.Count(doc[:i], "\n")
	col := i - strings.LastIndex(doc[:i], "\n")
	return want[:a] + "line " + strconv.Itoa(line) + ", column " + strconv.Itoa(col) + want[b+1:]
}

func isError(err error) bool {
	_, ok := err.(*policydoc.Error)
	return ok
}
