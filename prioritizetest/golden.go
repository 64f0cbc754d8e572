package prioritizetest

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/prioritize-dev/prioritize"
	"github.com/prioritize-dev/prioritize/score/scoretest"
)

// Want is what a golden case expects of an account's assessment. Tier 0
// and an empty Quadrant mean unrated. Segment and Grade are checked when
// set: "renewal", "A1".
type Want struct {
	Value     float64 `json:"value"`
	Potential float64 `json:"potential"`
	Priority  float64 `json:"priority"`
	Quadrant  string  `json:"quadrant"`
	Tier      int     `json:"tier"`
	Segment   string  `json:"segment,omitempty"`
	Grade     string  `json:"grade,omitempty"`
}

// Case is one golden account: a name for messages, the account and what
// the policy must say of it.
type Case[A any] struct {
	Name    string
	Account A
	Want    Want
}

// Got is the [Want] of an assessment, with every field set: its segment,
// and its grade when the policy grades accounts.
func Got(as prioritize.Assessment) Want {
	if !as.Rated {
		return Want{}
	}
	w := Want{Value: as.Value, Potential: as.Potential, Priority: as.Priority, Quadrant: as.Quadrant.String(),
		Tier: as.Tier.Rank, Segment: as.Segment}
	if as.HasGrade {
		w.Grade = as.Grade.String()
	}
	return w
}

// Golden checks every case against the policy, with ratings compared
// within tol (0 means scoretest.Tolerance), and reports each difference as
// a go-cmp diff "(-want +got)" naming the case. A case that leaves Segment
// or Grade empty does not pin it.
func Golden[A any](t scoretest.TB, p *prioritize.Policy[A], cases []Case[A], tol float64) bool {
	t.Helper()
	if tol <= 0 {
		tol = scoretest.Tolerance
	}
	ok := true
	for _, c := range cases {
		got := Got(p.Assess(c.Account))
		if c.Want.Segment == "" {
			got.Segment = ""
		}
		if c.Want.Grade == "" {
			got.Grade = ""
		}
		if diff := cmp.Diff(c.Want, got, cmpopts.EquateApprox(0, tol)); diff != "" {
			t.Errorf("prioritizetest.Golden: case %q (%s) (-want +got):\n%s", c.Name, scoretest.Describe(c.Account), diff)
			ok = false
		}
	}
	return ok
}

// GoldenFile compares got, encoded as indented JSON, with the file at path
// (under testdata, by convention), or writes the file when update is true:
// wire update to a flag of your own,
//
//	var update = flag.Bool("update", false, "rewrite golden files")
//
// and run go test -update after a deliberate change. Numbers are compared
// within tol (0 means scoretest.Tolerance, relative to their size), so
// that a rounding in the last digit is no difference; everything else is
// compared exactly.
func GoldenFile(t scoretest.TB, path string, got any, tol float64, update bool) bool {
	t.Helper()
	if tol <= 0 {
		tol = scoretest.Tolerance
	}
	data, err := json.MarshalIndent(got, "", "  ")
	if err != nil {
		t.Errorf("prioritizetest.GoldenFile: encoding %s: %v", path, err)
		return false
	}
	data = append(data, '\n')
	if update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err == nil {
			err = os.WriteFile(path, data, 0o644)
		}
		if err != nil {
			t.Errorf("prioritizetest.GoldenFile: %v", err)
			return false
		}
		return true
	}
	want, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		t.Errorf("prioritizetest.GoldenFile: %s does not exist; run the test with -update to write it", path)
		return false
	}
	if err != nil {
		t.Errorf("prioritizetest.GoldenFile: %v", err)
		return false
	}
	var w, g any
	if err := json.Unmarshal(want, &w); err != nil {
		t.Errorf("prioritizetest.GoldenFile: %s: %v", path, err)
		return false
	}
	_ = json.Unmarshal(data, &g)
	if diff := cmp.Diff(w, g, cmpopts.EquateApprox(tol, tol)); diff != "" {
		t.Errorf("prioritizetest.GoldenFile: %s differs (-want +got):\n%s", path, diff)
		return false
	}
	return true
}
