// Package engine is the rules engine behind package rules: the sandbox's
// passes over a rule's syntax tree, the type check, the closure compiler,
// the metered function library, and the programs that run a rule on
// closures or on expr's VM, the reference. Package rules is its face for
// users (its Options, Compile functions, Number, Condition, Text and
// errors are this package's, by alias); package trigger uses the
// programs over environments directly (CompileEnv, Conditions, Scope).
// The package doc of rules describes the language, the limits and the
// semantics.
package engine
