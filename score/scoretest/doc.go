// Package scoretest helps users test their own scoring policies, as
// testing/slogtest helps them test slog handlers. It has rapid generators
// for the reference [prioritize.Account].
package scoretest
