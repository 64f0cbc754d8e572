// Command quickstart reproduces the framework's worked example: it rates one
// account on the eight factors of value and potential, from raw inputs
// through curves, and prints the calculation table with the priority in the
// three modes.
//
//	go run ./examples/quickstart
package main

import (
	"fmt"
	"io"
	"os"
	"text/tabwriter"

	"github.com/prioritize-dev/prioritize/score"
)

// Account holds the raw inputs of the worked example.
type Account struct {
	Name         string
	MRR          float64 // dollars a month
	TenureMonths float64
	Engagement   string  // "high", "medium", "low" usage
	Strategic    string  // "top logo", "reference", "standard"
	UsageGrowth  float64 // percent over the last quarter
	Fit          string  // ICP match: "perfect", "strong", "partial", "poor"
	Relationship string  // "strong champion", "champion", "none"
	RenewalDays  float64 // days until renewal
}

// Policy is the framework's value and potential scores.
type Policy struct {
	Value, Potential *score.Aggregate[Account]
}

func pw(dir score.Direction, pts ...score.Point) score.Curve {
	return score.Must(score.Piecewise(dir, pts...))
}

func table(get func(Account) string, t map[string]float64, def float64) score.Scorer[Account] {
	return score.Must(score.Category(get, t, def))
}

// NewPolicy builds the framework's policy. The breakpoints put the worked
// example's inputs where the framework rates them: 5,000 MRR at 80, 18
// months at 60, 40% growth at 85, renewal in 60 days at 90.
func NewPolicy() Policy {
	revenue := pw(score.Ascending, score.Point{X: 0, Y: 0}, score.Point{X: 1000, Y: 40}, score.Point{X: 5000, Y: 80}, score.Point{X: 25000, Y: 100})
	tenure := pw(score.Ascending, score.Point{X: 0, Y: 0}, score.Point{X: 6, Y: 30}, score.Point{X: 18, Y: 60}, score.Point{X: 36, Y: 85}, score.Point{X: 60, Y: 100})
	growth := pw(score.Ascending, score.Point{X: -50, Y: 0}, score.Point{X: 0, Y: 40}, score.Point{X: 20, Y: 65}, score.Point{X: 40, Y: 85}, score.Point{X: 100, Y: 100})
	renewal := pw(score.Descending, score.Point{X: 30, Y: 100}, score.Point{X: 60, Y: 90}, score.Point{X: 180, Y: 50}, score.Point{X: 365, Y: 20})
	return Policy{
		Value: score.Must(score.Weighted(score.Options{},
			score.Weigh("revenue", 0.40, score.Metric(func(a Account) float64 { return a.MRR }, revenue)),
			score.Weigh("tenure", 0.15, score.Metric(func(a Account) float64 { return a.TenureMonths }, tenure)),
			score.Weigh("engagement", 0.20, table(func(a Account) string { return a.Engagement },
				map[string]float64{"high": 90, "medium": 60, "low": 30}, 0)),
			score.Weigh("strategic", 0.25, table(func(a Account) string { return a.Strategic },
				map[string]float64{"top logo": 85, "reference": 70, "standard": 40}, 40)),
		)),
		Potential: score.Must(score.Weighted(score.Options{},
			score.Weigh("expansion", 0.35, score.Metric(func(a Account) float64 { return a.UsageGrowth }, growth)),
			score.Weigh("fit", 0.25, table(func(a Account) string { return a.Fit },
				map[string]float64{"perfect": 95, "strong": 80, "partial": 50, "poor": 20}, 20)),
			score.Weigh("relationship", 0.20, table(func(a Account) string { return a.Relationship },
				map[string]float64{"strong champion": 80, "champion": 60, "none": 20}, 20)),
			score.Weigh("timing", 0.20, score.Metric(func(a Account) float64 { return a.RenewalDays }, renewal)),
		)),
	}
}

// Acme is the account of the worked example.
var Acme = Account{
	Name: "Acme", MRR: 5000, TenureMonths: 18, Engagement: "high", Strategic: "top logo",
	UsageGrowth: 40, Fit: "perfect", Relationship: "strong champion", RenewalDays: 60,
}

// units says what a numeric input is, for the table.
var units = map[string]string{
	"revenue": " MRR", "tenure": " months", "expansion": "% usage growth", "timing": " days to renewal",
}

// Print writes the calculation table of a for policy p.
func Print(w io.Writer, p Policy, a Account) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(w, "%s\n", a.Name)
	fmt.Fprintln(tw, "factor\tinput\trating\tweight\tcontribution")
	for _, axis := range []struct {
		name string
		s    *score.Aggregate[Account]
	}{{"value", p.Value}, {"potential", p.Potential}} {
		e := axis.s.Explain(a)
		for _, c := range e.Children {
			fmt.Fprintf(tw, "%s\t%s%s\t%s\t%.2f\t%s\n", c.Name, c.Input, units[c.Name],
				score.FormatRating(c.Rating), c.Weight, score.FormatRating(c.Contribution))
		}
		fmt.Fprintf(tw, "%s\t\t\t\t%s\n", axis.name, score.FormatRating(e.Rating))
	}
	for _, m := range []struct {
		name string
		mix  score.Mix
	}{{"balanced", score.Balanced}, {"growth", score.Growth}, {"retention", score.Retention}} {
		priority, err := score.Blend[Account](p.Value, p.Potential, m.mix)
		if err != nil {
			return err
		}
		r, ok := priority.Score(a)
		if !ok {
			return fmt.Errorf("%s: priority is missing", a.Name)
		}
		fmt.Fprintf(tw, "priority, %s (%.1f/%.1f)\t\t\t\t%s\n", m.name, m.mix.Value, m.mix.Potential, score.FormatRating(r))
	}
	return tw.Flush()
}

func main() {
	if err := Print(os.Stdout, NewPolicy(), Acme); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}
