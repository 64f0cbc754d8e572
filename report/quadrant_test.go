package report_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/prioritize-dev/prioritize"
	"github.com/prioritize-dev/prioritize/grade"
	"github.com/prioritize-dev/prioritize/prioritizetest"
	"github.com/prioritize-dev/prioritize/report"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// portfolio ranks n generated accounts with the default policy over the
// given workers.
func portfolio(t *testing.T, n, workers int) []prioritize.Assessment {
	t.Helper()
	return rankWith(t, prioritize.Default(), n, workers)
}

func rankWith(t *testing.T, p *prioritize.Policy[*prioritize.Account], n, workers int) []prioritize.Assessment {
	t.Helper()
	g := prioritizetest.Account()
	accounts := make([]*prioritize.Account, n)
	for i := range accounts {
		accounts[i] = g.Example(i)
	}
	ranked, err := p.Rank(context.Background(), accounts, prioritize.RankOptions{Workers: workers})
	if err != nil {
		t.Fatal(err)
	}
	return ranked
}

// TestQuadrantGolden: the chart of a ranking is byte-identical to the
// golden file, whatever the number of workers that ranked it.
func TestQuadrantGolden(t *testing.T) {
	var outs [][]byte
	for _, workers := range []int{1, 4} {
		var b bytes.Buffer
		if err := report.Quadrant(&b, portfolio(t, 400, workers), report.QuadrantOptions{Title: "Portfolio"}); err != nil {
			t.Fatal(err)
		}
		outs = append(outs, b.Bytes())
	}
	if !bytes.Equal(outs[0], outs[1]) {
		t.Fatal("the chart depends on the number of workers")
	}
	const golden = "testdata/quadrant.svg"
	if *update {
		if err := os.WriteFile(golden, outs[0], 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(want, outs[0]) {
		t.Errorf("the chart differs from %s (go test ./report -update after a deliberate change)", golden)
	}
}

type svgDoc struct {
	Lines   []svgLine   `xml:"line"`
	Groups  []svgGroup  `xml:"g"`
	Circles []svgCircle `xml:"circle"`
}

type svgLine struct {
	Axis string  `xml:"data-axis,attr"`
	X1   float64 `xml:"x1,attr"`
	Y1   float64 `xml:"y1,attr"`
}

type svgGroup struct {
	Class   string      `xml:"class,attr"`
	Circles []svgCircle `xml:"circle"`
}

type svgCircle struct {
	CX       float64 `xml:"cx,attr"`
	CY       float64 `xml:"cy,attr"`
	ID       string  `xml:"data-id,attr"`
	Quadrant string  `xml:"data-quadrant,attr"`
	Tier     string  `xml:"data-tier,attr"`
}

// TestQuadrantPointsAreWhereTheirAssessmentsSay parses the SVG back: one
// point per rated account, each on the side of the drawn cut lines that
// its assessment's quadrant says, with its tier.
func TestQuadrantPointsAreWhereTheirAssessmentsSay(t *testing.T) {
	for _, m := range []grade.Matrix{{}, {ValueCut: 60, PotentialCut: 35}} {
		cfg := prioritize.DefaultConfig()
		cfg.Matrix = m
		p, err := prioritize.New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		ranked := rankWith(t, p, 3000, 0)
		var b bytes.Buffer
		if err := report.Quadrant(&b, ranked, report.QuadrantOptions{Matrix: m}); err != nil {
			t.Fatal(err)
		}
		var doc svgDoc
		if err := xml.Unmarshal(b.Bytes(), &doc); err != nil {
			t.Fatal(err)
		}
		var cutX, cutY float64
		for _, l := range doc.Lines {
			switch l.Axis {
			case "value":
				cutX = l.X1
			case "potential":
				cutY = l.Y1
			}
		}
		byID := map[string]prioritize.Assessment{}
		rated := 0
		for _, as := range ranked {
			if as.Rated {
				byID[as.ID] = as
				rated++
			}
		}
		var points []svgCircle
		for _, g := range doc.Groups {
			if g.Class == "points" {
				points = g.Circles
			}
		}
		if len(points) != rated {
			t.Fatalf("%d points for %d rated accounts", len(points), rated)
		}
		for _, c := range points {
			as, ok := byID[c.ID]
			if !ok {
				t.Fatalf("a point for %q, which is not a rated account", c.ID)
			}
			highV, highP := c.CX >= cutX, c.CY <= cutY // y grows downwards
			var q grade.Quadrant
			switch {
			case highV && highP:
				q = grade.Star
			case highP:
				q = grade.GrowthBet
			case highV:
				q = grade.CashCow
			default:
				q = grade.Maintenance
			}
			onLine := c.CX == cutX || c.CY == cutY
			if got := (struct{ Drawn, Attr, Tier string }{q.String(), c.Quadrant, c.Tier}); !onLine && got != (struct{ Drawn, Attr, Tier string }{as.Quadrant.String(), as.Quadrant.String(), strconv.Itoa(as.Tier.Rank)}) {
				t.Fatalf("%s (value %v, potential %v): %s", c.ID, as.Value, as.Potential,
					cmp.Diff(struct{ Drawn, Attr, Tier string }{as.Quadrant.String(), as.Quadrant.String(), strconv.Itoa(as.Tier.Rank)}, got))
			}
		}
	}
}

// TestQuadrantRefusesOtherCuts: cut lines that are not the policy's would
// draw accounts in quadrants their assessments do not say.
func TestQuadrantRefusesOtherCuts(t *testing.T) {
	var b bytes.Buffer
	err := report.Quadrant(&b, portfolio(t, 500, 0), report.QuadrantOptions{Matrix: grade.Matrix{ValueCut: 90, PotentialCut: 90}})
	if !errors.Is(err, report.ErrCuts) || b.Len() != 0 {
		t.Errorf("err = %v with %d bytes written; want ErrCuts and nothing", err, b.Len())
	}
}

func ExampleQuadrant() {
	p := prioritize.Default()
	g := prioritizetest.Account()
	accounts := []*prioritize.Account{prioritizetest.Acme(), g.Example(1), g.Example(2)}
	ranked, err := p.Rank(context.Background(), accounts, prioritize.RankOptions{})
	if err != nil {
		panic(err)
	}
	var b bytes.Buffer
	if err := report.Quadrant(&b, ranked, report.QuadrantOptions{Matrix: p.Config().Matrix, Width: 400, Height: 300}); err != nil {
		panic(err)
	}
	fmt.Println(strings.SplitN(b.String(), "\n", 2)[0])
	fmt.Println(strings.Count(b.String(), `data-quadrant="Star"`), "Star drawn:", ranked[0].ID)
	// Output:
	// <svg xmlns="http://www.w3.org/2000/svg" width="400" height="300" viewBox="0 0 400 300" font-family="sans-serif" font-size="12">
	// 1 Star drawn: acme
}
