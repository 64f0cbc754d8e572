// Command genexport writes a CSV export of N generated accounts with the
// bundled sample's columns (internal/sample/accounts.csv), for measuring
// the workbench against its peers (../shared/peers) on large books:
//
//	go run ./internal/tools/genexport -n 1000000 > /tmp/book-1m.csv
//	/usr/bin/time -v go run ./cmd/prioritize rank -in /tmp/book-1m.csv -top 100 -reasons 0
//	/usr/bin/time -v python3 ../shared/peers/pandas_rank.py /tmp/book-1m.csv 100
//
// The accounts are drawn from a seeded generator (-seed), so the same
// flags write the same bytes. No cell is blank: the peers do not
// redistribute the weight of missing data.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"time"
)

var header = []string{"id", "name", "industry", "employees", "mrr", "contract_value", "tenure_months", "as_of",
	"renewal_date", "potential_arr", "growth_likelihood", "seats_used", "seat_limit", "usage_pct", "usage_growth",
	"active_users", "logins_30d", "feature_adoption", "team_growth", "payment_failures", "revenue_trend", "expansions",
	"funding_rounds", "champion", "champion_strength", "exec_sponsor", "nps", "csat", "escalations",
	"competitor_mentions", "strategic_value", "icp_fit", "stage"}

var (
	industries = []string{"software", "retail", "finance", "health", "logistics", "media", "education"}
	stages     = []string{"onboarding", "adoption", "growth", "renewal", "advocacy"}
)

func main() {
	n := flag.Int("n", 1000, "the number of accounts")
	seed := flag.Uint64("seed", 25, "the generator's seed")
	flag.Parse()
	if *n < 0 {
		fmt.Fprintln(os.Stderr, "genexport: -n must be 0 or more")
		os.Exit(2)
	}
	if err := write(bufio.NewWriterSize(os.Stdout, 1<<20), *n, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "genexport:", err)
		os.Exit(1)
	}
}

func write(w *bufio.Writer, n int, seed uint64) error {
	r := rand.New(rand.NewPCG(seed, 2026))
	asOf := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	for i, h := range header {
		if i > 0 {
			w.WriteByte(',')
		}
		w.WriteString(h)
	}
	w.WriteByte('\n')
	num := func(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }
	pct := func() string { return num(float64(r.IntN(1001)) / 10) }
	row := make([]string, len(header))
	for i := range n {
		mrr := float64(100 + r.IntN(30000))
		seats := 10 + r.IntN(2000)
		row[0] = "acct-" + strconv.Itoa(i+1)
		row[1] = "Account " + strconv.Itoa(i+1)
		row[2] = industries[r.IntN(len(industries))]
		row[3] = strconv.Itoa(5 + r.IntN(20000))
		row[4] = num(mrr)
		row[5] = num(mrr * 12)
		row[6] = strconv.Itoa(r.IntN(96))
		row[7] = asOf.Format(time.DateOnly)
		row[8] = asOf.AddDate(0, 0, r.IntN(720)-30).Format(time.DateOnly)
		row[9] = num(float64(r.IntN(200000)))
		row[10] = strconv.Itoa(r.IntN(101))
		row[11] = strconv.Itoa(r.IntN(seats + 1))
		row[12] = strconv.Itoa(seats)
		row[13] = pct()
		row[14] = num(float64(r.IntN(1501))/10 - 50)
		row[15] = strconv.Itoa(r.IntN(seats + 1))
		row[16] = strconv.Itoa(r.IntN(10000))
		row[17] = pct()
		row[18] = num(float64(r.IntN(601))/10 - 10)
		row[19] = strconv.Itoa(r.IntN(4))
		row[20] = num(float64(r.IntN(1201))/10 - 40)
		row[21] = strconv.Itoa(r.IntN(6))
		row[22] = strconv.Itoa(r.IntN(4))
		row[23] = strconv.FormatBool(r.IntN(3) > 0)
		row[24] = strconv.Itoa(r.IntN(101))
		row[25] = strconv.FormatBool(r.IntN(2) == 0)
		row[26] = strconv.Itoa(r.IntN(11))
		row[27] = strconv.Itoa(r.IntN(101))
		row[28] = strconv.Itoa(r.IntN(6))
		row[29] = strconv.Itoa(r.IntN(4))
		row[30] = strconv.Itoa(r.IntN(101))
		row[31] = strconv.Itoa(r.IntN(101))
		row[32] = stages[r.IntN(len(stages))]
		for j, c := range row {
			if j > 0 {
				w.WriteByte(',')
			}
			w.WriteString(c)
		}
		if err := w.WriteByte('\n'); err != nil {
			return err
		}
	}
	return w.Flush()
}
