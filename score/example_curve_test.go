package score_test

import (
	"fmt"

	"github.com/prioritize-dev/prioritize/score"
)

func ExampleLinear() {
	// Seat utilisation: 0% rates 0, 100% rates 100.
	c, err := score.Linear(0, 100)
	if err != nil {
		panic(err)
	}
	fmt.Println(c.Rate(-5), c.Rate(62.5), c.Rate(140))
	// Output: 0 62.5 100
}

func ExampleFalling() {
	// Open escalations: none rates 100, five or more rate 0.
	c := score.Must(score.Falling(0, 5))
	fmt.Println(c.Rate(0), c.Rate(2), c.Rate(12), c.Direction())
	// Output: 100 60 0 descending
}

func ExampleLog() {
	// MRR from $100 to $10,000: each tenfold step is worth 50 points.
	c := score.Must(score.Log(100, 10000))
	fmt.Println(c.Rate(100), c.Rate(1000), c.Rate(10000), c.Rate(50000))
	// Output: 0 50 100 100
}

func ExamplePiecewise() {
	// The framework's revenue curve: 5,000 MRR rates 80.
	c := score.Must(score.Piecewise(score.Ascending,
		score.Point{X: 0, Y: 0},
		score.Point{X: 1000, Y: 40},
		score.Point{X: 5000, Y: 80},
		score.Point{X: 25000, Y: 100},
	))
	fmt.Println(c.Rate(500), c.Rate(5000), c.Rate(15000))
	// Output: 20 80 90
}

func ExamplePiecewise_error() {
	// Every problem is reported at once, each naming its point.
	_, err := score.Piecewise(score.Ascending,
		score.Point{X: 0, Y: 0},
		score.Point{X: 10, Y: 120},
		score.Point{X: 5, Y: 60},
	)
	fmt.Println(err)
	// Output:
	// score: Piecewise: point 1: rating outside [0, 100]: y = 120
	// score: Piecewise: point 2: invalid bound: x = 5 does not exceed the previous x = 10
	// score: Piecewise: point 2: not monotone in the declared direction (ascending): y goes from 120 to 60
}

func ExampleSteps() {
	// Bands are half-open: [1000, 5000) rates 50.
	c := score.Must(score.Steps(score.Ascending,
		score.Step{From: 0, Rating: 20},
		score.Step{From: 1000, Rating: 50},
		score.Step{From: 5000, Rating: 80},
	))
	fmt.Println(c.Rate(999.99), c.Rate(1000), c.Rate(4999), c.Rate(5000))
	// Output: 20 50 50 80
}

func ExamplePeak() {
	// Days until renewal: the window from 30 to 90 days out is best.
	c := score.Must(score.Peak(0, 30, 90, 365))
	fmt.Println(c.Rate(15), c.Rate(60), c.Rate(365), c.Direction())
	// Output: 50 100 0 peaked
}

func ExampleBoolean() {
	sponsor := score.Must(score.Boolean(0, 100))       // has an executive sponsor
	paymentFailed := score.Must(score.Boolean(100, 0)) // a payment failed
	fmt.Println(sponsor.Rate(1), sponsor.Rate(0), paymentFailed.Rate(1), paymentFailed.Rate(0))
	// Output: 100 0 0 100
}
