package grade_test

import (
	"fmt"

	"github.com/prioritize-dev/prioritize/grade"
)

func ExampleMatrix_Place() {
	var m grade.Matrix // cuts at 50 and 50
	for _, a := range []struct {
		name             string
		value, potential float64
	}{{"Acme", 80.25, 87.5}, {"Beta", 45, 85}, {"Gamma", 75, 40}, {"Delta", 30, 35}} {
		q, _ := m.Place(a.value, a.potential)
		fmt.Printf("%s: %v (%s priority)\n", a.name, q, q.Priority())
	}
	// Output:
	// Acme: Star (highest priority)
	// Beta: Growth Bet (high priority)
	// Gamma: Cash Cow (medium priority)
	// Delta: Maintenance (low priority)
}

func ExampleParse() {
	g, err := grade.Parse("b1")
	fmt.Println(g, err)
	_, err = grade.Parse("D4")
	fmt.Println(err)
	// Output:
	// B1 <nil>
	// grade: parsing "D4" at offset 0: size must be A, B or C
}

func ExampleGrader() {
	var g grade.Grader // C under $10k, B [$10k, $50k), A from $50k; likelihood 1 from 70, 2 from 40
	for _, a := range []struct{ potential, likelihood float64 }{{120000, 85}, {50000, 40}, {9999, 10}} {
		gr, _ := g.Grade(a.potential, a.likelihood)
		fmt.Println(gr)
	}
	// Output:
	// A1
	// A2
	// C3
}

func ExampleGrid() {
	g, err := grade.DefaultGrid(grade.Resolution{Policy: grade.ByScore, Cut: 70})
	if err != nil {
		panic(err)
	}
	for _, s := range []string{"A1", "A2", "B1", "C1", "C3"} {
		gr, _ := grade.Parse(s)
		c, _ := g.Cell(gr)
		strong, _ := g.Rank(gr, 75) // a tie-break score: the account's priority
		weak, _ := g.Rank(gr, 55)
		fmt.Printf("%s: borderline %v, tier %d at 75, tier %d at 55\n", gr, c.Borderline, strong, weak)
	}
	// Output:
	// A1: borderline false, tier 1 at 75, tier 1 at 55
	// A2: borderline true, tier 1 at 75, tier 2 at 55
	// B1: borderline true, tier 1 at 75, tier 2 at 55
	// C1: borderline false, tier 2 at 75, tier 2 at 55
	// C3: borderline false, tier 3 at 75, tier 3 at 55
}

func ExampleNewGrid() {
	_, err := grade.NewGrid(grade.Resolution{},
		grade.Cell{Grade: grade.Grade{Size: grade.A, Likelihood: 1}, Rank: 1},
		grade.Cell{Grade: grade.Grade{Size: grade.A, Likelihood: 1}, Rank: 2},
	)
	fmt.Println(err)
	// Output:
	// grade: A1: grade mapped twice
	// grade: A2: grade not mapped
	// grade: A3: grade not mapped
	// grade: B1: grade not mapped
	// grade: B2: grade not mapped
	// grade: B3: grade not mapped
	// grade: C1: grade not mapped
	// grade: C2: grade not mapped
	// grade: C3: grade not mapped
}
