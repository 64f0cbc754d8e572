package report_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/prioritize-dev/prioritize"
	"github.com/prioritize-dev/prioritize/prioritizetest"
	"github.com/prioritize-dev/prioritize/report"
)

// explained ranks n generated accounts and explains each, as a report of
// a small book would.
func explained(t *testing.T, n int) []prioritize.Assessment {
	t.Helper()
	p := prioritize.Default()
	g := prioritizetest.Account()
	accounts := make([]*prioritize.Account, n)
	for i := range accounts {
		accounts[i] = g.Example(i)
	}
	ranked, err := p.Rank(context.Background(), accounts, prioritize.RankOptions{Reasons: 2})
	if err != nil {
		t.Fatal(err)
	}
	for i := range ranked {
		ranked[i].Explanation = p.Explain(accounts[ranked[i].Index], nil, 0).Explanation
	}
	return ranked
}

func writeHTML(t *testing.T, ranked []prioritize.Assessment) []byte {
	t.Helper()
	plan := prioritize.Default().Plan(ranked)
	var b bytes.Buffer
	if err := report.HTML(&b, ranked, report.HTMLOptions{Title: "Book of 60", Plan: &plan}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestHTMLGolden: the report is byte-identical to the golden file, and
// loads nothing from anywhere.
func TestHTMLGolden(t *testing.T) {
	out := writeHTML(t, explained(t, 60))
	if again := writeHTML(t, explained(t, 60)); !bytes.Equal(out, again) {
		t.Fatal("two reports of the same ranking differ")
	}
	const golden = "testdata/report.html"
	if *update {
		if err := os.WriteFile(golden, out, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(want, out) {
		t.Errorf("the report differs from %s (go test ./report -update after a deliberate change)", golden)
	}
	// Self-contained: no src or href, no URL but the SVG namespace.
	s := strings.ReplaceAll(string(out), `xmlns="http://www.w3.org/2000/svg"`, "")
	for _, bad := range []string{"src=", "href=", "http://", "https://", "@import", "url("} {
		if strings.Contains(s, bad) {
			t.Errorf("the report refers to something outside it: %q", bad)
		}
	}
}

// TestHTMLInABrowser opens the report in headless Chromium: every account
// is a row, the filters from the link's fragment show the rows they
// should, nothing is logged to the console, and the screenshot is not
// blank.
func TestHTMLInABrowser(t *testing.T) {
	bin := chromium(t)
	dir := artifacts(t)
	ranked := explained(t, 60)
	path := filepath.Join(dir, "report.html")
	if err := os.WriteFile(path, writeHTML(t, ranked), 0o644); err != nil {
		t.Fatal(err)
	}
	stars1 := 0
	for _, as := range ranked {
		if as.Rated && as.Tier.Rank == 2 && as.Quadrant.String() == "Star" {
			stars1++
		}
	}
	for _, c := range []struct {
		fragment string
		want     int
	}{{"", len(ranked)}, {"#tier=2&quadrant=Star", stars1}} {
		dom, console := runBrowser(t, bin, "--dump-dom", "file://"+path+c.fragment)
		m := regexp.MustCompile(`data-shown="(\d+)"`).FindStringSubmatch(dom)
		if m == nil {
			t.Fatalf("%s: the page's script did not run:\n%.300s", c.fragment, dom)
		}
		if n, _ := strconv.Atoi(m[1]); n != c.want {
			t.Errorf("%q: %d rows shown, want %d", c.fragment, n, c.want)
		}
		if len(console) > 0 {
			t.Errorf("console messages: %s", strings.Join(console, "\n"))
		}
	}
	shot := filepath.Join(dir, "report.png")
	if _, console := runBrowser(t, bin, "--window-size=1280,1600", "--screenshot="+shot, "file://"+path); len(console) > 0 {
		t.Errorf("console messages: %s", strings.Join(console, "\n"))
	}
	checkScreenshot(t, shot, 1280, 1600)
}

// TestTextCannotSpoof: an ID or a name holding a bidirectional override, a
// control character or invalid UTF-8 is shown with the character written
// out ("[U+202E]"), in the HTML report and in the SVG chart: it cannot
// reverse what the page shows after it (issue 34: U+202E reached the
// HTML raw).
func TestTextCannotSpoof(t *testing.T) {
	ranked := explained(t, 5)
	ranked[0].ID, ranked[1].ID, ranked[2].ID = "invoice\u202eexe.pdf", "nul\x00here", "bad\xffbyte"
	opts := report.QuadrantOptions{Name: func(as prioritize.Assessment) string { return as.ID + " Corp\u2066" }}
	var html, svg bytes.Buffer
	if err := report.HTML(&html, ranked, report.HTMLOptions{Title: "Book\u202e", Quadrant: opts}); err != nil {
		t.Fatal(err)
	}
	if err := report.Quadrant(&svg, ranked, opts); err != nil {
		t.Fatal(err)
	}
	for name, out := range map[string]string{"html": html.String(), "svg": svg.String()} {
		for _, bad := range []string{"\u202e", "\u2066", "\x00", "\xff"} {
			if strings.Contains(out, bad) {
				t.Errorf("%s: holds %q raw", name, bad)
			}
		}
		if !strings.Contains(out, "invoice[U+202E]exe.pdf") {
			t.Errorf("%s: the spoofing ID is not shown written out", name)
		}
	}
	if !strings.Contains(html.String(), "nul[U+0000]here") || !strings.Contains(html.String(), "bad\uFFFDbyte") {
		t.Error("html: the NUL or the invalid byte is not shown")
	}
}

// TestOrderRequired: a ranking out of order is refused, not drawn with the
// wrong accounts labelled and listed first (issue 23).
func TestOrderRequired(t *testing.T) {
	ranked := explained(t, 5)
	ranked[0], ranked[3] = ranked[3], ranked[0]
	var b bytes.Buffer
	for name, err := range map[string]error{
		"HTML":     report.HTML(&b, ranked, report.HTMLOptions{}),
		"Quadrant": report.Quadrant(&b, ranked, report.QuadrantOptions{}),
		"Tiers":    report.Tiers(&b, ranked, report.TiersOptions{}),
	} {
		if !errors.Is(err, report.ErrOrder) || !strings.Contains(err.Error(), "(place 2)") {
			t.Errorf("%s: %v, want ErrOrder at place 2", name, err)
		}
	}
}
