package postgres_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prioritize-dev/prioritize"
	"github.com/prioritize-dev/prioritize/prioritizetest"
	"github.com/prioritize-dev/prioritize/store/postgres"
)

func ExampleAccounts_Handle() {
	ctx := context.Background()
	pool, err := pgxpool.New(ctx, os.Getenv("PRIORITIZE_PG_DSN"))
	if err != nil {
		panic(err)
	}
	defer pool.Close()
	accounts, err := postgres.NewAccounts(pool, prioritize.Default(), postgres.Options{})
	if err != nil {
		panic(err)
	}
	if err := accounts.Migrate(ctx); err != nil {
		panic(err)
	}
	// Three changes of one account: the second halves its usage, which
	// fires "usage decline", an intervention: the account is raised to
	// tier 2 and held there for 30 days.
	id := fmt.Sprintf("example-%d", time.Now().UnixNano())
	at := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	snap := func(usage float64) *prioritize.Account {
		a := prioritizetest.Gamma() // tier 3
		a.ID, a.UsagePct = id, usage
		return a
	}
	changes := []postgres.Change[*prioritize.Account]{
		{Seq: 1, Prev: snap(60), Cur: snap(60), At: at},
		{Seq: 2, Prev: snap(60), Cur: snap(30), At: at.Add(time.Hour)},
		{Seq: 3, Prev: snap(30), Cur: snap(30), At: at.Add(2 * time.Hour)},
	}
	// A queue delivers them out of order, one of them twice.
	for _, i := range []int{0, 2, 1, 1, 2} {
		res, err := accounts.Handle(ctx, changes[i])
		switch {
		case errors.Is(err, postgres.ErrEarly):
			fmt.Printf("change %d: %v, deliver it again later\n", i+1, res.Status)
		case err != nil:
			panic(err)
		default:
			fmt.Printf("change %d: %v, fired %d, tier %d, floors %d\n", i+1, res.Status, len(res.Movement.Fired), res.Row.State.Position.Rank, len(res.Row.State.Position.Floors))
		}
	}
	firings, err := accounts.Firings(ctx, id)
	if err != nil {
		panic(err)
	}
	for _, f := range firings {
		fmt.Printf("firing: change %d, %s (%s)\n", f.Seq, f.Fired.Rule, f.Fired.Reason)
	}
	// Output:
	// change 1: applied, fired 0, tier 3, floors 0
	// change 3: early, deliver it again later
	// change 2: applied, fired 1, tier 2, floors 1
	// change 2: duplicate, fired 0, tier 2, floors 1
	// change 3: applied, fired 0, tier 2, floors 1
	// firing: change 2, usage decline (usage_pct 60 -> 30 (down 50.0%))
}
