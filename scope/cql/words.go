package cql

import (
	"strings"

	"github.com/clawbridge/atlassian-mcp/scope/internal/qlang"
)

// keywords are the words the lexer reads as keywords when they stand alone
// and unquoted, mapped to their token kinds.
var keywords = map[string]qlang.Kind{
	"and":   tokAnd,
	"or":    tokOr,
	"not":   tokNot,
	"in":    tokIn,
	"order": tokOrder,
	"by":    tokBy,
	"asc":   tokAsc,
	"desc":  tokDesc,
}

// reserved holds the words Confluence's CQL documentation reserves: they
// must be quoted to be used as values.
var reserved = func() map[string]bool {
	words := strings.Fields(`
		after and as avg before begin by commit contains count distinct else empty end
		explain from having if in inner insert into is isnull left like limit max min
		not null or order outer right select sum then was where update`)
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}()

// isReserved reports whether s may not appear unquoted: it is a reserved
// word or a keyword (compared case-insensitively).
func isReserved(s string) bool {
	l := strings.ToLower(s)
	_, kw := keywords[l]
	return kw || reserved[l]
}

// systemFields are Confluence's own CQL field names, lower-cased. Field
// names that match one of them case-insensitively are normalised to it.
var systemFields = func() map[string]bool {
	names := strings.Fields(`
		ancestor container content created creator contributor favourite favorite
		id label lastmodified macro mention parent
		space space.category space.desc space.key space.title space.type
		text title type watcher
		user user.accountid user.fullname user.userkey`)
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}()

// normalizeField lower-cases the names of Confluence's own fields and
// leaves other names as written.
func normalizeField(name string) string {
	if l := strings.ToLower(name); systemFields[l] {
		return l
	}
	return name
}
