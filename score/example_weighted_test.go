package score_test

import (
	"fmt"
	"math"
	"time"

	"github.com/prioritize-dev/prioritize/score"
)

// Customer is an account type of the caller's own.
type Customer struct {
	MRR          float64
	TenureMonths float64
	Escalations  float64
	Fit          string
}

func ExampleWeighted() {
	value, err := score.Weighted(score.Options{},
		score.Weigh("revenue", 40, score.Metric(func(c Customer) float64 { return c.MRR }, score.Must(score.Log(100, 10000)))),
		score.Weigh("tenure", 20, score.Metric(func(c Customer) float64 { return c.TenureMonths }, score.Must(score.Linear(0, 36)))),
		score.Weigh("support", 40, score.Metric(func(c Customer) float64 { return c.Escalations }, score.Must(score.Falling(0, 5)))),
	)
	if err != nil {
		panic(err)
	}
	r, ok := value.Score(Customer{MRR: 1000, TenureMonths: 18, Escalations: 1})
	// 0.4 x 50 + 0.2 x 50 + 0.4 x 80 = 62
	fmt.Println(r, ok)
	// Output: 62 true
}

func ExampleWeighted_missing() {
	// A map account: a key that is absent is missing, not zero.
	get := func(key string) score.Scorer[map[string]float64] {
		return score.MetricOK(func(m map[string]float64) (float64, bool) {
			v, ok := m[key]
			return v, ok
		}, score.Must(score.Linear(0, 100)))
	}
	account := map[string]float64{"usage": 80, "nps": 40} // no "csat"
	for _, opts := range []score.Options{
		{}, // Redistribute: (0.5 x 80 + 0.25 x 40) / 0.75
		{Missing: score.RateMissing, MissingRating: 50}, // 40 + 10 + 12.5
		{Missing: score.Propagate},
	} {
		health := score.Must(score.Weighted(opts,
			score.Weigh("usage", 2, get("usage")),
			score.Weigh("nps", 1, get("nps")),
			score.Weigh("csat", 1, get("csat")),
		))
		r, ok := health.Score(account)
		fmt.Printf("%-13s %s %v\n", opts.Missing, score.FormatRating(r), ok)
	}
	// Output:
	// redistribute  66.667 true
	// rate          62.5 true
	// propagate     0 false
}

func ExampleWeighted_error() {
	_, err := score.Weighted(score.Options{},
		score.Weigh("revenue", 0.4, score.Metric(func(c Customer) float64 { return c.MRR }, score.Must(score.Linear(0, 1e4)))),
		score.Weigh("revenue", -0.2, score.Metric(func(c Customer) float64 { return c.TenureMonths }, score.Must(score.Linear(0, 36)))),
		score.Weigh("fit", math.NaN(), score.Metric[Customer](nil, score.Must(score.Linear(0, 1)))),
	)
	fmt.Println(err)
	// Output:
	// score: Weighted: factor 1 "revenue": invalid name: "revenue" is used twice
	// score: Weighted: factor 1 "revenue": invalid weight: -0.2
	// score: Weighted: factor 2 "fit": nil value getter or curve in a metric
	// score: Weighted: factor 2 "fit": invalid weight: NaN
}

func ExampleWorst() {
	health := score.Must(score.Worst(
		score.Named("support", score.Metric(func(c Customer) float64 { return c.Escalations }, score.Must(score.Falling(0, 5)))),
		score.Named("tenure", score.Metric(func(c Customer) float64 { return c.TenureMonths }, score.Must(score.Linear(0, 36)))),
	))
	r, _ := health.Score(Customer{Escalations: 4, TenureMonths: 30})
	fmt.Println(r) // support: 20, tenure: 83.3
	// Output: 20
}

