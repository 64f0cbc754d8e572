package tier_test

import (
	"fmt"
	"time"

	"github.com/prioritize-dev/prioritize/tier"
)

func ExampleLadder_Assign() {
	l := tier.Default()
	for _, s := range []float64{83.875, 65, 57.5, 32.5, 80, 79.999} {
		t, _ := l.Assign(s)
		fmt.Printf("%v: tier %d %s, %v touch, review %v, %d accounts per CSM\n", s, t.Rank, t.Name, t.Touch, t.Review, t.AccountsPerCSM)
	}
	// Output:
	// 83.875: tier 1 Strategic, high touch, review weekly, 15 accounts per CSM
	// 65: tier 2 Growth, medium touch, review every two weeks, 30 accounts per CSM
	// 57.5: tier 3 Standard, low touch, review monthly, 50 accounts per CSM
	// 32.5: tier 4 Scale, tech touch, review quarterly, 200 accounts per CSM
	// 80: tier 1 Strategic, high touch, review weekly, 15 accounts per CSM
	// 79.999: tier 2 Growth, medium touch, review every two weeks, 30 accounts per CSM
}

func ExampleNewLadder() {
	l, err := tier.NewLadder(
		tier.Tier{Rank: 1, Name: "named", Min: 70, Max: 100, AccountsPerCSM: 20, Touch: tier.HighTouch, Review: tier.Monthly},
		tier.Tier{Rank: 2, Name: "pooled", Min: 0, Max: 70, AccountsPerCSM: 300, Touch: tier.TechTouch, Review: tier.Quarterly},
	)
	if err != nil {
		panic(err)
	}
	fmt.Println(l.Rank(70), l.Rank(69.9))

	// A gap and a bad ratio, reported together.
	_, err = tier.NewLadder(
		tier.Tier{Rank: 1, Name: "named", Min: 70, Max: 100, AccountsPerCSM: 0},
		tier.Tier{Rank: 2, Name: "pooled", Min: 0, Max: 65, AccountsPerCSM: 300},
	)
	fmt.Println(err)
	// Output:
	// 1 2
	// tier: "named": invalid ratio: 0 accounts per CSM
	// tier: "named" and "pooled": gap: nothing covers [65, 70)
}

func ExampleLadder_Move() {
	l := tier.Default()
	h := tier.Hysteresis{Margin: 1, MinDwell: 21 * 24 * time.Hour}
	day := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	var pos tier.Position
	for i, s := range []float64{79.5, 80.4, 81, 79.5, 78.5, 78.5} {
		pos = l.Move(pos, s, day.AddDate(0, 0, 7*i), h)
		fmt.Printf("week %d: %v -> tier %d\n", i, s, pos.Rank)
	}
	// Output:
	// week 0: 79.5 -> tier 2
	// week 1: 80.4 -> tier 2
	// week 2: 81 -> tier 1
	// week 3: 79.5 -> tier 1
	// week 4: 78.5 -> tier 1
	// week 5: 78.5 -> tier 2
}

func ExampleLadder_Plan() {
	fmt.Print(tier.Default().Plan(map[int]int{1: 40, 2: 95, 3: 260, 4: 1800}))
	// Output:
	// tier         accounts  per CSM  CSMs
	// 1 Strategic  40        15       3
	// 2 Growth     95        30       4
	// 3 Standard   260       50       6
	// 4 Scale      1800      200      9
	// total        2195               22
}

func ExampleLadder_PlanARR() {
	p := tier.Default().PlanARR([]tier.Assignment{
		{Rank: 1, ARR: 250000}, {Rank: 1, ARR: 180000},
		{Rank: 2, ARR: 60000}, {Rank: 4, ARR: 3000}, {Rank: 0},
	})
	fmt.Print(p)
	// Output:
	// tier         accounts  per CSM  CSMs  ARR      ARR per CSM
	// 1 Strategic  2         15       1     430,000  430,000
	// 2 Growth     1         30       1     60,000   60,000
	// 3 Standard   0         50       0     0        0
	// 4 Scale      1         200      1     3,000    3,000
	// total        4                  3     493,000
	// unrated      1
}

func ExampleLadder_Overdue() {
	l := tier.Default()
	now := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	for _, r := range l.Overdue([]tier.Review{
		{ID: "acme", Rank: 1, Last: time.Date(2026, 11, 10, 0, 0, 0, 0, time.UTC)},
		{ID: "beta", Rank: 2, Last: time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)},
		{ID: "delta", Rank: 4, Last: time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)},
	}, now) {
		due, _ := l.NextReview(r)
		fmt.Println(r.ID, "was due", due.Format("2006-01-02"))
	}
	// Output:
	// delta was due 2026-10-01
	// acme was due 2026-11-17
}

// A team with one CSM for the strategic tier and one for growth: the
// framework's ratios (15 and 30 accounts per CSM) are capacities, filled
// top-down by priority; the rest of the book does not fit and is overflow.
func ExampleLadder_Fill() {
	var book []tier.Candidate
	for i := range 50 {
		book = append(book, tier.Candidate{Priority: 99 - float64(i), ARR: 24000})
	}
	f, err := tier.Default().Fill(tier.Staff{1: 1, 2: 1}, book)
	if err != nil {
		panic(err)
	}
	fmt.Println(f.Ranks[0], f.Ranks[14], f.Ranks[15], f.Ranks[44], f.Ranks[45])
	fmt.Print(f.Plan)
	// Output:
	// 1 1 2 2 0
	// tier         accounts  capacity  per CSM  CSMs  cut at  ARR      ARR per CSM
	// 1 Strategic  15        15        15       1     85      360,000  360,000
	// 2 Growth     30        30        30       1     55      720,000  720,000
	// 3 Standard   0         0         50       0     -       0        0
	// 4 Scale      0         0         200      0     -       0        0
	// total        50                           2             1,080,000
	// overflow     5
}
