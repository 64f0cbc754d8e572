package par_test

import (
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/prioritize-dev/prioritize/internal/par"
)

// TestParts: every index is visited once, for any n and workers.
func TestParts(t *testing.T) {
	for _, n := range []int{0, 1, 2, 7, 1000} {
		for _, workers := range []int{0, 1, 2, 3, 16} {
			seen := make([]atomic.Int32, n)
			par.Parts(n, workers, func(lo, hi int) {
				for i := lo; i < hi; i++ {
					seen[i].Add(1)
				}
			})
			for i := range seen {
				if c := seen[i].Load(); c != 1 {
					t.Fatalf("n=%d workers=%d: index %d visited %d times", n, workers, i, c)
				}
			}
		}
	}
}

// TestPartsPanics: a panic in a part reaches the caller.
func TestPartsPanics(t *testing.T) {
	defer func() {
		if r := recover(); r != "part 2" {
			t.Errorf("recovered %v, want part 2", r)
		}
	}()
	par.Parts(4, 4, func(lo, _ int) {
		if lo == 2 {
			panic(fmt.Sprint("part ", lo))
		}
	})
	t.Error("Parts returned")
}

func ExampleParts() {
	squares := make([]int, 6)
	par.Parts(len(squares), 2, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			squares[i] = i * i
		}
	})
	fmt.Println(squares)
	// Output: [0 1 4 9 16 25]
}
