// Package jql is the sandbox's own JQL engine: the query language Jira Cloud
// answers on GET and POST /rest/api/3/search/jql, parsed, validated and
// evaluated the way Jira does it, with Jira's error sentences.
//
// It is "Atlassian's side" of the simulator and imports nothing of the
// product, so that the product's own JQL guard (package scope) is tested
// against an independent implementation.
//
// # Using it
//
// Parse a query with an [Env] that answers the questions only the data store
// can answer (which fields exist, which values exist, who is asking, what time
// it is, which sprints are open), then call [Query.Match] on each record and
// [Query.Sort] on the matches. Parse resolves everything that depends on the
// environment, so a parsed Query needs no Env afterwards and is safe for
// concurrent use. A Query whose text has no search clause is not
// [Query.Bounded]; search/jql refuses those with [UnboundedMessage].
//
// # What the language covers
//
//   - Operators =, !=, <, >, <=, >=, ~, !~, IN, NOT IN, IS [NOT] EMPTY (and
//     NULL), and the history operators WAS, WAS NOT, WAS IN, WAS NOT IN and
//     CHANGED with the predicates FROM, TO, BY, AFTER, BEFORE, ON and DURING.
//   - AND, OR and NOT (also &&, &, ||, | and !) and parentheses, with Jira's
//     precedence: NOT binds tighter than AND, which binds tighter than OR.
//   - ORDER BY field [ASC|DESC], at most seven fields, as search/jql allows.
//   - Functions currentUser(), now(), startOfDay(), endOfDay(), startOfWeek(),
//     endOfWeek(), startOfMonth(), endOfMonth(), startOfYear(), endOfYear()
//     (each with an optional increment such as "-1" or "+2w"),
//     openSprints(), closedSprints() and futureSprints().
//   - Dates "2026-11-01", "2026/11/01", "2026-11-01 10:00", "2026/11/01 10:00"
//     read in Env.Now's time zone, and periods such as -7d, "-2w", "-1h",
//     "4w 2d" relative to Env.Now (units y, M, w, d, h and m).
//   - filter = N (also savedFilter, searchRequest and request) through
//     Env.Filter.
//
// # Matching rules
//
// Values compare case-insensitively. A record's field may hold several
// values (labels, components, sprints); a clause holds when any value
// satisfies it, except that != and NOT IN hold only when the field is not
// empty and no value equals an operand, as in Jira. NOT negates its clause
// entirely, so NOT assignee = x also finds unassigned issues.
//
// A date-only operand ("2026-11-01") compared with a value that is midnight
// in its own time zone (a due date) compares calendar days; otherwise
// instants are compared, so created <= "2026-11-01" means before midnight at
// the start of that day, as in Jira.
//
// # Text search (~ and !~)
//
// Jira's text search is a Lucene index; this engine approximates it:
//
//   - Text is split into words: runs of letters and digits, lower-cased.
//   - Every term of the query must be found in the field (or, for the text
//     field, in the summary, description, environment or any comment).
//   - A term matches a whole word, never part of one: "chang" does not find
//     "changelog", but "chang*" does (a trailing * is a prefix wildcard).
//   - A phrase in inner quotes, summary ~ "\"new export\"", must appear as
//     consecutive words in that order. A term such as "foo-bar" is a phrase.
//   - English stop words in the query ("the", "and", "of", …) are ignored.
//   - There is no stemming, no fuzzy matching and no ? wildcard.
//
// # Ordering
//
// Without ORDER BY, [Query.Sort] orders by created DESC, which is the order
// Jira Cloud's issue search shows for a query without one; ties keep the
// order of the input (the sort is stable). Records sort by the first value
// they return for a field; empty values sort last in ascending order and
// first in descending order. Issue keys sort by project, then by number.
// Priorities (and any field Env.Rank knows) sort by rank rather than by name.
// Description, environment, comment and text cannot be sorted on.
package jql
