package main

import (
	"bytes"
	"strings"
	"testing"
)

// TestPrint checks the table against DESIGN.md's worked example.
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
