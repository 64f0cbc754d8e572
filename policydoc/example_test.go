package policydoc_test

import (
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/prioritize-dev/prioritize"
	"github.com/prioritize-dev/prioritize/policydoc"
	"github.com/prioritize-dev/prioritize/rules"
)

func ExampleCompile() {
	doc, err := policydoc.Parse([]byte(`{
	  "value": {"factors": [
	    {"name": "revenue", "weight": 60, "expr": "mrr", "curve": {"kind": "log", "lo": 100, "hi": 10000}},
	    {"name": "adoption", "weight": 40, "expr": "feature_adoption", "curve": {"kind": "linear", "lo": 0, "hi": 100}}
	  ]},
	  "potential": {"factors": [
	    {"name": "fit", "weight": 1, "expr": "icp_fit", "curve": {"kind": "linear", "lo": 0, "hi": 100}},
	    {"name": "seats left", "weight": 1, "expr": "seat_limit - seats_used", "curve": {"kind": "falling", "lo": 0, "hi": 50}}
	  ]},
	  "segments": [{"name": "renewal", "when": "stage == 'renewal'", "mix": {"value": 0.7, "potential": 0.3}}]
	}`))
	if err != nil {
		panic(err)
	}
	p, err := policydoc.Compile(doc, func(a *prioritize.Account) string { return a.ID }, rules.Options{})
	if err != nil {
		panic(err)
	}
	as := p.Assess(&prioritize.Account{ID: "acme", MRR: 1000, FeatureAdoption: 80, ICPFit: 90, SeatLimit: 50, SeatsUsed: 40})
	// value: 0.6 x 50 + 0.4 x 80 = 62; potential: (90 + 80) / 2 = 85; priority 73.5
	fmt.Println(as.Value, as.Potential, as.Priority, as.Quadrant, as.Tier.Rank)
	// Output: 62 85 73.5 Star 2
}

// A grade: size from potential ARR, likelihood from a 0-100 score, on the
// framework's grid; borderline cells go to the higher tier.
func ExampleGrade() {
	doc, err := policydoc.Parse([]byte(`{
	  "value": {"factors": [{"name": "fit", "weight": 1, "expr": "icp_fit", "curve": {"kind": "linear", "lo": 0, "hi": 100}}]},
	  "potential": {"factors": [{"name": "fit", "weight": 1, "expr": "icp_fit", "curve": {"kind": "linear", "lo": 0, "hi": 100}}]},
	  "grade": {"potential": "potential_arr", "likelihood": "growth_likelihood", "resolution": {"policy": "higher"}}
	}`))
	if err != nil {
		panic(err)
	}
	p, err := policydoc.Compile(doc, func(a *prioritize.Account) string { return a.ID }, rules.Options{})
	if err != nil {
		panic(err)
	}
	as := p.Assess(&prioritize.Account{ID: "a", ICPFit: 50, PotentialARR: 80000, GrowthLikelihood: 50})
	fmt.Println(as.Grade, as.GradeRank)
	// Output: A2 1
}

// A group inside an axis, combined by its worst factor, with a cap that
// holds while a condition does.
func ExampleAxis_group() {
	doc, err := policydoc.Parse([]byte(`{
	  "value": {"factors": [
	    {"name": "revenue", "weight": 1, "expr": "mrr", "curve": {"kind": "linear", "lo": 0, "hi": 10000}},
	    {"name": "billing friction", "weight": 1, "group": {"combine": "worst", "factors": [
	      {"name": "payments", "weight": 1, "expr": "payment_failures", "curve": {"kind": "falling", "lo": 0, "hi": 4}},
	      {"name": "escalations", "weight": 1, "expr": "escalations", "curve": {"kind": "falling", "lo": 0, "hi": 4}}]}}],
	    "bounds": [{"name": "detractor", "when": "nps < 3", "cap": 40}]},
	  "potential": {"factors": [{"name": "fit", "weight": 1, "expr": "icp_fit", "curve": {"kind": "linear", "lo": 0, "hi": 100}, "if_missing": 50}]}
	}`))
	if err != nil {
		panic(err)
	}
	p, err := policydoc.Compile(doc, func(a *prioritize.Account) string { return a.ID }, rules.Options{})
	if err != nil {
		panic(err)
	}
	// revenue 80; friction the worse of payments 75 and escalations 50: 50; value (80 + 50) / 2 = 65.
	// Fit is missing (NaN): rated 50 by its own rule.
	a := &prioritize.Account{ID: "a", MRR: 8000, PaymentFailures: 1, Escalations: 2, NPS: 8, ICPFit: math.NaN()}
	as := p.Assess(a)
	fmt.Println(as.Value, as.Potential)
	a.NPS = 2 // a detractor: value capped at 40
	fmt.Println(p.Assess(a).Value)
	// Output:
	// 65 50
	// 40
}

