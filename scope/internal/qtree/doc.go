// Package qtree is the grammar and the condition tree that scope/jql and
// scope/cql share above the tokens of package qlang: the boolean part of a
// query (OR, AND, NOT and parentheses, with the nesting limit), ORDER BY,
// the [key].path of a property, the shape of lists and function calls, and
// the algorithms over the tree that do not depend on what a clause is —
// walking, copying, printing with the fewest parentheses, and measuring
// nesting.
//
// Each language keeps its own syntax tree types, its clause grammar,
// operators, keywords and wording. It describes its tree to this package
// with a Tree, and hands its clause and field parsers to Parse as a
// Grammar. The packages are the Claw guard's parsers, a security boundary:
// this one imports nothing outside the standard library and qlang.
package qtree
