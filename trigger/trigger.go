package trigger

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/prioritize-dev/prioritize/internal/engine"
	"github.com/prioritize-dev/prioritize/internal/fields"
	"github.com/prioritize-dev/prioritize/internal/text"
	"github.com/prioritize-dev/prioritize/rules"
	"github.com/prioritize-dev/prioritize/score"
)

// Effect is what a fired trigger asks of the account's place: the
// attention it gets, not its score. A negative signal lowers the score (the
// account is at risk) and raises the attention all the same.
type Effect int

const (
	// Growth raises attention to seize an opportunity: contract expansion,
	// usage spike, new executive sponsor, funding, NPS increase. The account
	// never drops a tier on the change that fired it, and a hold may keep
	// it at a tier or better for a while.
	Growth Effect = iota + 1
	// Intervention raises attention to save the account: usage decline,
	// support escalations, payment failures, champion departure,
	// competitor mentions. As Growth: never a lower tier on its change, and
	// a hold may keep it at a tier or better (for example tier 2 for 30
	// days).
	Intervention
	// Sunset marks an account to avoid or wind down (toxic support load,
	// reputation risk) for review; it can lower the account, and it lifts
	// a hold.
	Sunset
)

// String returns "growth", "intervention" or "sunset".
func (e Effect) String() string {
	switch e {
	case Growth:
		return "growth"
	case Intervention:
		return "intervention"
	case Sunset:
		return "sunset"
	}
	return "Effect(" + strconv.Itoa(int(e)) + ")"
}

// MarshalText encodes the effect by name ("intervention"); the zero Effect
// encodes as "".
func (e Effect) MarshalText() ([]byte, error) {
	if e == 0 {
		return []byte{}, nil
	}
	if e < Growth || e > Sunset {
		return nil, fmt.Errorf("trigger: cannot marshal %v", e)
	}
	return []byte(e.String()), nil
}

// UnmarshalText decodes an effect by name: growth, intervention or sunset.
func (e *Effect) UnmarshalText(b []byte) error {
	for v := Growth; v <= Sunset; v++ {
		if v.String() == string(b) {
			*e = v
			return nil
		}
	}
	if len(b) == 0 {
		*e = 0
		return nil
	}
	return fmt.Errorf("trigger: unknown effect %q (want growth, intervention or sunset)", b)
}

// Mode says when a rule fires.
type Mode int

const (
	// Edge fires when the condition becomes true: it holds for (prev, cur)
	// and did not hold for (prev, prev), the account as it was. It is the
	// default.
	Edge Mode = iota
	// Level fires whenever the condition holds for (prev, cur).
	Level
)

// String returns "edge" or "level".
func (m Mode) String() string {
	switch m {
	case Edge:
		return "edge"
	case Level:
		return "level"
	}
	return "Mode(" + strconv.Itoa(int(m)) + ")"
}

// MarshalText encodes the mode by name ("edge").
func (m Mode) MarshalText() ([]byte, error) {
	if m != Edge && m != Level {
		return nil, fmt.Errorf("trigger: cannot marshal %v", m)
	}
	return []byte(m.String()), nil
}

// UnmarshalText decodes a mode by name: edge (or "") or level.
func (m *Mode) UnmarshalText(b []byte) error {
	switch string(b) {
	case "", "edge":
		*m = Edge
	case "level":
		*m = Level
	default:
		return fmt.Errorf("trigger: unknown mode %q (want edge or level)", b)
	}
	return nil
}

// Rule is a trigger: a condition over two states of an account, prev and
// cur, with the evaluation time now, and what follows when it fires.
type Rule struct {
	Name string `json:"name"`
	// When is a rules condition over prev, cur and now:
	// "declined(prev.usage, cur.usage, 20)".
	When   string `json:"when"`
	Effect Effect `json:"effect"`
	// Severity orders fired triggers: higher first. Any integer.
	Severity int `json:"severity"`
	// Action says what to do: free text or a playbook key.
	Action string `json:"action,omitempty"`
	Mode   Mode   `json:"mode,omitempty"`
	// Cooldown is how long the rule stays quiet for an account after it
	// fired for it.
	Cooldown time.Duration `json:"cooldown,omitempty"`
	// Hold, when set, keeps the account at a tier or better for a while
	// after the rule fired; the zero Hold leaves it to the policy's hold
	// for the rule's effect.
	Hold Hold `json:"hold,omitzero"`
}

