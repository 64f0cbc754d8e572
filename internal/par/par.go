// Package par runs a loop's parts on goroutines of their own and waits
// for them all, passing a panic in one of them on to the caller's
// goroutine, where a panic in a plain loop would be.
package par

import "sync"

// Parts splits [0, n) into at most workers contiguous parts of about the
// same size and calls f(lo, hi) for each, each on its own goroutine, and
// returns when every call has returned. If a call panics, Parts panics
// with its value, once all have returned. With one worker or none, or n
// below 2, f runs on the caller's goroutine.
func Parts(n, workers int, f func(lo, hi int)) {
	if workers <= 1 || n < 2 {
		if n > 0 {
			f(0, n)
		}
		return
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var panicked any
	per := (n + workers - 1) / workers
	for lo := 0; lo < n; lo += per {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() {
				if r := recover(); r != nil {
					mu.Lock()
					panicked = r
					mu.Unlock()
				}
			}()
			f(lo, min(lo+per, n))
		}()
	}
	wg.Wait()
	if panicked != nil {
		panic(panicked)
	}
}
