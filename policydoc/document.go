package policydoc

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/prioritize-dev/prioritize"
	"github.com/prioritize-dev/prioritize/grade"
	"github.com/prioritize-dev/prioritize/internal/text"
	"github.com/prioritize-dev/prioritize/rules"
	"github.com/prioritize-dev/prioritize/score"
	"github.com/prioritize-dev/prioritize/tier"
	"github.com/prioritize-dev/prioritize/trigger"
)

// FormatVersion is the version of the document format this package reads
// and writes: it changes when a document that one version accepts would
// mean something else, or be refused, under the next.
const FormatVersion = 1

// Document is a policy written as data, for a host platform to store and
// for CS operations to edit: each factor is an expression and a curve, each
// segment and trigger a condition. [Parse] reads one from JSON and
// [Compile] compiles it into a prioritize.Policy. Fields left out take the
// framework's defaults.
type Document struct {
	// Description says what the policy is for, for the people who keep it.
	Description string `json:"description,omitempty"`
	// Mix blends value and potential, two shares that add up to 1 (0.7
	// and 0.3); omitted, it is balanced.
	Mix *score.Mix `json:"mix,omitempty"`
	// Priority, when set, replaces the mix: a numeric expression over
	// value and potential (0-100 each), clamped to [0, 100]: expected
	// revenue at risk, "value * (100 - potential) / 100". A missing result
	// leaves the account unrated; a failure too, recorded on the
	// assessment (its Failed, "priority").
	Priority  string `json:"priority,omitempty"`
	Value     Axis   `json:"value"`
	Potential Axis   `json:"potential"`
	// Tiers replace the framework's ladder when given, rank 1 first.
	Tiers      []tier.Tier  `json:"tiers,omitempty"`
	Hysteresis *Hysteresis  `json:"hysteresis,omitempty"`
	Quadrant   grade.Matrix `json:"quadrant,omitzero"`
	Segments   []Segment    `json:"segments,omitempty"`
	Triggers   []Trigger    `json:"triggers,omitempty"`
	// Holds are the holds of fired triggers by effect, for triggers
	// without one of their own: {"intervention": {"floor": 2, "for":
	// "30d"}} (see prioritize.Config.Holds).
	Holds map[trigger.Effect]Hold `json:"holds,omitempty"`
	// Grade, when set, grades accounts A1..C3 (see prioritize.Config.Grade
	// and Grid).
	Grade *Grade `json:"grade,omitempty"`
	// ARR is a numeric expression for an account's annual recurring
	// revenue, for capacity plans; a missing result counts as 0, and a
	// failure too, recorded on the assessment (its Failed, "arr").
	ARR string `json:"arr,omitempty"`
	// AsOf, when set, is the date the rules read as today (now,
	// days_until, days_since) when the host gives no clock: a date
	// ("2026-11-01"), or the name of a declared date field, each account's
	// own snapshot date ("snapshot"). A host's Options.Clock (the
	// workbench's -as-of) wins over it.
	AsOf string `json:"as_of,omitempty"`
	// Fields declare what the policy reads from input records (CSV or
	// JSON Lines), for hosts and tools that read any export without code:
	// each field's name in the rules, its type, its source column and what
	// counts as blank. The field named "id" identifies an account. See
	// [Document.Records].
	Fields []Field `json:"fields,omitempty"`

	src   []byte           // the JSON it was parsed from, for positions
	where map[string]int64 // path -> offset of its value in src
	nl    newlines         // src's line ends, made when first needed
	asOf  string           // Compile: the date field each account's rules read as today
}

// Fingerprint returns a canonical hash of the document, "sha256:" and 64
// hex digits: the same for the same policy however its JSON is spaced or
// its keys ordered (and through a round trip of Parse and json.Marshal),
// different when any part differs. Compile stamps it, as the policy's
// identity, on every assessment and movement of the policy.
func (doc Document) Fingerprint() string {
	doc.src, doc.where, doc.nl, doc.asOf = nil, nil, nil, "" // where it came from is not what it says
	canon, err := json.Marshal(doc)
	if err != nil { // a value no JSON can carry (NaN set from Go): hash its Go form
		canon = []byte(fmt.Sprintf("%#v", doc))
	}
	sum := sha256.Sum256(canon)
	return "sha256:" + hex.EncodeToString(sum[:])
}

// place returns an *Error at path, with its position when doc was parsed.
func (doc *Document) place(path string, kind, err error) *Error {
	e := &Error{Path: path, Kind: kind, Err: err}
	if at, ok := doc.where[path]; ok && path != "" { // the whole document has no place
		if doc.nl == nil {
			doc.nl = newlinesOf(doc.src)
		}
		e.Line, e.Column = doc.nl.lineCol(doc.src, at)
	}
	return e
}

// Axis is value or potential, or a group of factors inside one: factors
// combined by weight (or by the worst of them), a missing-data policy, and
// caps and floors.
type Axis struct {
	Description string `json:"description,omitempty"`
	// Combine is "weighted" (the default: the weighted mean of the
	// factors) or "worst" (the lowest present rating; weights must still
	// be valid).
	Combine Combine `json:"combine,omitempty"`
	// Missing is "redistribute" (the default), "rate" (missing factors
	// rate MissingRating) or "propagate" (the axis is missing): the words
	// of score.MissingPolicy.
	Missing       score.MissingPolicy `json:"missing,omitempty"`
	MissingRating float64             `json:"missing_rating,omitempty"`
	Factors       []Factor            `json:"factors"`
	// Bounds cap or raise the combined rating when their condition holds
	// (see score.Bounded: a cap wins over a floor).
	Bounds []Bound `json:"bounds,omitempty"`
}

