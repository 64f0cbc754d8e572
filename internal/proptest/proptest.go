// Package proptest sets up the property tests of this module's packages.
package proptest

import (
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
)

// Checks is how many cases each rapid property runs by default: the
// project's floor of 1,000. -rapid.checks or RAPID_CHECKS overrides it.
const Checks = 1000

// Main is a TestMain that raises rapid's default number of checks to
// Checks, unless the command line or the environment chose a number.
func Main(m *testing.M) {
	flag.Parse()
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == "rapid.checks" })
	if _, env := os.LookupEnv("RAPID_CHECKS"); !set && !env {
		if f := flag.Lookup("rapid.checks"); f != nil {
			_ = f.Value.Set(strconv.Itoa(Checks))
		}
	}
	os.Exit(m.Run())
}

// Recorder is a TB that records failures instead of failing, to prove that
// a check of a test kit fails when it should.
type Recorder struct{ Msgs []string }

// Helper does nothing.
func (r *Recorder) Helper() {}

// Errorf records a failure.
func (r *Recorder) Errorf(format string, args ...any) {
	r.Msgs = append(r.Msgs, fmt.Sprintf(format, args...))
}

// ExpectFailure checks that r holds a failure whose message has every
// part.
func ExpectFailure(t *testing.T, r *Recorder, parts ...string) {
	t.Helper()
	if len(r.Msgs) == 0 {
		t.Fatalf("the check passed; want a failure with %q", parts)
	}
	for _, p := range parts {
		if !strings.Contains(r.Msgs[0], p) {
			t.Errorf("failure message lacks %q:\n%s", p, r.Msgs[0])
		}
	}
}