func ExampleBounded() {
	usage := score.Metric(func(m map[string]float64) float64 { return m["usage"] }, score.Must(score.Linear(0, 100)))
	failedPayment := score.CondFunc[map[string]float64](func(m map[string]float64) bool { return m["payment_failures"] > 0 })
	health := score.Must(score.Bounded(usage,
		score.Cap("payment failure", failedPayment, 40),
		score.Floor("strategic logo", score.CondFunc[map[string]float64](func(m map[string]float64) bool { return m["logo"] > 0 }), 60),
	))
	for _, m := range []map[string]float64{
		{"usage": 90},
		{"usage": 90, "payment_failures": 1}, // capped
		{"usage": 20, "logo": 1},             // floored
		{"usage": 20, "payment_failures": 2}, // a cap never raises
	} {
		r, _ := health.Score(m)
		fmt.Println(r)
	}
	fmt.Print(health.Explain(map[string]float64{"usage": 90, "payment_failures": 1}))
	// Output:
	// 90
	// 40
	// 60
	// 20
	// rating: 40/100
	//   base: 90 -> 90/100 x 1.00 = 90.00
	//   payment failure: 40/100 x 0.00 = -50.00 (capped at 40)
}

func ExampleBlend() {
	value := score.Func[[2]float64](func(a [2]float64) (float64, bool) { return a[0], true })
	potential := score.Func[[2]float64](func(a [2]float64) (float64, bool) { return a[1], true })
	for _, mix := range []score.Mix{score.Balanced, score.Growth, score.Retention} {
		priority := score.Must(score.Blend[[2]float64](value, potential, mix))
		r, _ := priority.Score([2]float64{80.25, 87.5})
		fmt.Println(score.FormatRating(r))
	}
	// Output:
	// 83.875
	// 85.325
	// 82.425
}

func ExampleCategory() {
	fit := score.Must(score.Category(func(c Customer) string { return c.Fit },
		map[string]float64{"perfect": 95, "strong": 80, "partial": 50}, 20))
	for _, f := range []string{"perfect", "partial", "unheard of"} {
		r, _ := fit.Score(Customer{Fit: f})
		fmt.Println(f, r)
	}
	// Output:
	// perfect 95
	// partial 50
	// unheard of 20
}

func ExampleFunc() {
	// Any function can be a scorer; its result is kept in [0, 100].
	s := score.Func[float64](func(x float64) (float64, bool) { return x * 2, true })
	fmt.Println(s.Score(30))
	fmt.Println(s.Score(80))
	fmt.Println(s.Score(math.NaN()))
	// Output:
	// 60 true
	// 100 true
	// 0 false
}

func ExampleMetric() {
	tenure := score.Metric(func(c Customer) float64 { return c.TenureMonths }, score.Must(score.Linear(0, 36)))
	fmt.Println(tenure.Score(Customer{TenureMonths: 9}))
	fmt.Println(tenure.Score(Customer{TenureMonths: math.NaN()})) // NaN is missing
	fmt.Print(tenure.Explain(Customer{TenureMonths: 9}))
	// Output:
	// 25 true
	// 0 false
	// rating: 9 -> 25/100
}

func ExampleMetricOK() {
	nps := score.MetricOK(func(m map[string]float64) (float64, bool) {
		v, ok := m["nps"]
		return v, ok
	}, score.Must(score.Linear(-100, 100)))
	fmt.Println(nps.Score(map[string]float64{"nps": 0}))
	fmt.Println(nps.Score(map[string]float64{})) // absent: missing, not 0
	// Output:
	// 50 true
	// 0 false
}

func ExampleBelow() {
	usage := score.Metric(func(c Customer) float64 { return c.TenureMonths }, score.Must(score.Linear(0, 36)))
	young := score.Below(usage, 25)
	fmt.Println(young.Holds(Customer{TenureMonths: 6}), young.Holds(Customer{TenureMonths: 24}))
	// Output: true false
}

// A usage figure observed long before the snapshot is stale: it counts as
// missing, and says since when.
func ExampleFresh() {
	type Account struct {
		Usage      float64
		ObservedAt time.Time
		AsOf       time.Time
	}
	usage := score.Metric(func(a Account) float64 { return a.Usage }, score.Must(score.Linear(0, 100)))
	fresh := score.Must(score.Fresh(usage, func(a Account) time.Time { return a.ObservedAt },
		func(a Account) time.Time { return a.AsOf }, 90*24*time.Hour))
	asOf := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	fmt.Println(fresh.Score(Account{Usage: 80, ObservedAt: asOf.AddDate(0, -1, 0), AsOf: asOf}))
	e := fresh.Explain(Account{Usage: 80, ObservedAt: asOf.AddDate(0, -4, 0), AsOf: asOf})
	fmt.Println(e.Missing, "stale since", e.Stale)
	// Output:
	// 80 true
	// true stale since 2026-09-29
}
