// Package sample holds the bundled sample portfolio, for the examples and
// the prioritize command to run on a fresh clone: 42 accounts (the
// framework's four examples among them) and the default policy as a
// document that declares the fields it reads from them.
package sample

import _ "embed"

// Accounts is the sample portfolio as CSV: a header row naming the columns
// by prioritize.Account's JSON names, then one account a row.
//
//go:embed accounts.csv
var Accounts []byte

// Policy is the framework's default policy as a document
// (policydoc/testdata/default-policy.json), with the fields it reads from
// Accounts.
//
//go:embed policy.json
var Policy []byte
