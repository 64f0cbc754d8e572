// Package idset keeps a set of account IDs, each with the line it was
// read on, in about 30 bytes per ID plus its bytes: a reader of a
// million-row export checks every ID against those before it without a
// map of strings (which costs three times as much).
package idset

import "hash/maphash"

// Set is a set of IDs with a line each, up to 2^31-1 of them. The zero
// value is an empty set.
type Set struct {
	seed  maphash.Seed
	bytes []byte  // the IDs, one after the other
	ends  []int   // ends[i]: where the i-th ID ends in bytes
	lines []int   // lines[i]: the i-th ID's line
	slots []int32 // open addressing: 1 + the index of an ID, or 0
}

// Add adds id, read on line, and returns 0 and true; if id is in the set
// already, it returns the line it was added with and false, and the set
// is unchanged.
func (s *Set) Add(id string, line int) (first int, added bool) {
	if s.slots == nil {
		s.seed = maphash.MakeSeed()
		s.slots = make([]int32, 1024)
	}
	mask := uint64(len(s.slots) - 1)
	h := maphash.String(s.seed, id)
	for i := h & mask; ; i = (i + 1) & mask {
		k := s.slots[i]
		if k == 0 {
			s.bytes = append(s.bytes, id...)
			s.ends = append(s.ends, len(s.bytes))
			s.lines = append(s.lines, line)
			s.slots[i] = int32(len(s.ends))
			if 2*len(s.ends) > len(s.slots) {
				s.grow()
			}
			return 0, true
		}
		if string(s.id(int(k-1))) == id { // no copy: the compiler compares in place
			return s.lines[k-1], false
		}
	}
}

// Len returns the number of IDs in the set.
func (s *Set) Len() int { return len(s.ends) }

func (s *Set) id(i int) []byte {
	start := 0
	if i > 0 {
		start = s.ends[i-1]
	}
	return s.bytes[start:s.ends[i]]
}

// grow doubles the table, placing every ID again.
func (s *Set) grow() {
	s.slots = make([]int32, 2*len(s.slots))
	mask := uint64(len(s.slots) - 1)
	for k := range s.ends {
		i := maphash.Bytes(s.seed, s.id(k)) & mask // as String hashes the same bytes
		for s.slots[i] != 0 {
			i = (i + 1) & mask
		}
		s.slots[i] = int32(k + 1)
	}
}
