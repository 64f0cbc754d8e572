package prioritize

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/prioritize-dev/prioritize/grade"
	"github.com/prioritize-dev/prioritize/rules"
	"github.com/prioritize-dev/prioritize/score"
	"github.com/prioritize-dev/prioritize/tier"
	"github.com/prioritize-dev/prioritize/trigger"
)

// Document is a policy written as data, for a host platform to store and
// for CS operations to edit: each factor is an expression and a curve, each
// segment and trigger a condition. [ParseDocument] reads one from JSON and
// [FromDocument] compiles it into a [Policy]. Fields left out take the
// framework's defaults.
type Document struct {
	// Mix blends value and potential; omitted, it is balanced.
	Mix       *score.Mix `json:"mix,omitempty"`
	Value     Axis       `json:"value"`
	Potential Axis       `json:"potential"`
	// Tiers replace the framework's ladder when given, rank 1 first.
	Tiers      []tier.Tier    `json:"tiers,omitempty"`
	Hysteresis *HysteresisDoc `json:"hysteresis,omitempty"`
	Quadrant   grade.Matrix   `json:"quadrant"`
	Segments   []SegmentDoc   `json:"segments,omitempty"`
	Triggers   []TriggerDoc   `json:"triggers,omitempty"`
	// Holds are the holds of fired triggers by effect, for triggers
	// without one of their own: {"intervention": {"floor": 2, "for":
	// "720h"}} (see Config.Holds).
	Holds map[trigger.Effect]HoldDoc `json:"holds,omitempty"`
	// ARR is a numeric expression for an account's annual recurring
	// revenue, for capacity plans; a missing result counts as 0.
	ARR string `json:"arr,omitempty"`
}

// Axis is value or potential: weighted factors and a missing-data policy.
type Axis struct {
	// Missing is "redistribute" (the default), "rate" (missing factors
	// rate MissingRating) or "propagate" (the axis is missing).
	Missing       string      `json:"missing,omitempty"`
	MissingRating float64     `json:"missing_rating,omitempty"`
	Factors       []FactorDoc `json:"factors"`
}

// FactorDoc is one factor: a numeric expression over the account, rated
// by a curve, with a relative weight.
type FactorDoc struct {
	Name   string   `json:"name"`
	Weight float64  `json:"weight"`
	Expr   string   `json:"expr"`
	Curve  CurveDoc `json:"curve"`
}

// CurveDoc is a curve of package score as data. Kind is linear or falling
// (Lo, Hi), log (Lo, Hi), peak (Lo, From, To, Hi), boolean (No, Yes),
// piecewise (Direction, Points as [x, rating]) or steps (Direction, Points
// as [from, rating]); Direction is ascending, descending or peaked.
type CurveDoc struct {
	Kind      string       `json:"kind"`
	Direction string       `json:"direction,omitempty"`
	Points    [][2]float64 `json:"points,omitempty"`
	Lo        float64      `json:"lo,omitempty"`
	From      float64      `json:"from,omitempty"`
	To        float64      `json:"to,omitempty"`
	Hi        float64      `json:"hi,omitempty"`
	No        float64      `json:"no,omitempty"`
	Yes       float64      `json:"yes,omitempty"`
}

// HysteresisDoc is tier.Hysteresis with the dwell as a duration string
// ("336h").
type HysteresisDoc struct {
	Margin   float64  `json:"margin,omitempty"`
	MinDwell Duration `json:"min_dwell,omitempty"`
}

// SegmentDoc selects accounts with a condition and gives them a mix.
type SegmentDoc struct {
	Name string     `json:"name"`
	When string     `json:"when"`
	Mix  *score.Mix `json:"mix,omitempty"`
}

// TriggerDoc is a trigger.Rule with its cooldown as a duration string.
type TriggerDoc struct {
	Name     string         `json:"name"`
	When     string         `json:"when"`
	Effect   trigger.Effect `json:"effect"`
	Severity int            `json:"severity,omitempty"`
	Action   string         `json:"action,omitempty"`
	Mode     trigger.Mode   `json:"mode,omitempty"`
	Cooldown Duration       `json:"cooldown,omitempty"`
	// Hold keeps the account at a tier or better for a while after the
	// trigger fired; omitted, the document's hold for the effect applies.
	Hold *HoldDoc `json:"hold,omitempty"`
}

// HoldDoc is a trigger.Hold with its duration as a string: {"floor": 2,
// "for": "720h"}.
type HoldDoc struct {
	Floor int      `json:"floor"`
	For   Duration `json:"for"`
}

func (h *HoldDoc) hold() trigger.Hold {
	if h == nil {
		return trigger.Hold{}
	}
	return trigger.Hold{Floor: h.Floor, For: time.Duration(h.For)}
}

// Duration is a time.Duration written as a string in JSON ("168h").
type Duration time.Duration

// MarshalText encodes the duration as time.Duration.String does.
func (d Duration) MarshalText() ([]byte, error) { return []byte(time.Duration(d).String()), nil }

// UnmarshalText decodes a duration with time.ParseDuration; "" is 0.
func (d *Duration) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = 0
		return nil
	}
	v, err := time.ParseDuration(string(b))
	if err != nil {
		return err
	}
	*d = Duration(v)
	return nil
}

