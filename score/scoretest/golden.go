package scoretest

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/prioritize-dev/prioritize"
)

// Want is what a golden case expects of an account's assessment. Tier 0
// and an empty Quadrant mean unrated.
type Want struct {
	Value     float64 `json:"value"`
	Potential float64 `json:"potential"`
	Priority  float64 `json:"priority"`
	Quadrant  string  `json:"quadrant"`
	Tier      int     `json:"tier"`
}

// Case is one golden account: a name for messages, the account and what
// the policy must say of it.
type Case[A any] struct {
	Name    string
	Account A
	Want    Want
}

// Got is the [Want] of an assessment.
func Got(as prioritize.Assessment) Want {
	if !as.Rated {
		return Want{}
	}
	return Want{Value: as.Value, Potential: as.Potential, Priority: as.Priority, Quadrant: as.Quadrant.String(), Tier: as.Tier.Rank}
}

// Golden checks every case against the policy, with ratings compared
// within tol (0 means [Tolerance]), and reports each difference as a
// go-cmp diff "(-want +got)" naming the case.
func Golden[A any](t TB, p *prioritize.Policy[A], cases []Case[A], tol float64) bool {
	t.Helper()
	if tol <= 0 {
		tol = Tolerance
	}
	ok := true
	for _, c := range cases {
		got := Got(p.Assess(c.Account))
		if diff := cmp.Diff(c.Want, got, cmpopts.EquateApprox(0, tol)); diff != "" {
			t.Errorf("scoretest.Golden: case %q (%s) (-want +got):\n%s", c.Name, describe(c.Account), diff)
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
// and run go test -update after a deliberate change. Ratings are compared
// as the JSON has them.
func GoldenFile(t TB, path string, got any, update bool) bool {
	t.Helper()
	data, err := json.MarshalIndent(got, "", "  ")
	if err != nil {
		t.Errorf("scoretest.GoldenFile: encoding %s: %v", path, err)
		return false
	}
	data = append(data, '\n')
	if update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err == nil {
			err = os.WriteFile(path, data, 0o644)
		}
		if err != nil {
			t.Errorf("scoretest.GoldenFile: %v", err)
			return false
		}
		return true
	}
	want, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		t.Errorf("scoretest.GoldenFile: %s does not exist; run the test with -update to write it", path)
		return false
	}
	if err != nil {
		t.Errorf("scoretest.GoldenFile: %v", err)
		return false
	}
	if !bytes.Equal(want, data) {
		var w, g any
		_ = json.Unmarshal(want, &w)
		_ = json.Unmarshal(data, &g)
		t.Errorf("scoretest.GoldenFile: %s differs (-want +got):\n%s", path, cmp.Diff(w, g))
		return false
	}
	return true
}