// Combine says how a group combines its factors.
type Combine int

const (
	// Weighted is the weighted mean of the factors.
	Weighted Combine = iota
	// Worst is the lowest present rating: "health is as good as its
	// weakest signal".
	Worst
)

// String returns "weighted" or "worst".
func (c Combine) String() string {
	if c == Worst {
		return "worst"
	}
	return "weighted"
}

// MarshalText encodes the combination by name.
func (c Combine) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// UnmarshalText decodes "weighted" (or "") or "worst".
func (c *Combine) UnmarshalText(b []byte) error {
	switch string(b) {
	case "", "weighted":
		*c = Weighted
	case "worst":
		*c = Worst
	default:
		return fmt.Errorf("combine %q: want weighted or worst", b)
	}
	return nil
}

// Factor is one factor, with a relative weight, of one of three kinds:
//
//   - a number: Expr, a numeric expression over the account, rated by
//     Curve;
//   - a category: Level, an expression that gives a string, rated by the
//     table Levels, where a level the table does not declare rates Default
//     and is reported as an unknown level (Policy.Diagnose), never mapped
//     silently;
//   - a group: Group, factors of their own, combined, bounded and rated as
//     an axis is, nested to any depth ("billing friction" grouping payment
//     failures and disputes).
//
// IfMissing, when set, is the factor's own missing rule: the rating it
// takes when it has no data (or fails), keeping its weight; omitted, the
// group's Missing policy applies.
type Factor struct {
	Name        string             `json:"name"`
	Description string             `json:"description,omitempty"`
	Weight      float64            `json:"weight"`
	Expr        string             `json:"expr,omitempty"`
	Curve       *Curve             `json:"curve,omitempty"`
	Level       string             `json:"level,omitempty"`
	Levels      map[string]float64 `json:"levels,omitempty"`
	Default     float64            `json:"default,omitempty"`
	// FoldCase compares a category's values with its levels ignoring case
	// and surrounding space ("Starter " is the level "starter"): the
	// document's explicit choice; without it a value that differs from a
	// level by case is a value the table lacks (rated Default, and said in
	// the workbench's summary).
	FoldCase  bool     `json:"fold_case,omitempty"`
	Group     *Axis    `json:"group,omitempty"`
	IfMissing *float64 `json:"if_missing,omitempty"`
	// Fresh, when set, counts the factor's input as missing once it is
	// older than a maximum age (score.Fresh): {"observed": "nps_date",
	// "max_age": "14d"}.
	Fresh *Freshness `json:"fresh,omitempty"`
}

// Freshness says when a factor's input goes stale: observed names the
// date field when the input was observed, as_of the date field of the
// account's snapshot ("as_of" when omitted), max_age how old an input may
// be. An input older than that is missing (its weight redistributed, by
// the group's policy; Diagnose counts it stale); one observed after the
// as-of date is a failure; a blank date is not known, and counts as fresh.
// It is score.Fresh, read from documents.
type Freshness struct {
	Observed string   `json:"observed"`
	AsOf     string   `json:"as_of,omitempty"`
	MaxAge   Duration `json:"max_age"`
}

// Grade grades an account A1..C3, the framework's second method: its size
// from the Potential expression (dollars a year it could add), its
// likelihood from the Likelihood expression (0-100), banded by Bands (the
// framework's bands when omitted: size A from $50k, B from $10k;
// likelihood 1 from 70, 2 from 40), and mapped onto tiers by the grid:
// Cells when given, else the framework's grid, whose borderline cells
// Resolution resolves (higher, lower, or by-score against a priority cut;
// omitted: by-score at 70).
type Grade struct {
	Description string            `json:"description,omitempty"`
	Potential   string            `json:"potential"`
	Likelihood  string            `json:"likelihood"`
	Bands       grade.Grader      `json:"bands,omitzero"`
	Cells       []grade.Cell      `json:"cells,omitempty"`
	Resolution  *grade.Resolution `json:"resolution,omitempty"`
}

// Bound caps (Cap) or raises (Floor) a group's rating while its condition
// holds: {"name": "detractor", "when": "nps < 5", "cap": 50}. Exactly one
// of Cap and Floor is set.
type Bound struct {
	Name        string   `json:"name"`
	Description string   `json:"description,omitempty"`
	When        string   `json:"when"`
	Cap         *float64 `json:"cap,omitempty"`
	Floor       *float64 `json:"floor,omitempty"`
}

