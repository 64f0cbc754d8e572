package report

import (
	"bufio"
	"errors"
	"fmt"
	"html"
	"io"
	"math"
	"slices"
	"strconv"

	"github.com/prioritize-dev/prioritize"
	"github.com/prioritize-dev/prioritize/grade"
	"github.com/prioritize-dev/prioritize/internal/text"
)

// QuadrantOptions configures [Quadrant]. The zero value means the
// defaults.
type QuadrantOptions struct {
	// Width and Height are the picture's size in pixels; 0 means 800 by
	// 600.
	Width, Height int
	// Matrix gives the cut lines; the zero Matrix cuts at 50/50, as the
	// policy's does by default. Pass the policy's (Config().Matrix).
	Matrix grade.Matrix
	// Labels is how many of the best-ranked accounts are labelled by name;
	// 0 means 10, a negative number none.
	Labels int
	// Name returns the label of an account; nil means its ID.
	Name func(prioritize.Assessment) string
	// Title is drawn above the chart; "" means none.
	Title string
}

func (o QuadrantOptions) withDefaults() QuadrantOptions {
	if o.Width <= 0 {
		o.Width = 800
	}
	if o.Height <= 0 {
		o.Height = 600
	}
	if o.Labels == 0 {
		o.Labels = 10
	}
	if o.Name == nil {
		o.Name = func(as prioritize.Assessment) string { return as.ID }
	}
	return o
}

// ErrCuts is returned by [Quadrant] when its cut lines would put an
// account in another quadrant than its assessment says: the chart must be
// drawn with the policy's matrix.
var ErrCuts = errors.New("the chart's cuts are not the policy's")

// ErrOrder is returned by [Quadrant], [Tiers] and [HTML] when the
// assessments are not in ranking order ([prioritize.Compare]): the labels
// and the table would show the wrong accounts first.
var ErrOrder = errors.New("the assessments are not in ranking order")

// checkOrder returns an error wrapping ErrOrder at the first assessment
// out of ranking order.
func checkOrder(ranked []prioritize.Assessment) error {
	for i := 1; i < len(ranked); i++ {
		if prioritize.Compare(ranked[i-1], ranked[i]) > 0 {
			return fmt.Errorf("report: %w: %s (place %d) ranks before %s (place %d): pass Policy.Rank's ranking, or sort it with slices.SortStableFunc(ranked, prioritize.Compare)",
				ErrOrder, text.Visible(ranked[i].ID), i+1, text.Visible(ranked[i-1].ID), i)
		}
	}
	return nil
}

// tierColors are the fills of tiers 1 to 6 (rank 1 the strongest); a rank
// past them takes the last.
var tierColors = []string{"#b2182b", "#ef8a62", "#67a9cf", "#2166ac", "#5e3c99", "#7f7f7f"}

func tierColor(rank int) string {
	if rank < 1 {
		return tierColors[len(tierColors)-1]
	}
	return tierColors[min(rank, len(tierColors))-1]
}

