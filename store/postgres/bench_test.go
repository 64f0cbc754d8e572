package postgres_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prioritize-dev/prioritize"
	"github.com/prioritize-dev/prioritize/store/postgres"
)

// memory is the in-memory pipeline a single process would run: each
// account's State and last change under a lock, reassessed in order.
type memory struct {
	p  *prioritize.Policy[*prioritize.Account]
	mu sync.Mutex
	m  map[string]*memoryRow
}

type memoryRow struct {
	sync.Mutex
	seq   int64
	state prioritize.State
}

func (s *memory) handle(ch event) (prioritize.Movement, error) {
	s.mu.Lock()
	r := s.m[ch.Cur.ID]
	if r == nil {
		r = &memoryRow{}
		s.m[ch.Cur.ID] = r
	}
	s.mu.Unlock()
	r.Lock()
	defer r.Unlock()
	if ch.Seq != r.seq+1 {
		return prioritize.Movement{}, errors.New("out of order")
	}
	m := s.p.Reassess(ch.Prev, ch.Cur, r.state, ch.At)
	r.seq, r.state = ch.Seq, m.Next()
	return m, nil
}

// BenchmarkHandle handles changes from 32 goroutines (16 per CPU, as a
// platform's workers wait on the network), each for accounts of its own,
// in order: in PostgreSQL through Accounts.Handle (a read and one atomic
// write per change), and in memory. Reported: changes/s.
//
//	go test -run '^$' -bench BenchmarkHandle -benchtime 20000x ./store/postgres
func BenchmarkHandle(b *testing.B) {
	run := unique("bench")
	for _, bc := range []struct {
		name   string
		handle func(b *testing.B) func(event) error
	}{
		{"store=postgres", func(b *testing.B) func(event) error {
			a, _ := newAccounts(b, postgres.Options{})
			return func(e event) error {
				_, err := a.Handle(context.Background(), e)
				return err
			}
		}},
		{"store=memory", func(b *testing.B) func(event) error {
			s := &memory{p: prioritize.Default(), m: map[string]*memoryRow{}}
			return func(e event) error {
				_, err := s.handle(e)
				return err
			}
		}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			handle := bc.handle(b)
			var worker atomic.Int64
			b.SetParallelism(16)
			start := time.Now()
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				w := worker.Add(1)
				r := rand.New(rand.NewPCG(uint64(w), 7))
				// Each goroutine handles 10 accounts in turn, their changes in order.
				var next []func() event
				for i := range 10 {
					next = append(next, walk(r, fmt.Sprintf("%s/%s/%d/%d", run, bc.name, w, i)))
				}
				for i := 0; pb.Next(); i++ {
					if err := handle(next[i%len(next)]()); err != nil {
						b.Error(err)
						return
					}
				}
			})
			b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "changes/s")
		})
	}
}