// Curve is a curve of package score as data. Kind is linear or falling
// (Lo, Hi), log (Lo, Hi), peak (Lo, From, To, Hi), boolean (No, Yes),
// piecewise (Direction, Points as [x, rating]) or steps (Direction, Points
// as [from, rating]); Direction is ascending, descending or peaked.
type Curve struct {
	Kind      string          `json:"kind"`
	Direction score.Direction `json:"direction,omitempty"`
	Points    [][2]float64    `json:"points,omitempty"`
	Lo        float64         `json:"lo,omitempty"`
	From      float64         `json:"from,omitempty"`
	To        float64         `json:"to,omitempty"`
	Hi        float64         `json:"hi,omitempty"`
	No        float64         `json:"no,omitempty"`
	Yes       float64         `json:"yes,omitempty"`
}

// Hysteresis is tier.Hysteresis with the dwell as a duration string
// ("336h").
type Hysteresis struct {
	Margin   float64  `json:"margin,omitempty"`
	MinDwell Duration `json:"min_dwell,omitempty"`
}

// Segment selects accounts with a condition and gives them a mix.
type Segment struct {
	Name        string     `json:"name"`
	Description string     `json:"description,omitempty"`
	When        string     `json:"when"`
	Mix         *score.Mix `json:"mix,omitempty"`
	// Value and Potential, when set, replace the document's axes for the
	// segment's accounts: onboarding accounts weigh activation.
	Value     *Axis `json:"value,omitempty"`
	Potential *Axis `json:"potential,omitempty"`
}

// Trigger is a trigger.Rule with its cooldown as a duration string.
type Trigger struct {
	Name        string         `json:"name"`
	Description string         `json:"description,omitempty"`
	When        string         `json:"when"`
	Effect      trigger.Effect `json:"effect"`
	Severity    int            `json:"severity,omitempty"`
	Action      string         `json:"action,omitempty"`
	Mode        trigger.Mode   `json:"mode,omitempty"`
	Cooldown    Duration       `json:"cooldown,omitempty"`
	// Hold keeps the account at a tier or better for a while after the
	// trigger fired; omitted, the document's hold for the effect applies.
	Hold *Hold `json:"hold,omitempty"`
}

// Hold is a trigger.Hold with its duration as a string: {"floor": 2,
// "for": "720h"}.
type Hold struct {
	Floor int      `json:"floor"`
	For   Duration `json:"for"`
}

func (h *Hold) hold() trigger.Hold {
	if h == nil {
		return trigger.Hold{}
	}
	return trigger.Hold{Floor: h.Floor, For: time.Duration(h.For)}
}

// Duration is a time.Duration written as a string in JSON, as ops write
// it: "7d" and "2w" (days and weeks of 24 hours), or anything
// time.ParseDuration reads ("36h", "90m").
type Duration time.Duration

// MarshalText encodes the duration in whole days ("7d") when it is whole
// days, else as time.Duration.String does.
func (d Duration) MarshalText() ([]byte, error) {
	if day := Duration(24 * time.Hour); d != 0 && d%day == 0 {
		return []byte(strconv.FormatInt(int64(d/day), 10) + "d"), nil
	}
	return []byte(time.Duration(d).String()), nil
}

// UnmarshalText decodes "7d", "2w" or a Go duration; "" is 0.
func (d *Duration) UnmarshalText(b []byte) error {
	s := string(b)
	if s == "" {
		*d = 0
		return nil
	}
	for unit, size := range map[string]time.Duration{"d": 24 * time.Hour, "w": 7 * 24 * time.Hour} {
		if n, ok := strings.CutSuffix(s, unit); ok {
			v, err := strconv.ParseFloat(n, 64)
			if err != nil || v < 0 || v*float64(size) > math.MaxInt64 {
				return fmt.Errorf("duration %q: want a number of days (7d), weeks (2w) or a Go duration (36h)", s)
			}
			*d = Duration(v * float64(size))
			return nil
		}
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return fmt.Errorf("duration %q: want a number of days (7d), weeks (2w) or a Go duration (36h)", s)
	}
	*d = Duration(v)
	return nil
}

// Parse decodes a policy document from JSON. It reports every problem of
// the JSON at once, each an [*Error] with its path and its line and
// column: JSON that does not parse, a field the format does not have (with
// the closest name), a value of the wrong type or a word the field does
// not take. The problems of the policy itself (expressions, curves,
// weights, tiers, triggers) are [Compile]'s, reported all at once too, with
// the same paths and the positions Parse recorded. A key given twice in
// one object is a problem too (decoders disagree on which counts), and a
// document nested deeper than [MaxDepth] or with more than [MaxParts]
// parts is refused ([ErrLimit]) at the first place past the limit. A
// leading byte-order mark is skipped.
func Parse(data []byte) (Document, error) {
	data = bytes.TrimPrefix(data, []byte("\ufeff")) // an editor's byte-order mark
	tree, err := parseTree(data)
	if err != nil {
		e := &Error{Kind: ErrSyntax, Err: err}
		var se *json.SyntaxError
		var tr *trailing
		var ol *overLimit
		switch {
		case errors.As(err, &ol):
			e.Kind = ErrLimit
			e.Line, e.Column = lineCol(data, ol.offset)
		case errors.As(err, &tr):
			e.Line, e.Column = lineCol(data, tr.offset)
		case errors.As(err, &se):
			at := max(se.Offset-1, 0) // the offset is just past the offending byte
			e.Line, e.Column = lineCol(data, at)
			e.Err = errors.New(se.Error())
			if trailingComma(data, at) {
				e.Err = errors.New(se.Error() + ": a comma ends the list or object before it, and JSON allows none after the last item: remove it")
			}
		case errors.Is(err, io.ErrUnexpectedEOF):
			e.Line, e.Column = lineCol(data, int64(len(data)))
			e.Err = errors.New("the document ends too soon")
		}
		return Document{}, e
	}
	doc, errs := decodeTree(data, tree)
	if len(errs) > 0 {
		return Document{}, errors.Join(errs...)
	}
	return doc, nil
}