// Hold keeps an account at tier Floor (a rank: 1 is the best tier) or
// better for the duration For after a trigger fired: an intervention can
// hold an account at tier 2 for 30 days. The zero Hold holds nothing; a
// Floor needs a For and a For a Floor.
type Hold struct {
	Floor int           `json:"floor,omitempty"`
	For   time.Duration `json:"for,omitempty"`
}

// IsZero reports whether h holds nothing.
func (h Hold) IsZero() bool { return h == Hold{} }

// check returns what is wrong with h, or "".
func (h Hold) check() string {
	switch {
	case h.Floor < 0:
		return fmt.Sprintf("hold: negative floor %d", h.Floor)
	case h.For < 0:
		return "hold: negative duration " + h.For.String()
	case h.Floor > 0 && h.For == 0:
		return fmt.Sprintf("hold: a floor of tier %d needs a duration", h.Floor)
	case h.Floor == 0 && h.For > 0:
		return "hold: a duration of " + h.For.String() + " needs a floor"
	}
	return ""
}

// Check returns an error naming what is wrong with h: a negative floor or
// duration, a floor without a duration or a duration without a floor.
func (h Hold) Check() error {
	if msg := h.check(); msg != "" {
		return fmt.Errorf("trigger: %w: %s", ErrRule, msg)
	}
	return nil
}

// Env is what a trigger condition evaluates against.
type Env[A any] struct {
	Prev A         `expr:"prev"`
	Cur  A         `expr:"cur"`
	Now  time.Time `expr:"now"`
}

// Fired is a trigger that fired for an account.
type Fired struct {
	Rule     string `json:"rule"`
	Effect   Effect `json:"effect"`
	Severity int    `json:"severity"`
	Action   string `json:"action,omitempty"`
	// Reason names the values that made it fire, for a person: "usage 62
	// -> 41 (down 33.9%)", "champion.active true -> false"; numbers are
	// rounded, a nil pointer or NaN reads "missing". Changes has the same
	// values at full precision.
	Reason  string    `json:"reason"`
	Changes []Change  `json:"changes,omitempty"`
	At      time.Time `json:"at"`
	// Hold is the rule's own hold (zero: the policy's for the effect).
	Hold Hold `json:"hold,omitzero"`
}

// Options configures a [Set]. The zero value is usable.
type Options struct {
	// Rules sets the limits of the conditions (see rules.Options); its
	// Fields and AllowMethods apply as there (conditions take the time
	// from now, not from a clock).
	Rules rules.Options
}

type compiled[A any] struct {
	rule   Rule
	cond   *engine.Program[Env[A]]
	fields []string // the account fields the condition reads, for reasons
	// watch are the indexes in Set.paths of every field the condition
	// reads, when that is known and each can be compared: an edge rule none
	// of whose fields changed cannot fire, and is not evaluated. nil: always
	// evaluate.
	watch []int
}

// Set is a compiled set of trigger rules over accounts of type A. It is a
// value: it keeps no state between checks (the history of firings is the
// caller's, see [Set.Check]), so it is safe for concurrent use and can be
// shared by any number of policies.
type Set[A any] struct {
	rules  []compiled[A]              // sorted: severity descending, then name
	paths  []fieldPath                // the fields the edge rules watch, for the change test
	conds  *engine.Conditions[Env[A]] // the rules' conditions, in the order of rules
	slow   bool                       // some watched rule runs on the VM
	scopes sync.Pool                  // of *checking[A]
}

// checking is the state of one check: the change, held once for all the
// rules, and what each condition gave.
type checking[A any] struct {
	scope     engine.Scope[Env[A]]
	skip      []bool
	held      []bool
	errs      []error
	evaluated bool // held and errs are filled
}

