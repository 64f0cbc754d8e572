// Package proptest sets up the property tests of this module's packages.
package proptest

import (
	"flag"
	"os"
	"strconv"
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