// trailingComma reports a '}' or ']' at offset whose previous byte that is
// not space is a comma: the commonest mistake of JSON written by hand.
func trailingComma(data []byte, at int64) bool {
	j := min(max(at, 0), int64(len(data)))
	for j < int64(len(data)) && strings.IndexByte(" \t\r\n,", data[j]) >= 0 {
		j++ // the decoder may place the error at the comma or before it
	}
	if j >= int64(len(data)) || data[j] != '}' && data[j] != ']' {
		return false
	}
	prev := bytes.TrimRight(data[:j], " \t\r\n")
	return len(prev) > 0 && prev[len(prev)-1] == ','
}

// decodeTree decodes a parsed tree: the document, as far as it could be
// read, and the problems of reading it.
func decodeTree(data []byte, tree *node) (Document, []error) {
	d := &decoder{data: data, where: map[string]int64{}}
	var doc Document
	d.decode(tree, reflect.ValueOf(&doc).Elem(), "")
	doc.src, doc.where, doc.nl = data, d.where, d.nl
	return doc, d.errs
}

// Check reports every problem of a document at once, as [*Error] values
// joined in the order of their place in the text: the problems of its
// JSON, as Parse reports them, and, when it declares its fields, those of
// the policy, as CompileRecords reports them, even behind a misspelt key
// or a value of the wrong type, where Parse alone stops. A problem inside
// a value that could not be read is not repeated. Only JSON that does not
// parse, or is past a limit, stops it at once. opts are CompileRecords's
// (a Clock, for rules that read the time).
func Check(data []byte, opts rules.Options) error {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	tree, err := parseTree(data)
	if err != nil {
		_, err := Parse(data) // the syntax or limit error, placed
		return err
	}
	doc, errs := decodeTree(data, tree)
	if len(doc.Fields) == 0 {
		return errors.Join(errs...)
	}
	broken := map[string]bool{}
	for _, e := range errs {
		var pe *Error
		if errors.As(e, &pe) {
			broken[pe.Path] = true
		}
	}
	_, compileErr := CompileRecords(doc, opts)
	for _, e := range Problems(compileErr) {
		var pe *Error
		if errors.As(e, &pe) && within(pe.Path, broken) {
			continue
		}
		errs = append(errs, e)
	}
	slices.SortStableFunc(errs, func(a, b error) int {
		la, ca := placeOf(a)
		lb, cb := placeOf(b)
		return cmp.Or(cmp.Compare(la, lb), cmp.Compare(ca, cb))
	})
	return errors.Join(errs...)
}

// placeOf is an error's line and column, for ordering: those without one
// go last.
func placeOf(err error) (line, col int) {
	var pe *Error
	if errors.As(err, &pe) && pe.Line > 0 {
		return pe.Line, pe.Column
	}
	return math.MaxInt, 0
}

// within reports whether path is one of broken or inside one of them.
func within(path string, broken map[string]bool) bool {
	for b := range broken {
		if path == b || strings.HasPrefix(path, b+".") || strings.HasPrefix(path, b+"[") {
			return true
		}
	}
	return false
}

// Problems returns the problems joined in err (by Parse, Compile or
// Check), in order: each [*Error] on its own (its Unwrap gives its kind
// and cause, not more problems), and any other error as it is. A nil err
// has none.
func Problems(err error) []error {
	if err == nil {
		return nil
	}
	if _, ok := err.(*Error); ok {
		return []error{err}
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, Problems(e)...)
		}
		return out
	}
	return []error{err}
}

