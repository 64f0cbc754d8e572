package idset_test

import (
	"fmt"

	"github.com/prioritize-dev/prioritize/internal/idset"
)

func ExampleSet() {
	var s idset.Set
	for _, row := range []struct {
		id   string
		line int
	}{{"acme", 2}, {"globex", 3}, {"acme", 4}} {
		if first, added := s.Add(row.id, row.line); !added {
			fmt.Printf("line %d: %q is also on line %d\n", row.line, row.id, first)
		}
	}
	fmt.Println(s.Len(), "IDs")
	// Output:
	// line 4: "acme" is also on line 2
	// 2 IDs
}
