package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/prioritize-dev/prioritize/score"
	"github.com/prioritize-dev/prioritize/score/scoretest"
	"pgregory.net/rapid"
)

// TestPrint checks the table against the framework's (docs/framework.md) worked example.
func TestPrint(t *testing.T) {
	var buf bytes.Buffer
	if err := Print(&buf, NewPolicy(), Acme); err != nil {
		t.Fatal(err)
	}
	got := buf.String()
	// Each row: factor, rating, weight, contribution, as the framework's table has them.
	for _, row := range [][]string{
		{"revenue", "5000 MRR", "80", "0.40", "32"},
		{"tenure", "18 months", "60", "0.15", "9"},
		{"engagement", "high", "90", "0.20", "18"},
		{"strategic", "top logo", "85", "0.25", "21.25"},
		{"value", "80.25"},
		{"expansion", "40% usage growth", "85", "0.35", "29.75"},
		{"fit", "perfect", "95", "0.25", "23.75"},
		{"relationship", "strong champion", "80", "0.20", "16"},
		{"timing", "60 days to renewal", "90", "0.20", "18"},
		{"potential", "87.5"},
		{"priority, balanced (0.5/0.5)", "83.875"},
		{"priority, growth (0.3/0.7)", "85.325"},
		{"priority, retention (0.7/0.3)", "82.425"},
	} {
		if !hasRow(got, row) {
			t.Errorf("no row %q in\n%s", row, got)
		}
	}
}

// hasRow reports whether some line of text holds cells in order, separated
// by two or more spaces.
func hasRow(text string, cells []string) bool {
	for _, line := range strings.Split(text, "\n") {
		var got []string
		for _, f := range strings.Split(line, "  ") {
			if f = strings.TrimSpace(f); f != "" {
				got = append(got, f)
			}
		}
		if strings.Join(got, "|") == strings.Join(cells, "|") {
			return true
		}
	}
	return false
}

// TestPolicyChecks runs score/scoretest's checks on the quickstart policy.
func TestPolicyChecks(t *testing.T) {
	p := NewPolicy()
	scoretest.Weights(t, p.Value, scoretest.WeightOptions{Total: 1, MinShare: 0.1})
	scoretest.Weights(t, p.Potential, scoretest.WeightOptions{Total: 1, MinShare: 0.1})
	mrr := scoretest.Field("mrr", score.Ascending, func(a Account) float64 { return a.MRR },
		func(a Account, v float64) Account { a.MRR = v; return a })
	renewal := scoretest.Field("renewal days", score.Descending, func(a Account) float64 { return a.RenewalDays },
		func(a Account, v float64) Account { a.RenewalDays = v; return a })
	scoretest.Property(t, rapid.Custom(func(t *rapid.T) Account {
		return Account{
			Name: "generated", MRR: scoretest.Maybe(scoretest.Float(0, 40000), 20).Draw(t, "mrr"),
			TenureMonths: scoretest.Hostile().Draw(t, "tenure"),
			Engagement:   rapid.SampledFrom([]string{"high", "medium", "low", ""}).Draw(t, "engagement"),
			Strategic:    rapid.SampledFrom([]string{"top logo", "reference", "standard"}).Draw(t, "strategic"),
			UsageGrowth:  scoretest.Float(-80, 200).Draw(t, "growth"),
			Fit:          rapid.SampledFrom([]string{"perfect", "strong", "partial", "poor"}).Draw(t, "fit"),
			Relationship: rapid.SampledFrom([]string{"strong champion", "champion", "none"}).Draw(t, "relationship"),
			RenewalDays:  scoretest.Float(-30, 400).Draw(t, "renewal"),
		}
	}), func(t *rapid.T, a Account) {
		for _, s := range []*score.Aggregate[Account]{p.Value, p.Potential} {
			scoretest.Bounds[Account](t, s, a)
			scoretest.Deterministic[Account](t, s, a)
			scoretest.Monotone[Account](t, s, a, mrr, rapid.Float64Range(0, 5000).Draw(t, "by"))
			scoretest.Monotone[Account](t, s, a, renewal, rapid.Float64Range(0, 60).Draw(t, "by"))
		}
	})
}