// Compile compiles a policy document over accounts of type A; id
// returns an account's ID, and opts sets the limits of the expressions
// (and, for map accounts, the fields they may use). Every problem is
// reported at once, each naming its place in the document, such as
// `value.factors[1] "tenure"`.
func Compile[A any](doc Document, id func(A) string, opts rules.Options) (*prioritize.Policy[A], error) {
	var errs []error
	if doc.AsOf != "" {
		t, err := time.Parse(time.DateOnly, doc.AsOf)
		isField := slices.ContainsFunc(doc.Fields, func(f Field) bool { return f.Name == doc.AsOf && f.Type == Date })
		switch {
		case err == nil && opts.Clock == nil:
			opts.Clock = func() time.Time { return t }
		case err == nil:
		case isField && opts.Clock == nil:
			// Each account's own date: the rules are evaluated at it (asOfOf);
			// the clock only lets the rules that read the time compile.
			doc.asOf = doc.AsOf
			opts.Clock = func() time.Time { return time.Time{} }
		case isField:
		default:
			errs = append(errs, doc.place("as_of", ErrValue, fmt.Errorf("%q is neither a date (YYYY-MM-DD) nor a declared date field", doc.AsOf)))
		}
	}
	at := func(place string, err error) {
		kind := ErrPolicy
		var re *rules.Error
		if errors.As(err, &re) {
			kind = ErrRule
		}
		errs = append(errs, doc.place(place, kind, err))
	}
	cfg := prioritize.Config[A]{ID: id, Matrix: doc.Quadrant, Identity: doc.Fingerprint()}
	// What New would refuse, refused here at its place in the document.
	if doc.Mix != nil {
		cfg.Mix = *doc.Mix
		if err := cfg.Mix.Validate(); err != nil {
			at("mix", err)
		}
	}
	if err := doc.Quadrant.Validate(); err != nil {
		at("quadrant", err)
	}
	var err error
	cfg.Value = group[A](&doc, "value", doc.Value, opts, at)
	cfg.Potential = group[A](&doc, "potential", doc.Potential, opts, at)
	for i, t := range doc.Tiers {
		if err := text.Check(t.Name); err != nil {
			at(elemPathName("tiers", i, t.Name)+".name", err)
		}
	}
	if len(doc.Tiers) > 0 {
		if cfg.Ladder, err = tier.NewLadder(doc.Tiers...); err != nil {
			for _, e := range Problems(err) { // each problem at the first tier it names
				place := "tiers"
				var te *tier.Error
				if errors.As(e, &te) && len(te.Tiers) > 0 {
					if i := slices.IndexFunc(doc.Tiers, func(t tier.Tier) bool { return t.Name == te.Tiers[0] }); i >= 0 {
						place = elemPathName("tiers", i, doc.Tiers[i].Name)
					}
				}
				at(place, e)
			}
		}
	}
	if h := doc.Hysteresis; h != nil {
		cfg.Hysteresis = tier.Hysteresis{Margin: h.Margin, MinDwell: time.Duration(h.MinDwell)}
		if err := (tier.Hysteresis{Margin: h.Margin}).Validate(); err != nil {
			at("hysteresis.margin", err)
		}
		if err := (tier.Hysteresis{MinDwell: time.Duration(h.MinDwell)}).Validate(); err != nil {
			at("hysteresis.min_dwell", err)
		}
	}
	segNames := map[string]int{}
	for i, s := range doc.Segments {
		place := elemPathName("segments", i, s.Name)
		seg := prioritize.Segment[A]{Name: s.Name, Mix: s.Mix}
		switch j, dup := segNames[s.Name]; {
		case text.Check(s.Name) != nil:
			at(place+".name", text.Check(s.Name))
		case s.Name == "":
			at(place+".name", errors.New("a segment needs a name"))
		case s.Name == prioritize.DefaultSegment:
			at(place+".name", fmt.Errorf("%q is the name of the accounts no segment takes; choose another", s.Name))
		case dup:
			at(place+".name", fmt.Errorf("segment %q is also segments[%d]", s.Name, j))
		default:
			segNames[s.Name] = i
		}
		if s.Mix != nil {
			if err := s.Mix.Validate(); err != nil {
				at(place+".mix", err)
			}
		}
		if s.Value != nil {
			seg.Value = group[A](&doc, place+".value", *s.Value, opts, at)
		}
		if s.Potential != nil {
			seg.Potential = group[A](&doc, place+".potential", *s.Potential, opts, at)
		}
		c, err := rules.CompileCondition[A](s.Name, s.When, opts)
		if err != nil {
			at(place+".when", err)
			continue
		}
		seg.When = clocked(&doc, c)
		cfg.Segments = append(cfg.Segments, seg)
	}
	if len(doc.Triggers) > 0 {
		rs := make([]trigger.Rule, len(doc.Triggers))
		for i, t := range doc.Triggers {
			rs[i] = trigger.Rule{Name: t.Name, When: t.When, Effect: t.Effect, Severity: t.Severity,
				Action: t.Action, Mode: t.Mode, Cooldown: time.Duration(t.Cooldown), Hold: t.Hold.hold()}
		}
		for i, r := range rs { // each on its own, so that each error names its trigger
			place := elemPathName("triggers", i, r.Name)
			if err := text.Check(r.Name); err != nil {
				at(place+".name", err)
			}
			if _, err := trigger.Compile[A](trigger.Options{Rules: opts}, r); err != nil {
				var re *rules.Error
				if errors.As(err, &re) {
					place += ".when"
				}
				at(place, err)
			}
		}
		if cfg.Triggers, err = trigger.Compile[A](trigger.Options{Rules: opts}, rs...); err != nil && len(errs) == 0 {
			at("triggers", err) // names used twice: the set's own check
		}
	}
	// Floors name tiers of the policy's ladder: said at the hold's place.
	ladder := cfg.Ladder
	if ladder == nil {
		ladder = tier.Default()
	}
	floor := func(place string, h trigger.Hold) {
		if h.Floor > 0 && !ladder.Has(h.Floor) {
			at(place+".floor", fmt.Errorf("the ladder has no tier %d", h.Floor))
		}
	}
	for i, t := range doc.Triggers { // a trigger's hold is checked with its rule
		if t.Hold != nil {
			floor(elemPathName("triggers", i, t.Name)+".hold", t.Hold.hold())
		}
	}
	for _, e := range slices.Sorted(maps.Keys(doc.Holds)) {
		h := doc.Holds[e]
		if cfg.Holds == nil {
			cfg.Holds = map[trigger.Effect]trigger.Hold{}
		}
		cfg.Holds[e] = h.hold()
		if err := h.hold().Check(); err != nil {
			at("holds."+e.String(), err)
		}
		floor("holds."+e.String(), h.hold())
	}
	if doc.Priority != "" {
		n, err := rules.CompileNumber[axes]("priority", doc.Priority, rules.Options{})
		if err != nil {
			at("priority", err)
		} else {
			cfg.PriorityText = doc.Priority
			cfg.Priority = func(value, potential float64) (float64, error) {
				v, ok, err := n.Eval(axes{value, potential}, time.Time{})
				if err != nil { // a failure, recorded on the assessment
					return math.NaN(), err
				}
				if !ok { // no value: unrated, said so
					return math.NaN(), nil
				}
				return v, nil
			}
		}
	}
	if g := doc.Grade; g != nil {
		cfg.Grade, cfg.Grid = grading[A](g, opts, at)
	}
	if doc.ARR != "" {
		n, err := rules.CompileNumber[A]("arr", doc.ARR, opts)
		if err != nil {
			at("arr", err)
		} else {
			cfg.ARR = func(a A) (float64, error) {
				now := time.Time{}
				if opts.Clock != nil {
					now = opts.Clock()
				}
				if doc.asOf != "" {
					now = asOfOf(&doc, a)
				}
				v, ok, err := n.Eval(a, now)
				if err != nil { // a failure, recorded on the assessment (ARR 0)
					return 0, err
				}
				if !ok { // missing: no ARR
					return 0, nil
				}
				return v, nil
			}
		}
	}
	doc.checkFields(func(place string, err error) { errs = append(errs, doc.place(place, ErrValue, err)) })
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	p, err := prioritize.New(cfg)
	if err != nil {
		return nil, doc.place("", ErrPolicy, err)
	}
	return p, nil
}

