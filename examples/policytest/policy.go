// Package policytest is a user's own policy, as a team would write one,
// with the tests that guard it (policy_test.go): every check of
// score/scoretest on a custom account type.
//
//	go test ./examples/policytest            # run the checks
//	go test ./examples/policytest -update    # rewrite testdata/golden.json after a deliberate change
package policytest

import (
	"time"

	"github.com/prioritize-dev/prioritize"
	"github.com/prioritize-dev/prioritize/rules"
	"github.com/prioritize-dev/prioritize/score"
)

// Customer is the team's own account type. The expr tags name its fields in
// rules.
type Customer struct {
	ID          string    `expr:"id"`
	ARR         float64   `expr:"arr"`        // dollars a year
	SeatsUsed   int       `expr:"seats_used"` // seats in use
	SeatLimit   int       `expr:"seat_limit"` // seats bought
	Tickets     float64   `expr:"tickets"`    // open support tickets
	NPS         float64   `expr:"nps"`        // 0-10
	Whitespace  float64   `expr:"whitespace"` // dollars of product not yet bought
	LastContact time.Time `expr:"last_contact"`
	AsOf        time.Time `expr:"as_of"`
}

// NewPolicy returns the team's policy: value weights ARR 50, seat
// utilisation 30 (an expression) and support load 20; potential weights
// whitespace 60 and NPS 40; any detractor (NPS below 5) caps potential at
// 50. Tiers, quadrants and mix are the framework's.
func NewPolicy() (*prioritize.Policy[Customer], error) {
	seats, err := rules.CompileNumber[Customer]("seat utilisation", "min(seats_used / seat_limit, 1) * 100", rules.Options{})
	if err != nil {
		return nil, err
	}
	detractor, err := rules.CompileCondition[Customer]("detractor", "nps < 5", rules.Options{})
	if err != nil {
		return nil, err
	}
	value, err := score.Weighted(score.Options{},
		score.Weigh("arr", 50, score.Metric(func(c Customer) float64 { return c.ARR }, score.Must(score.Log(1000, 500000)))),
		score.Weigh("seats", 30, seats.Metric(score.Must(score.Linear(0, 100)))),
		score.Weigh("support", 20, score.Metric(func(c Customer) float64 { return c.Tickets }, score.Must(score.Falling(0, 10)))),
	)
	if err != nil {
		return nil, err
	}
	potential, err := score.Weighted(score.Options{},
		score.Weigh("whitespace", 60, score.Metric(func(c Customer) float64 { return c.Whitespace }, score.Must(score.Linear(0, 200000)))),
		score.Weigh("nps", 40, score.Metric(func(c Customer) float64 { return c.NPS }, score.Must(score.Linear(0, 10)))),
	)
	if err != nil {
		return nil, err
	}
	capped, err := score.Bounded(potential, score.Cap("detractor", detractor, 50))
	if err != nil {
		return nil, err
	}
	return prioritize.New(prioritize.Config[Customer]{
		ID:        func(c Customer) string { return c.ID },
		Value:     value,
		Potential: capped,
	})
}
