package report

import (
	"bytes"
	"cmp"
	"fmt"
	"html/template"
	"io"
	"slices"
	"strings"

	"github.com/prioritize-dev/prioritize"
	"github.com/prioritize-dev/prioritize/grade"
	"github.com/prioritize-dev/prioritize/internal/text"
	"github.com/prioritize-dev/prioritize/score"
	"github.com/prioritize-dev/prioritize/tier"
)

// TiersOptions configures [Tiers]. The zero value means the defaults.
type TiersOptions struct {
	// Width and Height are the picture's size in pixels; 0 means 480 by
	// 240.
	Width, Height int
}

// Tiers writes the distribution of a ranking over its tiers as an SVG bar
// chart: one bar per tier that holds an account, rank 1 first, and one
// for the unrated when there are any, each labelled with its count.
// ranked is in ranking order, else an error ([ErrOrder]).
func Tiers(w io.Writer, ranked []prioritize.Assessment, opts TiersOptions) error {
	if err := checkOrder(ranked); err != nil {
		return err
	}
	if opts.Width <= 0 {
		opts.Width = 480
	}
	if opts.Height <= 0 {
		opts.Height = 240
	}
	type bar struct {
		label string
		rank  int
		n     int
	}
	var bars []bar
	index := map[int]int{}
	unrated := 0
	for _, as := range ranked {
		if !as.Rated {
			unrated++
			continue
		}
		i, ok := index[as.Tier.Rank]
		if !ok {
			i = len(bars)
			index[as.Tier.Rank] = i
			bars = append(bars, bar{label: fmt.Sprintf("%d %s", as.Tier.Rank, as.Tier.Name), rank: as.Tier.Rank})
		}
		bars[i].n++
	}
	slices.SortFunc(bars, func(a, b bar) int { return cmp.Compare(a.rank, b.rank) })
	if unrated > 0 {
		bars = append(bars, bar{label: "unrated", n: unrated})
	}
	most := 1
	for _, b := range bars {
		most = max(most, b.n)
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, `<svg xmlns="http://www.w3.org/2000/svg" class="tiers" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="12">`+"\n",
		opts.Width, opts.Height, opts.Width, opts.Height)
	fmt.Fprintf(&sb, `<rect width="%d" height="%d" fill="#ffffff"/>`+"\n", opts.Width, opts.Height)
	const left, top, bottom = 16.0, 16.0, 32.0
	slot := (float64(opts.Width) - 2*left) / float64(max(len(bars), 1))
	h := float64(opts.Height) - top - bottom
	for i, b := range bars {
		bh := h * float64(b.n) / float64(most)
		x := left + float64(i)*slot + slot*0.15
		fmt.Fprintf(&sb, `<rect class="bar" data-tier="%d" data-accounts="%d" x="%s" y="%s" width="%s" height="%s" fill="%s"/>`+"\n",
			b.rank, b.n, num(x), num(top+h-bh), num(slot*0.7), num(bh), tierColor(b.rank))
		fmt.Fprintf(&sb, `<text x="%s" y="%s" text-anchor="middle">%d</text>`+"\n", num(x+slot*0.35), num(top+h-bh-4), b.n)
		fmt.Fprintf(&sb, `<text x="%s" y="%s" text-anchor="middle" fill="#444444">%s</text>`+"\n",
			num(x+slot*0.35), num(top+h+18), template.HTMLEscapeString(text.Visible(b.label)))
	}
	sb.WriteString("</svg>\n")
	_, err := io.WriteString(w, sb.String())
	return err
}

// HTMLOptions configures [HTML]. The zero value means the defaults.
type HTMLOptions struct {
	// Title heads the page; "" means "Portfolio".
	Title string
	// Quadrant configures the chart; pass the policy's Matrix.
	Quadrant QuadrantOptions
	// Plan, when set, is shown as the capacity plan (Policy.Plan of the
	// ranking, or tier.Ladder.Fill's).
	Plan *tier.Plan
}

type htmlRow struct {
	Place                      int
	ID, Name                   string
	Rated                      bool
	Unrated                    string
	Value, Potential, Priority string
	Quadrant                   string
	Tier                       int
	TierName                   string
	Grade                      string
	Reasons                    string
	Explanation                string
}

