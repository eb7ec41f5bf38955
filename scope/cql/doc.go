// Package cql parses Confluence Query Language, writes it back in a
// canonical form, and confines a query to an allowlist.
//
// It exists for the Claw guard: an agent's query is parsed, re-serialised
// and wrapped as `space IN ("ENGDOCS") AND (<query>) ORDER BY …`, so the
// parser is a security boundary. It accepts the CQL of Atlassian's
// reference, and the canonical form it writes uses a conservative subset of
// CQL, so that Confluence reads it exactly as this package does. Anything
// it cannot parse is refused with a *SyntaxError saying where and how to
// fix it.
//
// # Grammar
//
//	query   = [ or ] [ "ORDER" "BY" sort { "," sort } ] .
//	or      = and { "OR" and } .
//	and     = not { "AND" not } .
//	not     = "NOT" not | "(" or ")" | clause .
//	clause  = field op operand .
//	field   = name [ "[" key "]" [ path ] ] .
//	op      = "=" | "!=" | ">" | ">=" | "<" | "<=" | "~" | "!~" | "IN" | "NOT" "IN" .
//	operand = value | func | "(" item { "," item } ")" .
//	item    = value | func .
//	func    = word "(" [ value { "," value } ] ")" .
//	sort    = field [ "ASC" | "DESC" ] .
//
// Keywords are case-insensitive. NOT binds tighter than AND, and AND
// tighter than OR. Fields are names such as space, space.key, type, title,
// text, label, ancestor, parent, id, content, creator, contributor,
// mention, created and lastmodified (the names of Confluence's own fields
// are lower-cased), or quoted names; content.property[key].path selects a
// content property. A value is a number (an optional minus and digits), an
// unquoted word, or a string in double or single quotes whose only escapes
// are \" \' and \\. Unquoted words may not contain whitespace, control
// characters, quotes, any of = ! < > ( ) ~ , [ ], or the reserved
// characters { } * % + ^ $ # @ ? ; | & \ — and may not be a keyword or one
// of CQL's reserved words (after, before, empty, null, select, …). Values
// may not contain control characters at all, since CQL cannot escape them.
// Functions such as currentUser(), now("-4w"), startOfWeek() and
// recentlyViewedContent(10) take plain values as arguments.
//
// Beyond the grammar, Parse refuses what Confluence would refuse: IN and
// NOT IN need a list or function, and the other operators do not take a
// list. Queries are limited to MaxLength bytes and MaxDepth levels of
// nesting.
//
// # Canonical form
//
// (*Query).String writes keywords in upper case, one space around
// operators, parentheses only where the tree needs them, and values bare
// only when they are ASCII words or numbers; everything else is
// double-quoted. Parsing the canonical form gives back the same tree, so
// String is a fixed point of Parse.
package cql
