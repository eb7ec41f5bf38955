// Package cql is the sandbox's own CQL engine: the Confluence Query Language
// that Confluence Cloud answers on GET /wiki/rest/api/search, parsed,
// validated and evaluated as Confluence does, with Confluence's refusal.
//
// Like package jql it is "Atlassian's side" of the simulator and imports
// nothing of the product, so that the product's own CQL guard (package scope)
// is tested against an independent implementation. What the two engines do
// the same way (dates, date functions, text search, the AND/OR/NOT tree,
// token look-ahead and the stable ORDER BY sort) lives once in
// sandbox/internal/query; each keeps its own grammar and error sentences.
//
// # Using it
//
// Parse a query with an [Env] (the time, the searcher and an optional value
// resolver), then call [Query.Match] on each piece of content and
// [Query.Sort] on the matches. A parsed Query needs no Env afterwards and is
// safe for concurrent use.
//
// # What the language covers
//
//   - Fields space (also space.key), type (page, blogpost, comment,
//     attachment, …), title, text (title and body), label, ancestor, parent,
//     id (also content), creator, contributor, created and lastmodified.
//   - Operators =, !=, ~, !~, IN, NOT IN, <, >, <=, >= where the field
//     supports them; AND, OR, NOT and parentheses, NOT binding tighter than
//     AND and AND tighter than OR.
//   - Functions currentUser(), now("-4w"), startOfDay(), endOfDay(),
//     startOfWeek(), endOfWeek(), startOfMonth(), endOfMonth(), startOfYear()
//     and endOfYear(), each date function with an optional increment such as
//     "-1" or "+2w" (a bare number counts in the function's own unit).
//   - Dates "2026-11-01", "2026/11/01", "2026-11-01 10:00" and
//     "2026/11/01 10:00" in Env.Now's time zone, and periods such as "-4w",
//     "-1d" or "2w 3d" relative to Env.Now (units y, M, w, d, h and m).
//   - ORDER BY title, created, lastmodified or id, each ASC or DESC.
//
// # Matching rules
//
// Values compare case-insensitively; a field with several values (labels,
// ancestors, contributors) matches = when any value does. != and NOT IN are
// the exact negation of = and IN, as in Confluence's Lucene index: content
// without labels matches label != draft.
//
// Text search (~) splits text into lower-case words of letters and digits;
// every term must be found as a whole word; a trailing * makes a term a
// prefix; a phrase in inner quotes must appear as consecutive words; English
// stop words are ignored. There is no stemming, fuzzy matching or ? wildcard.
//
// # Ordering
//
// Confluence orders results without ORDER BY by relevance, which the sandbox
// does not model: without ORDER BY, [Query.Sort] orders by lastmodified DESC
// (most recently changed first), keeping input order for ties.
//
// # Errors
//
// Confluence refuses every query it cannot parse or does not understand with
// HTTP 400 and the single message "Could not parse cql : <the query>". An
// [Error] carries that message and, for logs and tests, a Detail saying what
// is wrong and where, which Confluence does not send.
package cql
