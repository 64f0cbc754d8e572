package policydoc_test

import (
	"fmt"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/prioritize-dev/prioritize"
	"github.com/prioritize-dev/prioritize/policydoc"
	"github.com/prioritize-dev/prioritize/prioritizetest"
	"github.com/prioritize-dev/prioritize/rules"
	"github.com/prioritize-dev/prioritize/score"
	"pgregory.net/rapid"
)

// everyConstruct uses every construct of the format beyond factors of
// numbers: descriptions, a category with declared levels, a nested group
// combined by its worst factor, a cap, a missing rule of the axis and one
// of a factor, a segment that replaces the value axis, and priority as an
// expression.
// everyConstruct is testdata/valid/every-construct.json.
var everyConstruct = func() string {
	data, err := os.ReadFile("testdata/valid/every-construct.json")
	if err != nil {
		panic(err)
	}
	return string(data)
}()

// everyConstructInGo is the same policy built with the Go API, from Go
// getters: the document must assess every account as it does.
func everyConstructInGo(t testing.TB) *prioritize.Policy[*prioritize.Account] {
	m := func(get func(*prioritize.Account) float64, c score.Curve) score.Scorer[*prioritize.Account] {
		return score.Metric(get, c)
	}
	industry := score.Must(score.Category(func(a *prioritize.Account) string { return a.Industry },
		map[string]float64{"software": 90, "finance": 70, "retail": 40}, 20))
	friction := score.Must(score.Worst(
		score.Weigh("payments", 1, m(func(a *prioritize.Account) float64 { return float64(a.PaymentFailures) }, score.Must(score.Falling(0, 4)))),
		score.Weigh("escalations", 1, m(func(a *prioritize.Account) float64 { return float64(a.Escalations) }, score.Must(score.Falling(0, 6)))),
	))
	value := score.Must(score.Bounded(score.Must(score.Weighted(score.Options{},
		score.Weigh("revenue", 2, score.Describe(m(func(a *prioritize.Account) float64 { return a.MRR }, score.Must(score.Log(100, 50000))), "monthly recurring revenue")),
		score.Weigh("industry", 1, industry),
		score.Weigh("billing friction", 1, friction),
	)), score.Cap[*prioritize.Account]("detractor", score.CondFunc[*prioritize.Account](func(a *prioritize.Account) bool { return a.NPS < 3 }), 40)))
	expansion := score.Must(score.Fallback(m(func(a *prioritize.Account) float64 { return a.UsageGrowth }, score.Must(score.Linear(-50, 100))), 35))
	potential := score.Must(score.Weighted(score.Options{Missing: score.RateMissing, MissingRating: 10},
		score.Weigh("expansion", 1, expansion),
		score.Weigh("fit", 1, m(func(a *prioritize.Account) float64 { return a.ICPFit }, score.Must(score.Linear(0, 100)))),
	))
	adoption := score.Must(score.Weighted(score.Options{},
		score.Weigh("adoption", 1, m(func(a *prioritize.Account) float64 { return a.FeatureAdoption }, score.Must(score.Linear(0, 100))))))
	p, err := prioritize.New(prioritize.Config[*prioritize.Account]{
		ID: func(a *prioritize.Account) string { return a.ID }, Value: value, Potential: potential,
		Priority: func(v, p float64) (float64, error) { return math.Max(v, p), nil }, PriorityText: "max(value, potential)",
		Segments: []prioritize.Segment[*prioritize.Account]{{Name: "onboarding", Value: adoption,
			When: score.CondFunc[*prioritize.Account](func(a *prioritize.Account) bool { return a.Stage == prioritize.Onboarding })}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestEveryConstructMatchesGo is a property over generated accounts: the
// document with every construct assesses and explains each account exactly
// as the same policy built in Go (descriptions included).
func TestEveryConstructMatchesGo(t *testing.T) {
	doc, err := policydoc.Parse([]byte(everyConstruct))
	if err != nil {
		t.Fatal(err)
	}
	fromDoc, err := policydoc.Compile(doc, func(a *prioritize.Account) string { return a.ID }, rules.Options{})
	if err != nil {
		t.Fatal(err)
	}
	inGo := everyConstructInGo(t)
	segments := map[string]int{}
	rapid.Check(t, func(t *rapid.T) {
		a := prioritizetest.Account().Draw(t, "account")
		want, got := inGo.Explain(a, nil, 0), fromDoc.Explain(a, nil, 0)
		segments[got.Segment]++
		// The document's factors are expressions: their explanations carry
		// the expression's text, which Go getters have not.
		noExpr := cmpopts.IgnoreFields(score.Explanation{}, "Expr")
		if diff := cmp.Diff(want, got, noExpr, cmpopts.IgnoreFields(prioritize.Assessment{}, "Policy"), cmpopts.EquateApprox(0, 1e-9)); diff != "" {
			t.Fatalf("%s (-Go +document):\n%s", a.ID, diff)
		}
	})
	if segments["onboarding"] == 0 || segments["default"] == 0 {
		t.Errorf("segments seen: %v", segments)
	}
}

// TestUnknownLevelsAreReported: a level the table does not declare rates
// the default and is reported by Diagnose, never mapped silently.
func TestUnknownLevelsAreReported(t *testing.T) {
	doc, err := policydoc.Parse([]byte(everyConstruct))
	if err != nil {
		t.Fatal(err)
	}
	p, err := policydoc.Compile(doc, func(a *prioritize.Account) string { return a.ID }, rules.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var sample []*prioritize.Account
	for _, industry := range []string{"software", "Software", "health"} {
		a := prioritizetest.Acme()
		a.ID, a.Industry = industry, industry
		sample = append(sample, a)
	}
	d := p.Diagnose(sample)
	want := `value/base/industry: 2 of 3 accounts have a level its table lacks (first "Software"), rated the default`
	if !strings.Contains(strings.Join(d.Problems, "\n"), want) {
		t.Errorf("problems %q lack %q", d.Problems, want)
	}
}

func ExampleFactor_category() {
	doc, err := policydoc.Parse([]byte(`{
	  "value": {"factors": [
	    {"name": "contract", "weight": 1, "level": "industry",
	     "levels": {"software": 90, "finance": 70}, "default": 20}]},
	  "potential": {"factors": [
	    {"name": "fit", "weight": 1, "expr": "icp_fit", "curve": {"kind": "linear", "lo": 0, "hi": 100}}]}
	}`))
	if err != nil {
		panic(err)
	}
	p, err := policydoc.Compile(doc, func(a *prioritize.Account) string { return a.ID }, rules.Options{})
	if err != nil {
		panic(err)
	}
	for _, industry := range []string{"software", "Software"} {
		as := p.Assess(&prioritize.Account{ID: industry, Industry: industry, ICPFit: 50})
		fmt.Println(industry, as.Value)
	}
	// Output:
	// software 90
	// Software 20
}
