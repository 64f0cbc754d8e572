// Package grade maps accounts onto two-dimensional schemes: the value x
// potential quadrant, and the A1..C3 grade grid.
//
// # Quadrants
//
// A [Matrix] places an account by its value and potential ratings: at or
// above a cut (50 and 50 by default) is high. The four [Quadrant] values,
// in order of priority:
//
//	            low value     high value
//	high pot.   Growth Bet    Star
//	low pot.    Maintenance   Cash Cow
//
// Stars get the highest priority, Growth Bets high, Cash Cows medium,
// Maintenance low; each quadrant carries the framework's strategy. A NaN
// rating has no quadrant (ok == false).
//
// # Grades
//
// A [Grade] is a potential size, A ($50k potential and over), B ([$10k,
// $50k)) or C (under $10k), and a likelihood of growth, 1 (strong champion,
// few barriers) to 3 (major barriers). A1 is the best account, C3 the
// least. Sales grades an account at close; customer success regrades it
// within 30 days and on every change of state. A [Grader] derives grades
// from a dollar potential and a 0-100 likelihood score through
// configurable, half-open bands. Grades print as "A1", parse
// case-insensitively with [Parse], and marshal as text.
//
// # The grid
//
// A [Grid] maps every grade to a tier rank of package tier. It is total:
// [NewGrid] checks that each of the nine grades is mapped exactly once.
// Cells between two tiers are borderline, resolved by the grid's
// [Resolution]: towards the higher tier, the lower, or by a tie-break score
// against a cut. [DefaultGrid] is the framework's:
//
//	     1         2         3
//	A    tier 1    tier 1/2  tier 2
//	B    tier 1/2  tier 2    tier 3
//	C    tier 2    tier 3    tier 3
package grade
