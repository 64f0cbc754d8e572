package triggertest_test

import (
	"context"
	"fmt"
	"time"

	"github.com/prioritize-dev/prioritize/trigger"
	"github.com/prioritize-dev/prioritize/trigger/triggertest"
)

// lenient is a store that forgets to refuse instants it cannot keep.
type lenient struct{ trigger.MemoryStore }

func (l *lenient) Claim(ctx context.Context, account, rule string, now time.Time, cooldown time.Duration) (trigger.Verdict, error) {
	if now.Year() > 2262 {
		return trigger.Won, nil // wrong: a store refuses what it cannot keep exactly
	}
	return l.MemoryStore.Claim(ctx, account, rule, now, cooldown)
}

func ExampleCheck() {
	var memory trigger.MemoryStore
	fmt.Println(triggertest.Check(func() trigger.Store { return &memory }))

	var broken lenient
	fmt.Println(triggertest.Check(func() trigger.Store { return &broken }))
	// Output:
	// <nil>
	// instants outside the range are refused, the store unchanged: step 0: Claim(9999-12-31T00:00:00Z, 0s): error <nil>, want trigger: the instant is outside the range a store keeps (1677-09-21 to 2262-04-11 UTC)
}
