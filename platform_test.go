package prioritize_test

import (
	"testing"

	"github.com/prioritize-dev/prioritize"
	"github.com/prioritize-dev/prioritize/policydoc"
	"github.com/prioritize-dev/prioritize/rules"
	"github.com/prioritize-dev/prioritize/tier"
)

// platformAccount is an account as a platform's database or protobuf
// gives it: int64 cents, int32 counters, a pointer, a nested struct.
type platformAccount struct {
	ID        string  `expr:"id"`
	MRRCents  int64   `expr:"mrr_cents"`
	UsagePct  int64   `expr:"usage_pct"`
	Expansion int32   `expr:"expansion"` // usage growth, %
	Tickets   int32   `expr:"tickets"`
	NPS       *int32  `expr:"nps"`
	Fit       float32 `expr:"fit"`
	Champion  struct {
		Strength uint8 `expr:"strength"`
	} `expr:"champion"`
}

// platformDoc rates value from mrr_cents and tickets, potential from
// expansion, fit, nps and champion.strength, all linear on [0, hi].
const platformDoc = `{
  "value": {"factors": [
    {"name": "revenue", "weight": 3, "expr": "mrr_cents / 100", "curve": {"kind": "linear", "lo": 0, "hi": 10000}},
    {"name": "support", "weight": 1, "expr": "tickets", "curve": {"kind": "falling", "lo": 0, "hi": 10}}
  ]},
  "potential": {"factors": [
    {"name": "expansion", "weight": 1, "expr": "expansion", "curve": {"kind": "linear", "lo": 0, "hi": 100}},
    {"name": "fit", "weight": 1, "expr": "fit", "curve": {"kind": "linear", "lo": 0, "hi": 1}},
    {"name": "nps", "weight": 1, "expr": "nps", "curve": {"kind": "linear", "lo": 0, "hi": 10}},
    {"name": "relationship", "weight": 1, "expr": "champion.strength", "curve": {"kind": "linear", "lo": 0, "hi": 200}}
  ]},
  "triggers": [
    {"name": "usage decline", "when": "declined(prev.usage_pct, cur.usage_pct, 20)", "effect": "intervention"},
    {"name": "ticket surge", "when": "cur.tickets - prev.tickets >= 3", "effect": "intervention"}
  ]
}`

// TestPlatformNumericKinds reproduces a platform's report: int64 and int32
// fields counted as missing (the expansion factor missing for every
// account, the usage-decline trigger never firing). Every numeric kind now
// rates as a float64 would.
func TestPlatformNumericKinds(t *testing.T) {
	doc, err := policydoc.Parse([]byte(platformDoc))
	if err != nil {
		t.Fatal(err)
	}
	p, err := policydoc.Compile(doc, func(a platformAccount) string { return a.ID }, rules.Options{})
	if err != nil {
		t.Fatal(err)
	}
	nps := int32(8)
	a := platformAccount{ID: "a", MRRCents: 500_000, UsagePct: 62, Expansion: 40, Tickets: 2, NPS: &nps, Fit: 0.5}
	a.Champion.Strength = 150
	as := p.Assess(a)
	// value: revenue 5000 / 10000 = 50 x 3, support 2 of 10 falling = 80 x 1: (150 + 80) / 4 = 57.5
	// potential: expansion 40, fit 50, nps 80, relationship 150 / 200 = 75: (40 + 50 + 80 + 75) / 4 = 61.25
	if as.Value != 57.5 || as.Potential != 61.25 {
		t.Errorf("value %v, potential %v; want 57.5, 61.25", as.Value, as.Potential)
	}
	// A nil *int32 is missing: its weight goes to the others.
	a.NPS = nil
	if as := p.Assess(a); as.Potential != (40.0+50+75)/3 {
		t.Errorf("potential without NPS %v, want 55", as.Potential)
	}
	// The int64 usage decline fires: 62 -> 41 is down 33.9%.
	cur := a
	cur.UsagePct = 41
	m := p.Reassess(a, cur, prioritize.State{Position: tier.Position{}}, asOf)
	if len(m.Fired) != 1 || m.Fired[0].Rule != "usage decline" {
		t.Errorf("fired %+v, want usage decline", m.Fired)
	}
	// int32 arithmetic in a trigger: 2 -> 6 tickets.
	cur = a
	cur.Tickets = 6
	if m := p.Reassess(a, cur, prioritize.State{Position: tier.Position{}}, asOf); len(m.Fired) != 1 || m.Fired[0].Rule != "ticket surge" {
		t.Errorf("fired %+v, want ticket surge", m.Fired)
	}
}