// ParseDocument decodes a policy document from JSON. Unknown fields and
// trailing data are errors, so a misspelt field is not ignored.
func ParseDocument(data []byte) (Document, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var doc Document
	if err := dec.Decode(&doc); err != nil {
		return Document{}, fmt.Errorf("prioritize: policy document: %w", err)
	}
	if dec.More() {
		return Document{}, errors.New("prioritize: policy document: data after the document")
	}
	return doc, nil
}

// FromDocument compiles a policy document over accounts of type A; id
// returns an account's ID, and opts sets the limits of the expressions
// (and, for map accounts, the fields they may use). Every problem is
// reported at once, each naming its place in the document, such as
// `value.factors[1] "tenure"`.
func FromDocument[A any](doc Document, id func(A) string, opts rules.Options) (*Policy[A], error) {
	var errs []error
	at := func(place string, err error) {
		errs = append(errs, fmt.Errorf("%s: %w", place, err))
	}
	cfg := Config[A]{ID: id, Matrix: doc.Quadrant}
	if doc.Mix != nil {
		cfg.Mix = *doc.Mix
	}
	var err error
	if cfg.Value, err = axis[A]("value", doc.Value, opts); err != nil {
		errs = append(errs, err)
	}
	if cfg.Potential, err = axis[A]("potential", doc.Potential, opts); err != nil {
		errs = append(errs, err)
	}
	if len(doc.Tiers) > 0 {
		if cfg.Ladder, err = tier.NewLadder(doc.Tiers...); err != nil {
			at("tiers", err)
		}
	}
	if h := doc.Hysteresis; h != nil {
		cfg.Hysteresis = tier.Hysteresis{Margin: h.Margin, MinDwell: time.Duration(h.MinDwell)}
	}
	for i, s := range doc.Segments {
		c, err := rules.CompileCondition[A](s.Name, s.When, opts)
		if err != nil {
			at(fmt.Sprintf("segments[%d] %q", i, s.Name), err)
			continue
		}
		cfg.Segments = append(cfg.Segments, Segment[A]{Name: s.Name, When: c, Mix: s.Mix})
	}
	if len(doc.Triggers) > 0 {
		rs := make([]trigger.Rule, len(doc.Triggers))
		for i, t := range doc.Triggers {
			rs[i] = trigger.Rule{Name: t.Name, When: t.When, Effect: t.Effect, Severity: t.Severity,
				Action: t.Action, Mode: t.Mode, Cooldown: time.Duration(t.Cooldown), Hold: t.Hold.hold()}
		}
		if cfg.Triggers, err = trigger.Compile[A](trigger.Options{Rules: opts}, rs...); err != nil {
			at("triggers", err)
		}
	}
	for e, h := range doc.Holds {
		if cfg.Holds == nil {
			cfg.Holds = map[trigger.Effect]trigger.Hold{}
		}
		cfg.Holds[e] = h.hold()
	}
	if doc.ARR != "" {
		n, err := rules.CompileNumber[A]("arr", doc.ARR, opts)
		if err != nil {
			at("arr", err)
		} else {
			cfg.ARR = func(a A) float64 {
				v, ok, err := n.Eval(a, time.Time{})
				if !ok || err != nil {
					return 0
				}
				return v
			}
		}
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("prioritize: policy document:\n%w", errors.Join(errs...))
	}
	return New(cfg)
}

// axis compiles an axis: one metric per factor, weighted.
func axis[A any](name string, ax Axis, opts rules.Options) (*score.Aggregate[A], error) {
	var errs []error
	var o score.Options
	switch ax.Missing {
	case "", "redistribute":
	case "rate":
		o = score.Options{Missing: score.RateMissing, MissingRating: ax.MissingRating}
	case "propagate":
		o.Missing = score.Propagate
	default:
		errs = append(errs, fmt.Errorf("%s.missing: %q is not redistribute, rate or propagate", name, ax.Missing))
	}
	if len(ax.Factors) == 0 {
		errs = append(errs, fmt.Errorf("%s.factors: none", name))
	}
	factors := make([]score.Factor[A], 0, len(ax.Factors))
	for i, f := range ax.Factors {
		place := fmt.Sprintf("%s.factors[%d] %q", name, i, f.Name)
		n, err := rules.CompileNumber[A](f.Name, f.Expr, opts)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", place, err))
		}
		c, cerr := f.Curve.curve()
		if cerr != nil {
			errs = append(errs, fmt.Errorf("%s.curve: %w", place, cerr))
		}
		if err == nil && cerr == nil {
			factors = append(factors, score.Weigh(f.Name, f.Weight, n.Metric(c)))
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	g, err := score.Weighted(o, factors...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return g, nil
}

// curve builds the curve a CurveDoc describes.
func (c CurveDoc) curve() (score.Curve, error) {
	dir, err := direction(c.Direction)
	needsDir := c.Kind == "piecewise" || c.Kind == "steps"
	if err != nil && needsDir {
		return nil, err
	}
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

func direction(s string) (score.Direction, error) {
	switch strings.ToLower(s) {
	case "ascending":
		return score.Ascending, nil
	case "descending":
		return score.Descending, nil
	case "peaked":
		return score.Peaked, nil
	}
	return 0, fmt.Errorf("direction %q is not ascending, descending or peaked", s)
}