// Quadrant writes the value × potential matrix of a ranking as SVG: every
// rated account a point at (value, potential), coloured by tier and sized
// by ARR, the cut lines and the quadrants' names, and the best-ranked
// accounts labelled. opts.Matrix must be the policy's: an account its cuts
// would place elsewhere than its assessment is an error ([ErrCuts]).
// ranked is in ranking order ([prioritize.Compare]), as
// Policy.Rank returns it, else an error ([ErrOrder]); unrated accounts are
// not drawn. Each point
// carries its account's ID, quadrant and tier as data attributes. The
// output depends on its arguments only: the same ranking gives the same
// bytes.
func Quadrant(w io.Writer, ranked []prioritize.Assessment, opts QuadrantOptions) error {
	o := opts.withDefaults()
	if err := checkOrder(ranked); err != nil {
		return err
	}
	for _, as := range ranked {
		if q, ok := o.Matrix.Place(as.Value, as.Potential); as.Rated && (!ok || q != as.Quadrant) {
			return fmt.Errorf("report: %w: %s is a %v, but these cuts place it in %v: pass the policy's Matrix", ErrCuts, as.ID, as.Quadrant, q)
		}
	}
	bw := bufio.NewWriter(w)
	const left, right, top, bottom = 56.0, 24.0, 40.0, 48.0
	pw, ph := float64(o.Width)-left-right, float64(o.Height)-top-bottom
	x := func(v float64) float64 { return left + pw*clamp100(v)/100 }
	y := func(p float64) float64 { return top + ph*(1-clamp100(p)/100) }
	maxARR := 0.0
	for _, as := range ranked {
		if as.Rated && as.ARR > maxARR {
			maxARR = as.ARR
		}
	}
	radius := func(arr float64) float64 {
		if !(arr > 0) || maxARR == 0 {
			return 2.5
		}
		return 2.5 + 9.5*math.Sqrt(arr/maxARR)
	}
	vc, pc := cutOf(o.Matrix.ValueCut), cutOf(o.Matrix.PotentialCut)

	fmt.Fprintf(bw, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="12">`+"\n",
		o.Width, o.Height, o.Width, o.Height)
	fmt.Fprintf(bw, `<rect width="%d" height="%d" fill="#ffffff"/>`+"\n", o.Width, o.Height)
	if o.Title != "" {
		fmt.Fprintf(bw, `<text x="%s" y="16" font-size="15" font-weight="bold">%s</text>`+"\n", num(left), html.EscapeString(text.Visible(o.Title)))
	}
	// The plot's frame, the cut lines and the quadrants' names.
	fmt.Fprintf(bw, `<rect class="plot" x="%s" y="%s" width="%s" height="%s" fill="#fafafa" stroke="#999999"/>`+"\n",
		num(left), num(top), num(pw), num(ph))
	fmt.Fprintf(bw, `<line class="cut" data-axis="value" x1="%s" y1="%s" x2="%s" y2="%s" stroke="#555555" stroke-dasharray="4 3"/>`+"\n",
		num(x(vc)), num(top), num(x(vc)), num(top+ph))
	fmt.Fprintf(bw, `<line class="cut" data-axis="potential" x1="%s" y1="%s" x2="%s" y2="%s" stroke="#555555" stroke-dasharray="4 3"/>`+"\n",
		num(left), num(y(pc)), num(left+pw), num(y(pc)))
	for _, q := range []struct {
		q      grade.Quadrant
		x, y   float64
		anchor string
	}{
		{grade.GrowthBet, left + 6, top + 16, "start"},
		{grade.Star, left + pw - 6, top + 16, "end"},
		{grade.Maintenance, left + 6, top + ph - 8, "start"},
		{grade.CashCow, left + pw - 6, top + ph - 8, "end"},
	} {
		fmt.Fprintf(bw, `<text class="quadrant" x="%s" y="%s" text-anchor="%s" fill="#444444" font-weight="bold">%s</text>`+"\n",
			num(q.x), num(q.y), q.anchor, q.q)
	}
	// Axes.
	for _, t := range []float64{0, 25, 50, 75, 100} {
		fmt.Fprintf(bw, `<text x="%s" y="%s" text-anchor="middle" fill="#666666">%s</text>`+"\n", num(x(t)), num(top+ph+16), num(t))
		fmt.Fprintf(bw, `<text x="%s" y="%s" text-anchor="end" fill="#666666">%s</text>`+"\n", num(left-6), num(y(t)+4), num(t))
	}
	fmt.Fprintf(bw, `<text x="%s" y="%s" text-anchor="middle">value (now)</text>`+"\n", num(left+pw/2), num(top+ph+36))
	fmt.Fprintf(bw, `<text transform="translate(16 %s) rotate(-90)" text-anchor="middle">potential (future)</text>`+"\n", num(top+ph/2))
	// The points, the lowest-ranked first, so that the best are drawn on top.
	fmt.Fprintln(bw, `<g class="points" fill-opacity="0.7" stroke="#ffffff" stroke-width="0.5">`)
	for i := len(ranked) - 1; i >= 0; i-- {
		as := ranked[i]
		if !as.Rated {
			continue
		}
		fmt.Fprintf(bw, `<circle cx="%s" cy="%s" r="%s" fill="%s" data-id="%s" data-quadrant="%s" data-tier="%d"><title>%s: value %s, potential %s, priority %s, tier %d</title></circle>`+"\n",
			num(x(as.Value)), num(y(as.Potential)), num(radius(as.ARR)), tierColor(as.Tier.Rank),
			html.EscapeString(text.Visible(as.ID)), as.Quadrant, as.Tier.Rank,
			html.EscapeString(text.Visible(o.Name(as))), num(as.Value), num(as.Potential), num(as.Priority), as.Tier.Rank)
	}
	fmt.Fprintln(bw, `</g>`)
	// Labels of the best-ranked accounts.
	fmt.Fprintln(bw, `<g class="labels" font-size="11" fill="#222222">`)
	labelled := 0
	var boxes [][4]float64 // the labels placed so far: x0, y0, x1, y1
	for _, as := range ranked {
		if labelled >= o.Labels || !as.Rated {
			break
		}
		labelled++
		name := o.Name(as)
		wide := 6.2 * float64(len([]rune(name))) // about the width of 11px sans-serif
		px, py, r := x(as.Value), y(as.Potential), radius(as.ARR)
		lx, anchor := px+r+2, "start"
		if lx+wide > float64(o.Width)-2 { // past the right edge: left of the point
			lx, anchor = px-r-2, "end"
		}
		x0 := lx
		if anchor == "end" {
			x0 = lx - wide
		}
		// Move down a line at a time past the labels already placed.
		ly := py + 4
		for tries := 0; tries < 6; tries++ {
			clash := false
			for _, b := range boxes {
				if x0 < b[2] && x0+wide > b[0] && ly-10 < b[3] && ly+2 > b[1] {
					clash = true
					break
				}
			}
			if !clash {
				break
			}
			ly += 12
		}
		boxes = append(boxes, [4]float64{x0, ly - 10, x0 + wide, ly + 2})
		fmt.Fprintf(bw, `<text x="%s" y="%s" text-anchor="%s" data-id="%s">%s</text>`+"\n",
			num(lx), num(ly), anchor, html.EscapeString(text.Visible(as.ID)), html.EscapeString(text.Visible(name)))
	}
	fmt.Fprintln(bw, `</g>`)
	// The tiers' legend.
	seen := map[int]string{}
	var ranks []int
	for _, as := range ranked {
		if as.Rated {
			if _, ok := seen[as.Tier.Rank]; !ok {
				seen[as.Tier.Rank] = as.Tier.Name
				ranks = append(ranks, as.Tier.Rank)
			}
		}
	}
	slices.Sort(ranks)
	for i, r := range ranks {
		lx := left + pw - float64(len(ranks)-i)*110
		fmt.Fprintf(bw, `<circle cx="%s" cy="30" r="5" fill="%s"/><text x="%s" y="34">tier %d %s</text>`+"\n",
			num(lx), tierColor(r), num(lx+9), r, html.EscapeString(text.Visible(seen[r])))
	}
	fmt.Fprintln(bw, `</svg>`)
	return bw.Flush()
}

func cutOf(c float64) float64 {
	if c == 0 {
		return grade.DefaultCut
	}
	return c
}

func clamp100(v float64) float64 { return min(max(v, 0), 100) }

// num formats a coordinate or a rating: at most three decimals, no
// trailing zeros, so that the bytes are the same on every machine.
func num(v float64) string {
	return strconv.FormatFloat(math.Round(v*1000)/1000, 'f', -1, 64)
}
