package trigger_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/prioritize-dev/prioritize/trigger"
)

type contact struct {
	Name string `expr:"name"`
	SSN  string `expr:"-"` // hidden from rules, and from the reasons people read
}

type withContact struct {
	ID      string  `expr:"id"`
	Contact contact `expr:"contact"`
}

// TestReasonsNameFieldsAsRulesDo: a fired trigger's changes name the
// fields of a struct it compares by the names rules give them, and leave
// out a field rules cannot name (issue 25: the reasons named a field
// tagged expr:"-" by its Go name, and cut tags at a comma where expr does
// not).
func TestReasonsNameFieldsAsRulesDo(t *testing.T) {
	set, err := trigger.Compile[*withContact](trigger.Options{},
		trigger.Rule{Name: "new contact", When: "cur.contact != prev.contact", Effect: trigger.Growth, Mode: trigger.Level})
	if err != nil {
		t.Fatal(err)
	}
	prev := &withContact{ID: "a", Contact: contact{Name: "Ann", SSN: "123"}}
	cur := &withContact{ID: "a", Contact: contact{Name: "Bob", SSN: "456"}}
	fired, _, err := set.Check(prev, cur, time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), nil)
	if err != nil || len(fired) != 1 {
		t.Fatalf("fired %v, %v", fired, err)
	}
	want := []trigger.Change{{Field: "contact.name", Before: "Ann", After: "Bob"}}
	if diff := cmp.Diff(want, fired[0].Changes); diff != "" {
		t.Errorf("changes (-want +got):\n%s", diff)
	}
	if _, err := trigger.Compile[*withContact](trigger.Options{},
		trigger.Rule{Name: "ssn", When: "cur.contact.SSN != prev.contact.SSN", Effect: trigger.Growth}); err == nil {
		t.Error("a rule naming a hidden field compiled")
	}
}