// HTML writes a self-contained portfolio report: the quadrant chart, the
// distribution over tiers, the capacity plan when given, and the ranked
// table, which the reader filters by tier and quadrant (a link can carry
// the filters: report.html#tier=1&quadrant=Star), with each
// account's explanation (when its assessment carries one, as
// Policy.Explain's do) and reason codes behind a disclosure. ranked is in
// ranking order, as Policy.Rank returns it, else an error ([ErrOrder]). The page
// loads nothing: no script, font or style from the network. Its bytes
// depend on its arguments alone.
func HTML(w io.Writer, ranked []prioritize.Assessment, opts HTMLOptions) error {
	q := opts.Quadrant.withDefaults()
	var chart, tiers bytes.Buffer
	if err := Quadrant(&chart, ranked, q); err != nil {
		return err
	}
	if err := Tiers(&tiers, ranked, TiersOptions{}); err != nil {
		return err
	}
	rows := make([]htmlRow, len(ranked))
	for i, as := range ranked {
		// Text from the accounts is shown as it is, but a bidirectional
		// override or a control character in it is written out as its code
		// point: it cannot reorder what the page shows after it.
		r := htmlRow{Place: i + 1, ID: text.Visible(as.ID), Name: text.Visible(q.Name(as)), Rated: as.Rated, Unrated: as.Unrated}
		if as.Rated {
			r.Value, r.Potential, r.Priority = score.FormatRating(as.Value), score.FormatRating(as.Potential), score.FormatRating(as.Priority)
			r.Quadrant, r.Tier, r.TierName = as.Quadrant.String(), as.Tier.Rank, text.Visible(as.Tier.Name)
			if as.HasGrade {
				r.Grade = as.Grade.String()
			}
		}
		r.Reasons = as.Reasons.String()
		if as.Explanation != nil {
			r.Explanation = as.Explanation.String()
		}
		rows[i] = r
	}
	title := text.Visible(opts.Title)
	if title == "" {
		title = "Portfolio"
	}
	var plan string
	if opts.Plan != nil {
		plan = opts.Plan.String()
	}
	return page.Execute(w, struct {
		Title     string
		Chart     template.HTML
		Tiers     template.HTML
		Plan      string
		Rows      []htmlRow
		Quadrants []string
	}{title, template.HTML(chart.String()), template.HTML(tiers.String()), plan, rows,
		[]string{grade.Star.String(), grade.GrowthBet.String(), grade.CashCow.String(), grade.Maintenance.String()}})
}

var page = template.Must(template.New("report").Parse(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
body { font-family: sans-serif; margin: 24px; color: #222; }
.charts { display: flex; flex-wrap: wrap; gap: 24px; align-items: flex-start; }
table { border-collapse: collapse; margin-top: 12px; font-size: 13px; }
th, td { padding: 3px 8px; text-align: left; border-bottom: 1px solid #ddd; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
tr.unrated { color: #888; }
details pre { margin: 4px 0 8px; font-size: 12px; background: #f6f6f6; padding: 6px; }
pre.plan { background: #f6f6f6; padding: 8px; display: inline-block; }
</style>
</head>
<body>
<h1>{{.Title}}</h1>
<div class="charts">{{.Chart}}{{.Tiers}}</div>
{{if .Plan}}<h2>Capacity plan</h2>
<pre class="plan">{{.Plan}}</pre>{{end}}
<h2>Ranking</h2>
<p>
<label>Tier <select id="tier"><option value="">all</option></select></label>
<label>Quadrant <select id="quadrant"><option value="">all</option>{{range .Quadrants}}<option>{{.}}</option>{{end}}</select></label>
<span id="shown"></span>
</p>
<table id="ranking">
<thead><tr><th>#</th><th>account</th><th>value</th><th>potential</th><th>priority</th><th>quadrant</th><th>tier</th><th>grade</th><th>why</th></tr></thead>
<tbody>
{{range .Rows}}<tr class="{{if not .Rated}}unrated{{end}}" data-id="{{.ID}}" data-tier="{{.Tier}}" data-quadrant="{{.Quadrant}}">
<td class="n">{{.Place}}</td><td>{{.Name}}</td>{{if .Rated}}<td class="n">{{.Value}}</td><td class="n">{{.Potential}}</td><td class="n">{{.Priority}}</td><td>{{.Quadrant}}</td><td>{{.Tier}} {{.TierName}}</td><td>{{.Grade}}</td>{{else}}<td colspan="6">unrated: {{.Unrated}}</td>{{end}}
<td>{{if or .Explanation .Reasons}}<details><summary>{{if .Reasons}}{{.Reasons}}{{else}}explain{{end}}</summary>{{if .Explanation}}<pre>{{.Explanation}}</pre>{{end}}</details>{{end}}</td>
</tr>
{{end}}</tbody>
</table>
<script>
(function () {
  var rows = Array.prototype.slice.call(document.querySelectorAll("#ranking tbody tr"));
  var tier = document.getElementById("tier"), quadrant = document.getElementById("quadrant");
  var tiers = {};
  rows.forEach(function (r) { var t = r.getAttribute("data-tier"); if (t !== "0") { tiers[t] = true; } });
  Object.keys(tiers).sort().forEach(function (t) { var o = document.createElement("option"); o.value = t; o.textContent = t; tier.appendChild(o); });
  function apply() {
    var shown = 0;
    rows.forEach(function (r) {
      var ok = (!tier.value || r.getAttribute("data-tier") === tier.value) && (!quadrant.value || r.getAttribute("data-quadrant") === quadrant.value);
      r.style.display = ok ? "" : "none";
      if (ok) { shown++; }
    });
    document.getElementById("shown").textContent = shown + " of " + rows.length + " accounts";
    document.body.setAttribute("data-shown", String(shown));
  }
  // A link can carry the filters: #tier=1&quadrant=Star.
  location.hash.replace(/^#/, "").split("&").forEach(function (kv) {
    var p = kv.split("=");
    if (p[0] === "tier") { tier.value = decodeURIComponent(p[1] || ""); }
    if (p[0] === "quadrant") { quadrant.value = decodeURIComponent(p[1] || ""); }
  });
  tier.addEventListener("change", apply);
  quadrant.addEventListener("change", apply);
  apply();
})();
</script>
</body>
</html>
`))
