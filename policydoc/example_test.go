package policydoc_test

import (
	"fmt"

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
