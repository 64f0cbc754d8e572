package idset

import (
	"fmt"
	"testing"

	"pgregory.net/rapid"
)

// TestSet: an ID added once is added; added again, it is refused with
// the first line, however many IDs (and so growths) came between.
func TestSet(t *testing.T) {
	var s Set
	for i := range 5000 {
		if _, added := s.Add(fmt.Sprint("id-", i), i+2); !added {
			t.Fatalf("id-%d refused the first time", i)
		}
	}
	for _, c := range []struct {
		id   string
		line int
	}{{"id-0", 2}, {"id-1023", 1025}, {"id-4999", 5001}} {
		first, added := s.Add(c.id, 9999)
		if added || first != c.line {
			t.Errorf("Add(%q) again = %d, %v; want %d, false", c.id, first, added, c.line)
		}
	}
	if _, added := s.Add("", 7); !added {
		t.Error("the empty ID refused the first time")
	}
	if first, added := s.Add("", 8); added || first != 7 {
		t.Errorf("Add(\"\") again = %d, %v; want 7, false", first, added)
	}
	if s.Len() != 5001 {
		t.Errorf("Len() = %d, want 5001", s.Len())
	}
}

// TestSetAsMap: the set answers as a map of the IDs to their first line.
func TestSetAsMap(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ids := rapid.SliceOf(rapid.StringMatching(`[a-c]{0,3}`)).Draw(t, "ids")
		var s Set
		m := map[string]int{}
		for line, id := range ids {
			first, added := s.Add(id, line)
			want, seen := m[id]
			if added == seen || seen && first != want {
				t.Fatalf("Add(%q, %d) = %d, %v; the map says %d, %v", id, line, first, added, want, seen)
			}
			if !seen {
				m[id] = line
			}
		}
		if s.Len() != len(m) {
			t.Fatalf("Len() = %d, want %d", s.Len(), len(m))
		}
	})
}

// manyIDs returns 2^20 IDs as an export has them.
func manyIDs() []string {
	ids := make([]string, 1<<20)
	for i := range ids {
		ids[i] = fmt.Sprintf("acct-%07d", i)
	}
	return ids
}

func BenchmarkAdd(b *testing.B) {
	ids := manyIDs()
	b.ReportAllocs()
	for b.Loop() {
		var s Set
		for i, id := range ids {
			s.Add(id, i)
		}
	}
}

// BenchmarkMap is what Set replaces: a map of copied IDs.
func BenchmarkMap(b *testing.B) {
	ids := manyIDs()
	b.ReportAllocs()
	for b.Loop() {
		m := map[string]int{}
		for i, id := range ids {
			if _, ok := m[id]; !ok {
				m[string([]byte(id))] = i
			}
		}
	}
}
