//go:build race

package proptest

// RaceEnabled reports whether the race detector is on. Under it, sync.Pool
// drops items at random on purpose, so allocation counts of code that pools
// are not meaningful: tests of them skip.
const RaceEnabled = true
