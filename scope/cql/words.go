package cql

import "github.com/clawbridge/atlassian-mcp/scope/internal/qlang"

// keywords are the words the lexer reads as keywords when they stand alone
// and unquoted, mapped to their token kinds.
var keywords = map[string]qlang.Kind{
	"and":   qlang.And,
	"or":    qlang.Or,
	"not":   qlang.Not,
	"in":    qlang.In,
	"order": qlang.Order,
	"by":    qlang.By,
	"asc":   qlang.Asc,
	"desc":  qlang.Desc,
}

// reserved holds the words Confluence's CQL documentation reserves: they
// must be quoted to be used as values.
var reserved = qlang.WordSet(`
		after and as avg before begin by commit contains count distinct else empty end
		explain from having if in inner insert into is isnull left like limit max min
		not null or order outer right select sum then was where update`)

// systemFields are Confluence's own CQL field names, lower-cased. Field
// names that match one of them case-insensitively are normalised to it.
var systemFields = qlang.WordSet(`
		ancestor container content created creator contributor favourite favorite
		id label lastmodified macro mention parent
		space space.category space.desc space.key space.title space.type
		text title type watcher
		user user.accountid user.fullname user.userkey`)

// vocabulary is the language's keywords, reserved words and field names.
var vocabulary = &qlang.Vocabulary{Keywords: keywords, Reserved: reserved, Fields: systemFields}
