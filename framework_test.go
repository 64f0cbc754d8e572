package prioritize_test

import "github.com/prioritize-dev/prioritize/prioritizetest"

var asOf = prioritizetest.AsOf

// The framework's four example accounts (see prioritizetest).
var (
	acme  = prioritizetest.Acme
	beta  = prioritizetest.Beta
	gamma = prioritizetest.Gamma
	delta = prioritizetest.Delta
)
