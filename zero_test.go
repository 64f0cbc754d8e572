package prioritize_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/prioritize-dev/prioritize"
	"github.com/prioritize-dev/prioritize/rules"
	"github.com/prioritize-dev/prioritize/tier"
	"github.com/prioritize-dev/prioritize/trigger"
)

// TestZeroValues: the zero value of every exported type either works or is
// documented as unusable, and then its methods report it, never panic.
func TestZeroValues(t *testing.T) {
	var p prioritize.Policy[*prioritize.Account]
	if as := p.Assess(acme()); as.Rated || as.Unrated == "" {
		t.Errorf("zero policy Assess: %+v", as)
	}
	if as := p.Explain(acme(), nil, 0); as.Rated {
		t.Errorf("zero policy Explain: %+v", as)
	}
	if _, err := p.Rank(context.Background(), []*prioritize.Account{acme()}, prioritize.RankOptions{}); err == nil {
		t.Error("zero policy Rank: no error")
	}
	for _, err := range p.Stream(context.Background(), slices.Values([]*prioritize.Account{acme()})) {
		if err == nil {
			t.Error("zero policy Stream: no error")
		}
	}
	if _, err := p.Top(context.Background(), slices.Values([]*prioritize.Account{acme()}), 1); err == nil {
		t.Error("zero policy Top: no error")
	}
	_ = p.Plan(nil)
	if m := p.Reassess(acme(), acme(), prioritize.State{}, asOf); m.Err == nil {
		t.Error("zero policy Reassess: no error")
	}
	_ = p.Diagnose([]*prioritize.Account{acme()})
	_ = p.FactorMoves(acme(), acme())

	var n rules.Number[*prioritize.Account]
	if _, ok, err := n.Eval(acme(), asOf); ok || err == nil {
		t.Error("zero rules.Number: no error")
	}
	var c rules.Condition[*prioritize.Account]
	if _, err := c.Eval(acme(), asOf); err == nil || c.Holds(acme()) {
		t.Error("zero rules.Condition: no error")
	}
	var s trigger.Set[*prioritize.Account]
	if fired, _, err := s.Check(acme(), acme(), asOf, nil); len(fired) != 0 || err != nil {
		t.Errorf("zero trigger.Set: %v, %v", fired, err)
	}
	var store trigger.MemoryStore
	if v, err := store.Claim(context.Background(), "a", "r", time.Now(), time.Hour); v != trigger.Won || err != nil {
		t.Errorf("zero MemoryStore: %v, %v", v, err)
	}
	var l tier.Ladder
	_ = l.Rank(50)
	_, _ = l.Assign(50)
	_ = l.Move(tier.Position{}, 50, asOf, tier.Hysteresis{})
}
