// Package policydoc is the prioritization policy as a document: JSON that
// CS operations write and a host platform stores, where each factor is an
// expression of package rules with a curve, and each segment and trigger a
// condition. [Parse] reads a [Document] and [Compile] compiles it into a
// prioritize.Policy over the host's own account type, reporting every
// problem at once, each naming its place in the document
// (value.factors[1] "tenure").
//
// The words of the format are those of the types they stand for:
// missing-data policies and curve directions are score.MissingPolicy and
// score.Direction by name, effects and modes trigger.Effect and
// trigger.Mode, touch models and cadences those of package tier. Durations
// are written as ops write them: "7d", "2w", or a Go duration ("36h").
//
// # Errors
//
// [Check] reports every problem of a document at once, those of its JSON
// and those of its policy, even behind a misspelt key; [Problems] lists
// them. Every problem is an [*Error]: its place as a path into the document in
// one notation (value.factors[2] "revenue".weight: a list's element by its
// index, and by its name when it has one), its line and column in the
// JSON, a kind ([ErrSyntax], [ErrField], [ErrType], [ErrValue], [ErrRule],
// [ErrPolicy], [ErrLimit]) for errors.Is, and its cause. Parse reports every problem
// of the JSON at once; Compile every problem of the policy at once
// (joined with errors.Join, in document order):
//
//	policydoc: value.factors[0] "r".weight (line 4, column 17): wrong type: want a number, not the string "40"
//	policydoc: triggers[0] "churn".effect (line 9, column 13): invalid value: trigger: unknown effect "panic" (want growth, intervention or sunset)
//
// # Hostile documents
//
// Documents come from people and from tools, and some are wrong in ways
// JSON allows: a key given twice in an object is refused (decoders
// disagree on which one counts); names, levels and columns must be text a
// report and a store keep alike (valid UTF-8, no control characters, no
// bidirectional formatting such as U+202E); settings that would do
// nothing are refused (missing_rating without "missing": "rate", a
// negative hysteresis margin or dwell). A document nested deeper than
// [MaxDepth] (64) or with more than [MaxParts] (10,000) parts is refused
// at the first place past the limit, so that Parse and Compile take time
// and memory linear in the document's size (BenchmarkDocumentSize); a
// part compiles in about 0.1 ms. A leading byte-order mark is skipped.
//
// # Schema
//
// schema.json is a JSON Schema (draft 2020-12) of the format, for hosts to
// check documents in their editors before they compile them. Every
// document the project ships validates against it, and the documents of
// testdata/invalid, which Parse or Compile refuse, do not (tested with a
// validator in the module policydoc/schematest). The schema checks the
// shape; expressions, curves and tiers are checked by Compile.
//
// # Records
//
// A document may declare the fields it reads (Document.Fields: name,
// type, source column, blank cells), so that tools read any CSV or JSON
// Lines export without code: [Document.Records] reads them one at a time
// as typed [Record] values (numbers as float64, a blank one as NaN;
// strings, bools and dates, absent when blank), rejecting a bad row with a
// [*RowError] per problem (line, column, field) and going on;
// [CompileRecords] compiles the document over them, the field "id"
// identifying each account, and checks every rule against the fields'
// types (a string in arithmetic, a date compared with a number, a bool
// summed: refused at their place; rules.Options.Types). A field may not
// be named as a function or keyword of the rules (len, lower, in). A
// factor may count its input as missing once it is older than a maximum
// age against a date field (Factor.Fresh, score.Fresh), and a category
// may compare its values without case (Factor.FoldCase). A reader always makes progress: each Read
// gives a record, a new row's error (a JSON Lines line over 1 MiB is one)
// or the end; a key given twice on a line and a declared column twice in
// a header are refused. The prioritize command (cmd/prioritize) is
// built on them.
//
// # Default policy
//
// testdata/default-policy.json is the framework's default policy written
// as a document; compiled, it assesses every account as
// prioritize.Default does.
package policydoc
