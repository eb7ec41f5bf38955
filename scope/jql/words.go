package jql

import "github.com/clawbridge/atlassian-mcp/scope/internal/qlang"

// keywords are the words the JQL lexer reads as keywords when they stand
// alone and unquoted, mapped to their token kinds.
var keywords = map[string]qlang.Kind{
	"and":     qlang.And,
	"or":      qlang.Or,
	"not":     qlang.Not,
	"in":      qlang.In,
	"is":      tokIs,
	"empty":   tokEmpty,
	"null":    tokEmpty,
	"was":     tokWas,
	"changed": tokChanged,
	"before":  tokBefore,
	"after":   tokAfter,
	"from":    tokFrom,
	"to":      tokTo,
	"on":      tokOn,
	"during":  tokDuring,
	"order":   qlang.Order,
	"by":      qlang.By,
	"asc":     qlang.Asc,
	"desc":    qlang.Desc,
	"cf":      tokCF,
}

// reserved holds the words Jira refuses as unquoted strings: the list in
// Jira's JqlStringSupportImpl plus the English words Jira Cloud's
// documentation adds to it.
var reserved = qlang.WordSet(`
		a abort access add after alias all alter an and any are as asc at audit avg
		be before begin between boolean break but by byte
		catch cf changed char character check checkpoint collate collation column commit
		connect continue count create current
		date decimal declare decrement default defaults define delete delimiter desc
		difference distinct divide do double drop
		else empty encoding end equals escape exclusive exec execute exists explain
		false fetch file field first float for from function
		go goto grant greater group having
		identified if immediate in increment index initial inner inout input insert int
		integer intersect intersection into is isempty isnull it
		join last left less like limit lock long
		max min minus mode modify modulo more multiply
		next no noaudit not notin nowait null number
		object of on option or order outer output
		power previous prior privileges public
		raise raw remainder rename resource return returns revoke right row rowid rownum rows
		select session set share size sqrt start strict string subtract such sum synonym
		table that the their then there these they this to trans transaction trigger true
		uid union unique update user validate values view
		was when whenever where while will with`)

// systemFields are Jira's own field names and aliases, lower-cased. Field
// names that match one of them case-insensitively are normalised to it.
var systemFields = qlang.WordSet(`
		affectedversion approvals assignee attachments category comment component
		created createddate creator description due duedate environment
		filter request savedfilter searchrequest fixversion hierarchylevel
		id issue issuekey key issuelinktype issuetype type labels lastviewed level
		originalestimate timeoriginalestimate parent parentproject priority project projecttype
		remainingestimate timeestimate reporter resolution resolved resolutiondate
		sprint status statuscategory statuscategorychangeddate summary text timespent
		updated updateddate voter votes watcher watchers
		worklogauthor worklogcomment worklogdate workratio team`)

// vocabulary is the language's keywords, reserved words and field names.
var vocabulary = &qlang.Vocabulary{Keywords: keywords, Reserved: reserved, Fields: systemFields}