// Errors of [Compile] besides the rules package's.
var (
	ErrRule   = errors.New("invalid trigger rule")
	ErrStore  = errors.New("trigger store failed")
	ErrSetNil = errors.New("nil trigger set")
	// ErrNoID: Claim was given an empty account ID, under which every
	// account would share its claims.
	ErrNoID = errors.New("the account has no ID: its triggers cannot keep cooldowns")
	// ErrBadID: Claim was given an account ID that is not valid UTF-8 or
	// holds a control or bidirectional formatting character, which no
	// store keeps alike (PostgreSQL refuses a NUL; a report would be
	// spoofed by U+202E): every store is spared it the same way.
	ErrBadID = errors.New("the account ID is not text a store keeps")
)

// Compile compiles trigger rules. Every problem is reported at once, each
// naming its rule: an empty or repeated name, an unknown effect or mode, a
// negative cooldown, and every error of the condition (a *rules.Error with
// line and column).
func Compile[A any](opts Options, rs ...Rule) (*Set[A], error) {
	var errs []error
	bad := func(name, msg string) {
		errs = append(errs, fmt.Errorf("trigger: rule %q: %w: %s", name, ErrRule, msg))
	}
	seen := map[string]bool{}
	s := &Set[A]{}
	for i, r := range rs {
		switch {
		case r.Name == "":
			bad("", "rule "+strconv.Itoa(i)+" has no name")
		case seen[r.Name]:
			bad(r.Name, "the name is used twice")
		}
		seen[r.Name] = true
		if r.Effect < Growth || r.Effect > Sunset {
			bad(r.Name, fmt.Sprintf("unknown effect %d", int(r.Effect)))
		}
		if r.Mode != Edge && r.Mode != Level {
			bad(r.Name, fmt.Sprintf("unknown mode %d", int(r.Mode)))
		}
		if r.Cooldown < 0 {
			bad(r.Name, "negative cooldown "+r.Cooldown.String())
		}
		if msg := r.Hold.check(); msg != "" {
			bad(r.Name, msg)
		}
		p, err := engine.CompileEnv[Env[A]](r.Name, r.When, engine.Boolean, opts.Rules)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if r.Mode == Edge && !readsCur(p.Refs()) {
			// (prev, cur) and (prev, prev) look the same to it: it can never fire.
			bad(r.Name, "an edge rule must read cur (it is compared with the account as it was); use level mode")
			continue
		}
		c := compiled[A]{rule: r, cond: p, fields: fieldsOf(p.Refs())}
		if r.Mode == Edge && p.RefsComplete() {
			c.watch = s.watch(c.fields)
		}
		s.rules = append(s.rules, c)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	slices.SortFunc(s.rules, func(a, b compiled[A]) int {
		return cmp.Or(cmp.Compare(b.rule.Severity, a.rule.Severity), strings.Compare(a.rule.Name, b.rule.Name))
	})
	conds := make([]*engine.Program[Env[A]], len(s.rules))
	for i, c := range s.rules {
		conds[i] = c.cond
	}
	s.conds = engine.NewConditions(conds...)
	for i, c := range s.rules {
		s.slow = s.slow || c.watch != nil && !s.conds.Closure(i)
	}
	return s, nil
}

// fieldPath is the struct field indexes of a dotted field path from the
// account, through pointers.
type fieldPath [][]int

// watch returns the indexes in s.paths of fields, adding the new ones, or
// nil when one of them cannot be compared this way: the account type is not
// a pointer to a struct (comparing would copy it), or a field is not found
// by static type (a map, an interface), or there are too many to track.
func (s *Set[A]) watch(fields []string) []int {
	t := reflect.TypeFor[A]()
	if t.Kind() != reflect.Pointer || t.Elem().Kind() != reflect.Struct || len(fields) == 0 {
		return nil
	}
	var ids []int
	for _, f := range fields {
		p, ok := resolve(t, f)
		if !ok {
			return nil
		}
		id := slices.IndexFunc(s.paths, func(q fieldPath) bool { return slices.EqualFunc(q, p, slices.Equal) })
		if id < 0 {
			if len(s.paths) == maxWatched {
				return nil
			}
			id = len(s.paths)
			s.paths = append(s.paths, p)
		}
		ids = append(ids, id)
	}
	return ids
}

// maxWatched is how many fields a set tracks for its change test.
const maxWatched = 64

// resolve returns the field path of a dotted name in struct type t (through
// pointers), by the names rules give fields.
func resolve(t reflect.Type, name string) (fieldPath, bool) {
	var p fieldPath
	for _, part := range strings.Split(name, ".") {
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct {
			return nil, false
		}
		f, found := fields.Lookup(t, part)
		if found {
			p, t = append(p, f.Index), f.Type
		}
		if !found {
			return nil, false
		}
	}
	return p, true
}

// changeCache remembers, for one check, which watched fields changed.
type changeCache [maxWatched]int8 // 0 not yet compared, 1 unchanged, 2 changed

// anyChanged reports whether any of the fields ids differs between prev
// and cur (the structs the accounts point to).
func (c *changeCache) anyChanged(ids []int, paths []fieldPath, prev, cur reflect.Value) bool {
	for _, id := range ids {
		if c[id] == 0 {
			c[id] = 1
			if changed(paths[id], prev, cur) {
				c[id] = 2
			}
		}
		if c[id] == 2 {
			return true
		}
	}
	return false
}

// changed reports whether the field at p differs between prev and cur;
// when it cannot tell (a nil on the way, a value that does not compare
// with ==), it says changed, so that the rule is evaluated.
func changed(p fieldPath, prev, cur reflect.Value) bool {
	for i, idx := range p {
		for i > 0 && prev.Kind() == reflect.Pointer {
			if prev.IsNil() || cur.IsNil() {
				return prev.IsNil() != cur.IsNil() || !prev.IsNil()
			}
			prev, cur = prev.Elem(), cur.Elem()
		}
		if len(idx) == 1 {
			prev, cur = prev.Field(idx[0]), cur.Field(idx[0])
		} else { // through embedded structs, maybe nil pointers
			var err1, err2 error
			prev, err1 = prev.FieldByIndexErr(idx)
			cur, err2 = cur.FieldByIndexErr(idx)
			if err1 != nil || err2 != nil {
				return true
			}
		}
	}
	for prev.Kind() == reflect.Pointer {
		if prev.IsNil() || cur.IsNil() {
			return prev.IsNil() != cur.IsNil()
		}
		prev, cur = prev.Elem(), cur.Elem()
	}
	if prev.Kind() == reflect.Interface {
		if prev.IsNil() || cur.IsNil() {
			return prev.IsNil() != cur.IsNil()
		}
		prev, cur = prev.Elem(), cur.Elem()
		if prev.Type() != cur.Type() {
			return true
		}
	}
	return !same(prev, cur)
}

// same reports whether a and b, of one type, hold the same value: numbers,
// bools and strings by value (NaN is never the same), pointers by address,
// structs field by field (a time.Time too); anything else is not known to
// be the same.
func same(a, b reflect.Value) bool {
	switch a.Kind() {
	case reflect.Float32, reflect.Float64:
		return a.Float() == b.Float()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return a.Int() == b.Int()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return a.Uint() == b.Uint()
	case reflect.Bool:
		return a.Bool() == b.Bool()
	case reflect.String:
		return a.String() == b.String()
	case reflect.Pointer:
		return a.Pointer() == b.Pointer()
	case reflect.Struct:
		for i := range a.NumField() {
			if !same(a.Field(i), b.Field(i)) {
				return false
			}
		}
		return true
	}
	return false
}

// readsCur reports whether refs read a field of cur.
func readsCur(refs []string) bool {
	for _, r := range refs {
		if strings.HasPrefix(r, "cur.") {
			return true
		}
	}
	return false
}

// fieldsOf returns the account fields named by refs such as "prev.usage"
// and "cur.usage", without repeats, in order.
func fieldsOf(refs []string) []string {
	var out []string
	for _, r := range refs {
		head, field, ok := strings.Cut(r, ".")
		if ok && (head == "prev" || head == "cur") && !slices.Contains(out, field) {
			out = append(out, field)
		}
	}
	slices.Sort(out)
	return out
}

// Rules returns the set's rules in the order they are checked and reported:
// severity descending, then name.
func (s *Set[A]) Rules() []Rule {
	out := make([]Rule, len(s.rules))
	for i, c := range s.rules {
		out[i] = c.rule
	}
	return out
}

// History is when each rule last fired for one account: the state of its
// cooldowns, which the caller keeps with the account between changes (as
// it keeps the account's tier.Position) and passes back to the next
// [Set.Check]. The nil History is an account for which nothing has fired.
// Check never changes the History it is given.
type History map[string]time.Time

// allowed reports whether rule may fire at now after firing last (ok):
// not again at the same instant or earlier (a clock that steps back fires
// nothing), and not inside its cooldown.
func allowed(last time.Time, ok bool, now time.Time, cooldown time.Duration) bool {
	return !ok || now.After(last) && !now.Before(last.Add(cooldown))
}

// Check evaluates every rule for one account's change from prev to cur at
// time now (within [MinTime, MaxTime], else an error wrapping [ErrTime]
// and nothing fires), given the account's history h, and returns the triggers that
// fired, ordered by severity (highest first) then name, and the history to
// keep: h itself when nothing fired, else a copy with the fired rules at
// now. Edge rules fire when their condition becomes true; a rule inside its
// cooldown, or at a time not after its last firing, does not fire. An
// error in one rule does not stop the others: the errors are joined and
// returned with the triggers that fired. Check is pure: the same arguments
// give the same result, and it allocates nothing of its own when nothing
// fires.
//
// Where several workers or replicas handle changes of the same account,
// each with its own copy of the history, use [Set.Claim] instead.
func (s *Set[A]) Check(prev, cur A, now time.Time, h History) ([]Fired, History, error) {
	if s == nil {
		return nil, h, ErrSetNil
	}
	if err := CheckTime(now); err != nil { // the instants a store keeps, and a document carries
		return nil, h, err
	}
	st := s.evaluate(prev, cur, now)
	if st == nil { // nothing holds, nothing failed: the common case, at once
		return nil, h, nil
	}
	fired, err := s.check(st, prev, cur, now, func(r Rule) (bool, error) {
		last, ok := h[r.Name]
		return allowed(last, ok, now, r.Cooldown), nil
	})
	if len(fired) == 0 {
		return fired, h, err
	}
	next := make(History, len(h)+len(fired))
	for k, v := range h {
		next[k] = v
	}
	for _, f := range fired {
		next[f.Rule] = now
	}
	return fired, next, err
}

// Claim is [Set.Check] for hosts where several workers or replicas handle
// changes of one account: instead of a history, each firing is claimed in
// store under the account's id, atomically per account and rule, so that a
// trigger fires once however many handle the change. It returns the
// firings this caller won (fired: announce them) and those another caller
// had already claimed at this very instant (taken: the same change,
// handled twice; apply their effect, announce nothing). An empty id is an
// error ([ErrNoID]): accounts without IDs would share their claims; so is
// an ID with a control or bidirectional character or invalid UTF-8
// ([ErrBadID]), refused before any store sees it. A store that fails
// fires nothing for that rule: the error is returned, joined with the
// others.
func (s *Set[A]) Claim(ctx context.Context, store Store, id string, prev, cur A, now time.Time) (fired, taken []Fired, err error) {
	if s == nil {
		return nil, nil, ErrSetNil
	}
	if id == "" {
		return nil, nil, fmt.Errorf("trigger: %w", ErrNoID)
	}
	if err := text.Check(id); err != nil {
		return nil, nil, fmt.Errorf("trigger: %w: %q: %v", ErrBadID, id, err)
	}
	if store == nil {
		return nil, nil, fmt.Errorf("trigger: %w: nil store", ErrStore)
	}
	if err := CheckTime(now); err != nil {
		return nil, nil, err
	}
	st := s.evaluate(prev, cur, now)
	if st == nil {
		return nil, nil, nil
	}
	var tookBy map[string]bool // the rules another caller claimed; nil in the common case
	all, err := s.check(st, prev, cur, now, func(r Rule) (bool, error) {
		v, err := store.Claim(ctx, id, r.Name, now, r.Cooldown)
		if err != nil {
			return false, fmt.Errorf("trigger: rule %q: %w: %w", r.Name, ErrStore, err)
		}
		if v == Taken {
			if tookBy == nil {
				tookBy = map[string]bool{}
			}
			tookBy[r.Name] = true
		}
		return v != Refused, nil
	})
	if tookBy == nil {
		return all, nil, err
	}
	for _, f := range all {
		if tookBy[f.Rule] {
			taken = append(taken, f)
		} else {
			fired = append(fired, f)
		}
	}
	return fired, taken, err
}

// evaluate evaluates every condition over the change from prev to cur,
// and returns their results, or nil when none held or failed. A set with
// rules on the VM evaluates everything in check instead, where the edge
// rules none of whose fields changed can be skipped.
func (s *Set[A]) evaluate(prev, cur A, now time.Time) *checking[A] {
	st, _ := s.scopes.Get().(*checking[A])
	if st == nil {
		n := len(s.rules)
		st = &checking[A]{skip: make([]bool, n), held: make([]bool, n), errs: make([]error, n)}
	}
	env := st.scope.Env() // written in place: a change is never copied
	env.Prev, env.Cur, env.Now = prev, cur, now
	st.scope.Bind(env, now)
	if !s.slow && s.conds.Eval(&st.scope, nil, st.held, st.errs) == 0 {
		s.scopes.Put(st)
		return nil
	}
	st.evaluated = !s.slow
	return st
}

// check fires the rules whose condition holds (and, for edge rules, did
// not hold before) and that allow lets fire, given what evaluate found,
// and returns st to the pool.
func (s *Set[A]) check(st *checking[A], prev, cur A, now time.Time, allow func(Rule) (bool, error)) ([]Fired, error) {
	defer s.scopes.Put(st)
	var fired []Fired
	var errs []error
	var seen changeCache
	var pv, cv reflect.Value // the structs prev and cur point to
	if len(s.paths) > 0 {
		pv, cv = reflect.ValueOf(any(prev)), reflect.ValueOf(any(cur)) // pointers: no copy
		if pv.IsNil() || cv.IsNil() {
			pv = reflect.Value{} // nothing to compare: evaluate every rule
		} else {
			pv, cv = pv.Elem(), cv.Elem()
		}
	}
	// unchanged reports whether c is an edge rule none of whose fields
	// changed: it cannot fire.
	unchanged := func(c *compiled[A]) bool {
		return c.watch != nil && pv.IsValid() && !seen.anyChanged(c.watch, s.paths, pv, cv)
	}
	if !st.evaluated {
		// Rules on the VM cost microseconds: an edge rule none of whose
		// fields changed is not evaluated.
		var skip []bool
		if pv.IsValid() {
			skip = st.skip[:len(s.rules)]
			for i := range s.rules {
				skip[i] = !s.conds.Closure(i) && unchanged(&s.rules[i])
			}
		}
		if s.conds.Eval(&st.scope, skip, st.held, st.errs) == 0 {
			return nil, nil
		}
	}
	for i := range s.rules {
		c := &s.rules[i]
		ok, err := st.held[i], st.errs[i]
		if !ok && err == nil {
			continue
		}
		if unchanged(c) {
			continue // an edge rule none of whose fields changed cannot fire
		}
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if !ok {
			continue
		}
		if c.rule.Mode == Edge {
			before, err := c.cond.Bool(Env[A]{Prev: prev, Cur: prev, Now: now})
			if err != nil {
				errs = append(errs, err)
				continue
			}
			if before {
				continue
			}
		}
		ok, err = allow(c.rule)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if !ok {
			continue
		}
		chs := changes(c.fields, prev, cur)
		fired = append(fired, Fired{
			Rule: c.rule.Name, Effect: c.rule.Effect, Severity: c.rule.Severity, Action: c.rule.Action,
			Reason: reason(chs), Changes: chs, At: now, Hold: c.rule.Hold,
		})
	}
	if len(errs) == 0 {
		return fired, nil
	}
	return fired, errors.Join(errs...)
}

// Change is one value a fired trigger's condition read, before and after
// the change, at full precision for JSON: a number, a bool, a string or a
// time; nil when the value is missing (a nil pointer, NaN, no such field).
// Field is the path of a leaf: "usage", "champion.active".
type Change struct {
	Field  string `json:"field"`
	Before any    `json:"before"`
	After  any    `json:"after"`
}

// changes returns the values behind fields, in prev and cur: a struct is
// reduced to its leaves, and of a struct only the leaves that changed are
// kept, so that no whole struct (with contact names and emails) is quoted.
func changes[A any](fields []string, prev, cur A) []Change {
	var out []Change
	for _, f := range fields {
		p, _ := rules.Get(prev, f)
		c, cok := rules.Get(cur, f)
		if !cok {
			continue
		}
		leaves(f, reflect.ValueOf(p), reflect.ValueOf(c), false, &out)
	}
	return out
}

// leaves appends the leaves of p and c under path; inStruct keeps only the
// leaves that changed.
func leaves(path string, p, c reflect.Value, inStruct bool, out *[]Change) {
	p, c = indirect(p), indirect(c)
	if c.Kind() == reflect.Struct && c.Type() != reflect.TypeFor[time.Time]() {
		for i := range c.NumField() {
			sf := c.Type().Field(i)
			if !sf.IsExported() {
				continue
			}
			name, ok := fields.Name(sf)
			if !ok { // a field rules cannot name is not shown either
				continue
			}
			var pf reflect.Value
			if p.IsValid() && p.Type() == c.Type() {
				pf = p.Field(i)
			}
			leaves(path+"."+name, pf, c.Field(i), true, out)
		}
		return
	}
	before, after := scalar(p), scalar(c)
	if inStruct && reflect.DeepEqual(before, after) {
		return
	}
	*out = append(*out, Change{Field: path, Before: before, After: after})
}

// indirect follows pointers and interfaces; a nil one gives the zero Value.
func indirect(v reflect.Value) reflect.Value {
	for v.IsValid() && (v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface) {
		if v.IsNil() {
			return reflect.Value{}
		}
		v = v.Elem()
	}
	return v
}

// scalar returns v as a number (float64), bool, string or time, nil when
// it is missing (invalid, NaN, ±Inf); anything else as its text, and a
// time outside the years 0 to 9999 too, so that every Change marshals.
func scalar(v reflect.Value) any {
	switch {
	case !v.IsValid():
		return nil
	case v.CanFloat():
		if f := v.Float(); !math.IsNaN(f) && !math.IsInf(f, 0) {
			return f
		}
		return nil
	case v.CanInt():
		return float64(v.Int())
	case v.CanUint():
		return float64(v.Uint())
	case v.Kind() == reflect.Bool:
		return v.Bool()
	case v.Kind() == reflect.String:
		return v.String()
	}
	if t, ok := v.Interface().(time.Time); ok {
		if y := t.Year(); y < 0 || y > 9999 { // past what JSON's dates carry: its text instead
			return t.UTC().Format("2006-01-02T15:04:05.999999999Z07:00")
		}
		return t
	}
	if v.CanInterface() {
		return fmt.Sprint(v.Interface())
	}
	return nil
}

// reason describes changes for a person: "usage 62 -> 41 (down 33.9%)",
// "champion.active true -> false", "nps missing -> 8", "nps 9" when it did
// not change; numbers rounded for display.
func reason(cs []Change) string {
	parts := make([]string, 0, len(cs))
	for _, c := range cs {
		if c.Before == c.After || (c.Before != nil && reflect.DeepEqual(c.Before, c.After)) {
			parts = append(parts, c.Field+" "+show(c.After))
			continue
		}
		s := c.Field + " " + show(c.Before) + " -> " + show(c.After)
		if pf, ok := c.Before.(float64); ok && pf != 0 {
			if cf, ok := c.After.(float64); ok {
				change := 100 * (cf - pf) / math.Abs(pf)
				dir := "up"
				if change < 0 {
					dir = "down"
				}
				s += fmt.Sprintf(" (%s %s%%)", dir, strconv.FormatFloat(math.Abs(change), 'f', 1, 64))
			}
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, ", ")
}

func show(v any) string {
	switch x := v.(type) {
	case nil:
		return "missing"
	case float64:
		return score.FormatInput(x)
	case time.Time:
		if x.IsZero() {
			return "missing"
		}
		return x.Format("2006-01-02")
	case string:
		if x == "" {
			return `""`
		}
		return x
	}
	return fmt.Sprint(v)
}
