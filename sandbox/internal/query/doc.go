// Package query holds what the sandbox's two query engines, package jql
// (Jira) and package cql (Confluence), do the same way: relative and
// absolute dates and the date functions, text search with ~, the boolean
// tree of AND, OR and NOT, look-ahead over a token stream, the way a parse
// error leaves a recursive descent, and the stable ORDER BY sort.
//
// Each engine keeps its own grammar, fields, operators and error sentences;
// this package has no messages of its own. Like the engines it is part of
// "Atlassian's side" of the simulator and imports nothing of the product.
package query