// Priority as an expression over the two axes instead of a mix: risk x
// worth, the revenue at risk.
func ExampleDocument_priority() {
	doc, err := policydoc.Parse([]byte(`{
	  "value": {"factors": [{"name": "revenue", "weight": 1, "expr": "mrr", "curve": {"kind": "linear", "lo": 0, "hi": 10000}}]},
	  "potential": {"factors": [{"name": "health", "weight": 1, "expr": "csat", "curve": {"kind": "linear", "lo": 0, "hi": 100}}]},
	  "priority": "value * (100 - potential) / 100"
	}`))
	if err != nil {
		panic(err)
	}
	p, err := policydoc.Compile(doc, func(a *prioritize.Account) string { return a.ID }, rules.Options{})
	if err != nil {
		panic(err)
	}
	// value 80, potential (health) 25: 80 x 75 / 100 = 60 at risk.
	as := p.Explain(&prioritize.Account{ID: "a", MRR: 8000, CSAT: 25}, nil, 0)
	fmt.Println(as.Priority, as.Tier.Rank)
	fmt.Println(as.Explanation.Note)
	// Output:
	// 60 2
	// priority = value * (100 - potential) / 100
}

// A segment that replaces the value axis for its accounts: accounts in
// onboarding are worth what they have adopted, not what they pay yet.
func ExampleSegment() {
	doc, err := policydoc.Parse([]byte(`{
	  "value": {"factors": [{"name": "revenue", "weight": 1, "expr": "mrr", "curve": {"kind": "linear", "lo": 0, "hi": 10000}}]},
	  "potential": {"factors": [{"name": "fit", "weight": 1, "expr": "icp_fit", "curve": {"kind": "linear", "lo": 0, "hi": 100}}]},
	  "segments": [{"name": "onboarding", "description": "new accounts weigh adoption", "when": "stage == 'onboarding'",
	    "value": {"factors": [{"name": "adoption", "weight": 1, "expr": "feature_adoption", "curve": {"kind": "linear", "lo": 0, "hi": 100}}]}}]
	}`))
	if err != nil {
		panic(err)
	}
	p, err := policydoc.Compile(doc, func(a *prioritize.Account) string { return a.ID }, rules.Options{})
	if err != nil {
		panic(err)
	}
	for _, stage := range []string{"onboarding", "adoption"} {
		as := p.Assess(&prioritize.Account{ID: stage, Stage: stage, MRR: 1000, FeatureAdoption: 60, ICPFit: 80})
		fmt.Println(as.Segment, as.Value)
	}
	// Output:
	// onboarding 60
	// default 10
}

// A document that declares its fields reads any CSV export: here a blank
// MRR ("n/a") is missing data, which leaves beta's value axis, its only
// factor, without data (unrated, with the reason), and a bad cell rejects
// its row with its place.
func ExampleDocument_Records() {
	doc, err := policydoc.Parse([]byte(`{
	  "value": {"factors": [{"name": "revenue", "weight": 1, "expr": "mrr", "curve": {"kind": "linear", "lo": 0, "hi": 1000}}]},
	  "potential": {"factors": [{"name": "fit", "weight": 1, "expr": "fit", "curve": {"kind": "linear", "lo": 0, "hi": 10}}]},
	  "fields": [
	    {"name": "id", "type": "string", "column": "Account"},
	    {"name": "mrr", "type": "number", "column": "MRR", "blank": ["n/a"]},
	    {"name": "fit", "type": "integer", "column": "Fit"}
	  ]}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	p, err := policydoc.CompileRecords(doc, rules.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	csv := "Account,MRR,Fit,Owner\nacme,500,8,ana\nbeta,n/a,6,bo\ngamma,lots,7,cy\n"
	rr, err := doc.Records(strings.NewReader(csv), policydoc.CSV)
	if err != nil {
		fmt.Println(err)
		return
	}
	for {
		rec, err := rr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			fmt.Println("rejected:", err)
			continue
		}
		if as := p.Assess(rec); as.Rated {
			fmt.Printf("%s: value %v, potential %v, priority %v\n", as.ID, as.Value, as.Potential, as.Priority)
		} else {
			fmt.Printf("%s: unrated: %s\n", as.ID, as.Unrated)
		}
	}
	// Output:
	// acme: value 50, potential 80, priority 65
	// beta: unrated: value has no data
	// rejected: line 4, column 7 (mrr): "lots" is not a number
}