// group compiles an axis, or a group inside one, at path: every factor
// is checked on its own (its expression or level or group, its curve or
// table, its weight), so that every problem is reported at once, each by
// at. It returns nil when any failed.
func group[A any](doc *Document, path string, ax Axis, opts rules.Options, at func(string, error)) score.Scorer[A] {
	ok := true
	o := score.Options{Missing: ax.Missing}
	if ax.Missing == score.RateMissing {
		o.MissingRating = ax.MissingRating
	} else if ax.MissingRating != 0 {
		at(path+".missing_rating", fmt.Errorf("%v does nothing: missing_rating is the rating of a missing factor under \"missing\": \"rate\"; set that, or remove missing_rating", ax.MissingRating))
		ok = false
	}
	if len(ax.Factors) == 0 {
		at(path+".factors", errors.New("none: an axis needs at least one factor"))
		return nil
	}
	factors := make([]score.Factor[A], 0, len(ax.Factors))
	for i, f := range ax.Factors {
		place := elemPathName(path+".factors", i, f.Name)
		s := factor[A](doc, place, f, opts, at)
		if w := f.Weight; w < 0 || math.IsNaN(w) || math.IsInf(w, 0) {
			at(place+".weight", fmt.Errorf("%v: a weight is a finite number, 0 or more", w))
			ok = false
		}
		if s == nil {
			ok = false
			continue
		}
		factors = append(factors, score.Weigh(f.Name, f.Weight, s))
	}
	var bounds []score.Bound[A]
	for i, b := range ax.Bounds {
		place := elemPathName(path+".bounds", i, b.Name)
		c, err := rules.CompileCondition[A](b.Name, b.When, opts)
		if err != nil {
			at(place+".when", err)
			ok = false
		}
		switch {
		case (b.Cap == nil) == (b.Floor == nil):
			at(place, errors.New("a bound is a cap or a floor: set one of them"))
			ok = false
		case err != nil:
		case b.Cap != nil:
			bounds = append(bounds, score.Cap[A](b.Name, clocked(doc, c), *b.Cap))
		default:
			bounds = append(bounds, score.Floor[A](b.Name, clocked(doc, c), *b.Floor))
		}
	}
	if !ok {
		return nil
	}
	var g score.Scorer[A]
	var err error
	if ax.Combine == Worst {
		g, err = score.Worst(factors...)
	} else {
		g, err = score.Weighted(o, factors...)
	}
	if err != nil {
		at(path, err)
		return nil
	}
	if len(bounds) > 0 {
		if g, err = score.Bounded(g, bounds...); err != nil {
			at(path+".bounds", err)
			return nil
		}
	}
	return g
}

// axes is what a priority expression reads.
type axes struct {
	Value     float64 `expr:"value"`
	Potential float64 `expr:"potential"`
}

