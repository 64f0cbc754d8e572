// Package report draws a portfolio: the value × potential matrix, the
// framework's central picture, as SVG, and a portfolio report as HTML. It uses the standard library only,
// writes to an io.Writer, and its bytes depend on its arguments alone, so
// that a chart can be kept under version control and compared.
//
// # The quadrant chart
//
// [Quadrant] draws every rated account of a ranking at (value, potential),
// coloured by tier and sized by ARR, with the policy's cut lines, the
// quadrants' names (Star, Growth Bet, Cash Cow, Maintenance) and the
// best-ranked accounts labelled. Each point carries its account's ID,
// quadrant and tier as data attributes, for scripts and tests. [Tiers]
// draws the distribution over tiers as bars.
//
// # The HTML report
//
// [HTML] writes one self-contained page (no script, font or style from
// the network): both charts, the capacity plan, and the ranked table,
// which the reader filters by tier and quadrant, with each account's
// reasons and explanation behind a disclosure.
//
//	go run ./examples/portfolio -format html -o report.html
//
// The tests open the chart and the report in headless Chromium (Debian's
// chromium package; .ci/run installs it and the tests must run under
// CI=true): the points the browser laid out are counted, the filters are
// applied, the console stays silent, and the screenshots are kept.
package report
