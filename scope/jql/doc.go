// Package jql parses Jira Query Language, writes it back in a canonical
// form, and confines a query to an allowlist.
//
// It exists for the Claw guard: an agent's query is parsed, re-serialised
// and wrapped as `project IN ("ENG", "OPS") AND (<query>) ORDER BY …`, so the
// parser is a security boundary. It accepts what Jira's parser accepts
// (following Jira's own Jql.g grammar), and the canonical form it writes
// uses a conservative subset of JQL, so that Jira reads it exactly as this
// package does. Anything it cannot parse is refused with a *SyntaxError
// saying where and how to fix it.
//
// # Grammar
//
//	query     = [ or ] [ "ORDER" "BY" sort { "," sort } ] .
//	or        = and { ( "OR" | "|" | "||" ) and } .
//	and       = not { ( "AND" | "&" | "&&" ) not } .
//	not       = ( "NOT" | "!" ) not | "(" or ")" | clause .
//	clause    = field op operand { predicate }
//	          | field "CHANGED" { predicate } .
//	field     = ( name | number | "cf" "[" number "]" ) [ "[" key "]" [ path ] ] .
//	op        = "=" | "!=" | ">" | ">=" | "<" | "<=" | "~" | "!~"
//	          | "IN" | "NOT" "IN" | "IS" | "IS" "NOT"
//	          | "WAS" | "WAS" "NOT" | "WAS" "IN" | "WAS" "NOT" "IN" .
//	operand   = "EMPTY" | "NULL" | value | func | "(" item { "," item } ")" .
//	item      = "EMPTY" | "NULL" | value | func .
//	func      = name "(" [ value { "," value } ] ")" .
//	predicate = ( "AFTER" | "BEFORE" | "ON" | "BY" | "FROM" | "TO" ) operand
//	          | "DURING" "(" item "," item ")" .
//	sort      = field [ "ASC" | "DESC" ] .
//
// Keywords are case-insensitive. NOT binds tighter than AND, and AND tighter
// than OR. A value is a number (an optional minus and digits), an unquoted
// word, or a string in double or single quotes. Inside words and strings
// the escapes are \" \' \\ \t \n \r, "\ " and \uXXXX. Unquoted words may not
// contain whitespace, control characters, quotes, any of = ! < > ( ) ~ , [ ]
// | &, or the reserved characters { } * / % + ^ $ # @ ? ; — and may not be a
// JQL keyword or one of Jira's reserved words (select, user, field, …).
//
// Beyond the grammar, Parse refuses what Jira would refuse when it
// validates the query: IN and NOT IN need a list or function, IS and IS NOT
// need EMPTY, lists do not take = or ~, EMPTY does not take <, >, ~ or !~,
// history predicates need WAS or CHANGED, FROM and TO need CHANGED, and
// DURING needs two dates. Queries are limited to MaxLength bytes and
// MaxDepth levels of nesting. The names of Jira's system fields are
// lower-cased; other field names, values and function names keep their case.
//
// # Canonical form
//
// (*Query).String writes keywords in upper case, NULL as EMPTY, one space
// around operators, parentheses only where the tree needs them, and values
// bare only when they are ASCII words or numbers; everything else is
// double-quoted with escapes. Parsing the canonical form gives back the same
// tree, so String is a fixed point of Parse.
package jql