// grading compiles a document's grade: the function that grades an
// account and its grid (nil: the framework's).
func grading[A any](g *Grade, opts rules.Options, at func(string, error)) (func(A) (grade.Grade, bool), *grade.Grid) {
	pot, err1 := rules.CompileNumber[A]("potential", g.Potential, opts)
	if err1 != nil {
		at("grade.potential", err1)
	}
	lik, err2 := rules.CompileNumber[A]("likelihood", g.Likelihood, opts)
	if err2 != nil {
		at("grade.likelihood", err2)
	}
	if err := g.Bands.Validate(); err != nil {
		at("grade.bands", err)
		return nil, nil
	}
	var grid *grade.Grid
	var err error
	switch {
	case len(g.Cells) > 0:
		res := grade.Resolution{Policy: grade.ByScore, Cut: 70}
		if g.Resolution != nil {
			res = *g.Resolution
		}
		grid, err = grade.NewGrid(res, g.Cells...)
	case g.Resolution != nil:
		grid, err = grade.DefaultGrid(*g.Resolution)
	}
	if err != nil {
		place := "grade.resolution"
		if len(g.Cells) > 0 {
			place = "grade.cells"
		}
		at(place, err)
		return nil, nil
	}
	if err1 != nil || err2 != nil {
		return nil, nil
	}
	bands := g.Bands
	return func(a A) (grade.Grade, bool) {
		now := time.Time{}
		if opts.Clock != nil {
			now = opts.Clock()
		}
		p, ok1, e1 := pot.Eval(a, now)
		l, ok2, e2 := lik.Eval(a, now)
		if !ok1 || !ok2 || e1 != nil || e2 != nil {
			return grade.Grade{}, false
		}
		return bands.Grade(p, l)
	}, grid
}

// factor compiles one factor: a number, a category or a group.
func factor[A any](doc *Document, place string, f Factor, opts rules.Options, at func(string, error)) score.Scorer[A] {
	if err := text.Check(f.Name); err != nil {
		at(place+".name", err)
	}
	for _, k := range slices.Sorted(maps.Keys(f.Levels)) {
		if err := text.Check(k); err != nil {
			at(place+".levels."+k, fmt.Errorf("level %q: %w", k, err))
		}
	}
	kinds := 0
	for _, set := range []bool{f.Expr != "", f.Level != "", f.Group != nil} {
		if set {
			kinds++
		}
	}
	if kinds != 1 {
		at(place, errors.New("a factor is one of: a number (expr and curve), a category (level and levels) or a group"))
		return nil
	}
	var s score.Scorer[A]
	switch {
	case f.Expr != "":
		n, err := rules.CompileNumber[A](f.Name, f.Expr, opts)
		if err != nil {
			at(place+".expr", err)
		}
		if f.Curve == nil {
			at(place+".curve", errors.New("a number needs a curve"))
			return nil
		}
		// A setting the kind does not read is said first: the bounds it
		// leaves unset are its consequence, not the mistake.
		var cerr error
		for _, k := range doc.unusedCurveKeys(place+".curve", *f.Curve) { // none for an unknown kind: said below
			at(place+".curve."+k, fmt.Errorf("a %s curve does not use %q (it reads %s): remove it, or choose the kind that does", f.Curve.Kind, k, strings.Join(curveKeys[f.Curve.Kind], ", ")))
			cerr = errors.New("unused key")
		}
		var c score.Curve
		if cerr == nil {
			if c, cerr = f.Curve.curve(); cerr != nil {
				at(place+".curve", cerr)
			}
		}
		if err != nil || cerr != nil {
			return nil
		}
		s = n.Metric(c)
		if doc.asOf != "" { // evaluated at each account's as-of date
			s = score.Expression(f.Expr, func(a A) (float64, bool, error) { return n.Eval(a, asOfOf(doc, a)) }, c)
		}
	case f.Level != "":
		x, err := rules.CompileText[A](f.Name, f.Level, opts)
		if err != nil {
			at(place+".level", err)
		}
		if len(f.Levels) == 0 {
			at(place+".levels", errors.New("a category needs its levels: {\"Month-to-month\": 20, ...}"))
			return nil
		}
		get, levels := x.Level, f.Levels
		if doc.asOf != "" && err == nil {
			get = func(a A) string { s, _, _ := x.Eval(a, asOfOf(doc, a)); return s }
		}
		if f.FoldCase && err == nil {
			level := get
			get = func(a A) string { return foldLevel(level(a)) }
			levels = map[string]float64{}
			for _, k := range slices.Sorted(maps.Keys(f.Levels)) {
				fk := foldLevel(k)
				if _, dup := levels[fk]; dup {
					at(place+".levels."+k, fmt.Errorf("with fold_case, %q is the same level as another one", k))
				}
				levels[fk] = f.Levels[k]
			}
		}
		c, cerr := score.Category(get, levels, f.Default)
		if cerr != nil {
			at(place+".levels", cerr)
		}
		if err != nil || cerr != nil {
			return nil
		}
		s = c
	default:
		if s = group[A](doc, place+".group", *f.Group, opts, at); s == nil {
			return nil
		}
	}
	if fr := f.Fresh; fr != nil {
		if s = freshness[A](doc, place+".fresh", s, *fr, at); s == nil {
			return nil
		}
	}
	if f.IfMissing != nil {
		fb, err := score.Fallback(s, *f.IfMissing)
		if err != nil {
			at(place+".if_missing", err)
			return nil
		}
		s = fb
	}
	if f.Description != "" {
		s = score.Describe(s, f.Description)
	}
	return s
}

