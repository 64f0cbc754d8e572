// Package report draws a portfolio: the value × potential matrix, the
// framework's central picture, as SVG. It uses the standard library only,
// writes to an io.Writer, and its bytes depend on its arguments alone, so
// that a chart can be kept under version control and compared.
//
// # The quadrant chart
//
// [Quadrant] draws every rated account of a ranking at (value, potential),
// coloured by tier and sized by ARR, with the policy's cut lines, the
// quadrants' names (Star, Growth Bet, Cash Cow, Maintenance) and the
// best-ranked accounts labelled. Each point carries its account's ID,
// quadrant and tier as data attributes, for scripts and tests.
package report