// curve builds the curve a Curve describes.
// freshness wraps s in score.Fresh as fr says, at place; nil when fr
// is wrong, each problem reported by at. The dates are read by name
// (rules.Get), from a struct field or a record's key; a declared field
// must be a date.
func freshness[A any](doc *Document, place string, s score.Scorer[A], fr Freshness, at func(string, error)) score.Scorer[A] {
	asOf := cmp.Or(fr.AsOf, "as_of")
	ok := true
	asOfAt := place + ".as_of"
	if fr.AsOf == "" {
		asOfAt = place // as_of by default: said at the freshness
	}
	for _, c := range []struct{ at, name string }{{place + ".observed", fr.Observed}, {asOfAt, asOf}} {
		if c.name == "" {
			at(c.at, errors.New("name the date field the input was observed on"))
			ok = false
			continue
		}
		if len(doc.Fields) == 0 {
			continue
		}
		i := slices.IndexFunc(doc.Fields, func(f Field) bool { return f.Name == c.name })
		switch {
		case i < 0:
			hint := ""
			if c.at == place { // the default as_of
				hint = ` (or name the snapshot's date field with "as_of")`
			}
			at(c.at, fmt.Errorf("no field is named %q: declare it, a date%s", c.name, hint))
			ok = false
		case doc.Fields[i].Type != Date:
			at(c.at, fmt.Errorf("the field %q is a %v, not a date", c.name, doc.Fields[i].Type))
			ok = false
		}
	}
	f, err := score.Fresh(s, dateField[A](fr.Observed), dateField[A](asOf), time.Duration(fr.MaxAge))
	if err != nil {
		at(place+".max_age", fmt.Errorf("%v: an age is a duration above 0 (\"14d\")", time.Duration(fr.MaxAge)))
		return nil
	}
	if !ok {
		return nil
	}
	return f
}

// dateField reads the date field name of an account (a struct field or a
// record's key) by rules.Get; the zero time when it is blank or no date.
func dateField[A any](name string) func(A) time.Time {
	return func(a A) time.Time {
		v, _ := rules.Get(a, name)
		t, _ := v.(time.Time)
		return t
	}
}

// asOfOf is the date an account's rules read as today, under an as_of
// that names a date field: the account's own (zero when blank).
func asOfOf[A any](doc *Document, a A) time.Time { return dateField[A](doc.asOf)(a) }

// clocked is a condition evaluated at each account's as-of date, when the
// document's as_of names a field; else c itself.
func clocked[A any](doc *Document, c *rules.Condition[A]) score.Condition[A] {
	if doc.asOf == "" {
		return c
	}
	return accountClock[A]{c: c, doc: doc}
}

type accountClock[A any] struct {
	c   *rules.Condition[A]
	doc *Document
}

func (x accountClock[A]) Holds(a A) bool { ok, err := x.HoldsErr(a); return ok && err == nil }

func (x accountClock[A]) HoldsErr(a A) (bool, error) { return x.c.Eval(a, asOfOf(x.doc, a)) }

// foldLevel is a category value as fold_case compares it.
func foldLevel(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// curveKeys are the settings each kind of curve reads.
var curveKeys = map[string][]string{
	"linear": {"lo", "hi"}, "falling": {"lo", "hi"}, "log": {"lo", "hi"},
	"peak": {"lo", "from", "to", "hi"}, "boolean": {"no", "yes"},
	"piecewise": {"points", "direction"}, "steps": {"points", "direction"},
}

// unusedCurveKeys names the settings of c, at path, that its kind does
// not read: given in the parsed JSON, or set (not zero) from Go. A value
// the kind ignores is a mistake, not a default.
func (doc *Document) unusedCurveKeys(path string, c Curve) []string {
	set := map[string]bool{"points": c.Points != nil, "direction": c.Direction != 0, "lo": c.Lo != 0, "from": c.From != 0,
		"to": c.To != 0, "hi": c.Hi != 0, "no": c.No != 0, "yes": c.Yes != 0}
	if _, known := curveKeys[c.Kind]; !known {
		return nil
	}
	var out []string
	for _, k := range []string{"lo", "from", "to", "hi", "no", "yes", "points", "direction"} {
		_, given := doc.where[path+"."+k]
		if (given || set[k]) && !slices.Contains(curveKeys[c.Kind], k) {
			out = append(out, k)
		}
	}
	return out
}

func (c Curve) curve() (score.Curve, error) {
	dir := c.Direction
	switch c.Kind {
	case "linear":
		return score.Linear(c.Lo, c.Hi)
	case "falling":
		return score.Falling(c.Lo, c.Hi)
	case "log":
		return score.Log(c.Lo, c.Hi)
	case "peak":
		return score.Peak(c.Lo, c.From, c.To, c.Hi)
	case "boolean":
		return score.Boolean(c.No, c.Yes)
	case "piecewise":
		pts := make([]score.Point, len(c.Points))
		for i, p := range c.Points {
			pts[i] = score.Point{X: p[0], Y: p[1]}
		}
		return score.Piecewise(dir, pts...)
	case "steps":
		steps := make([]score.Step, len(c.Points))
		for i, p := range c.Points {
			steps[i] = score.Step{From: p[0], Rating: p[1]}
		}
		return score.Steps(dir, steps...)
	}
	return nil, fmt.Errorf("kind %q is not linear, falling, log, peak, boolean, piecewise or steps", c.Kind)
}
