package adf

import (
	"regexp"
	"sync"

	"github.com/clawbridge/atlassian-mcp/internal/lazyre"
)

// This file transcribes the ADF JSON schema (@atlaskit/adf-schema
// json-schema/v1/full.json, Apache-2.0) into tables the validator walks.
// Where the JSON schema is looser than Atlassian's editor, the tables follow
// the editor and say so: list items start with a paragraph, image or code
// block, and task lists start with a task item (validate.go also refuses a
// mark twice on one node). Everything these tables accept is also accepted
// by full.json; schema_test.go checks that.

type valueKind uint8

const (
	kAny valueKind = iota
	kString
	kNumber
	kBool
	kNumberArray
	kStringArray
	kDatasource
)

// attrSpec describes one attribute value.
type attrSpec struct {
	kind     valueKind
	enum     []string
	minLen   int
	pattern  func() *regexp.Regexp // compiled on first use
	min, max float64
	hasMin   bool
	hasMax   bool
	minItems int
	want     string // what a valid value looks like, for error messages
}

// attrsSpec describes an attrs object: its allowed keys and required ones.
type attrsSpec struct {
	props    map[string]attrSpec
	required []string
}

// nodeSpec describes a node type independent of where it appears.
type nodeSpec struct {
	attrs           []attrsSpec // alternatives (JSON schema anyOf); none: no attrs allowed
	attrsRequired   bool
	content         string // name of the content rule; "": no content allowed
	contentRequired bool
	marks           bool // whether the node has a "marks" field at all
	text            bool
}

// markSpec describes a mark type; no attrs means the mark takes none.
type markSpec struct {
	attrs []attrsSpec // one alternative, as a slice for the validator
}

// childRule says how a node may appear inside one parent: which sets of marks
// it may carry there (any one set must hold all its marks), and for layout
// sections how many columns they need.
type childRule struct {
	marks            [][]string
	minCols, maxCols int
}

// contentRule says which children a node may hold.
type contentRule struct {
	children   map[string]childRule
	order      []string // the same types, in the order error messages list them
	min, max   int      // max 0: unbounded
	first      []string // when set, the first child must be one of these
	positional [][]string
}

func str() attrSpec      { return attrSpec{kind: kString, want: "a string"} }
func strMin1() attrSpec  { return attrSpec{kind: kString, minLen: 1, want: "a non-empty string"} }
func num() attrSpec      { return attrSpec{kind: kNumber, want: "a number"} }
func boolean() attrSpec  { return attrSpec{kind: kBool, want: "true or false"} }
func anyValue() attrSpec { return attrSpec{kind: kAny, want: "any JSON value"} }
func enum(v ...string) attrSpec {
	return attrSpec{kind: kAny, enum: v, want: "one of " + quoteList(v)}
}
func numRange(lo, hi float64, want string) attrSpec {
	return attrSpec{kind: kNumber, min: lo, max: hi, hasMin: true, hasMax: true, want: want}
}
func numMin(lo float64, want string) attrSpec {
	return attrSpec{kind: kNumber, min: lo, hasMin: true, want: want}
}
func pattern(re, want string) attrSpec {
	return attrSpec{kind: kString, pattern: lazyre.New(re), want: want}
}

func attrs(required []string, props map[string]attrSpec) attrsSpec {
	return attrsSpec{props: props, required: required}
}

var layoutEnum = []string{"wide", "full-width", "center", "wrap-right", "wrap-left", "align-end", "align-start"}

func localIDOnly() []attrsSpec {
	return []attrsSpec{attrs(nil, map[string]attrSpec{"localId": str()})}
}

func extensionAttrs(withLayout bool) []attrsSpec {
	p := map[string]attrSpec{
		"extensionKey":  strMin1(),
		"extensionType": strMin1(),
		"parameters":    anyValue(),
		"text":          str(),
		"localId":       strMin1(),
	}
	if withLayout {
		p["layout"] = enum("wide", "full-width", "default")
	}
	return []attrsSpec{attrs([]string{"extensionKey", "extensionType"}, p)}
}

func cellAttrs() []attrsSpec {
	return []attrsSpec{attrs(nil, map[string]attrSpec{
		"colspan":    num(),
		"rowspan":    num(),
		"colwidth":   {kind: kNumberArray, want: "an array of numbers"},
		"background": str(),
		"localId":    str(),
		"valign":     enum("top", "middle", "bottom"),
	})}
}

func taskItemAttrs() []attrsSpec {
	return []attrsSpec{attrs([]string{"localId", "state"}, map[string]attrSpec{
		"localId": str(),
		"state":   enum("TODO", "DONE"),
	})}
}

func syncAttrs() []attrsSpec {
	return []attrsSpec{attrs([]string{"resourceId", "localId"}, map[string]attrSpec{
		"resourceId": str(),
		"localId":    str(),
	})}
}

// nodeSpecs lists every node type of full.json; the table is built on first
// use, not at every start-up of the binary.
var nodeSpecs = sync.OnceValue(func() map[string]nodeSpec {
	return map[string]nodeSpec{
		"doc":       {content: "doc", contentRequired: true},
		"paragraph": {attrs: localIDOnly(), content: "inline", marks: true},
		"text":      {marks: true, text: true},
		"heading": {attrs: []attrsSpec{attrs([]string{"level"}, map[string]attrSpec{
			"level":   numRange(1, 6, "a number from 1 to 6"),
			"localId": str(),
		})}, attrsRequired: true, content: "inline", marks: true},
		"bulletList": {attrs: localIDOnly(), content: "list", contentRequired: true},
		"orderedList": {attrs: []attrsSpec{attrs(nil, map[string]attrSpec{
			"order":   numMin(0, "a number of 0 or more"),
			"localId": str(),
		})}, content: "list", contentRequired: true},
		"listItem": {attrs: localIDOnly(), content: "listItem", contentRequired: true},
		"codeBlock": {attrs: []attrsSpec{attrs(nil, map[string]attrSpec{
			"language":        str(),
			"uniqueId":        str(),
			"localId":         str(),
			"wrap":            boolean(),
			"hideLineNumbers": boolean(),
		})}, content: "codeBlock", marks: true},
		"blockquote": {attrs: localIDOnly(), content: "blockquote", contentRequired: true},
		"rule":       {attrs: localIDOnly()},
		"hardBreak": {attrs: []attrsSpec{attrs(nil, map[string]attrSpec{
			"text":    enum("\n"),
			"localId": str(),
		})}},
		"table": {attrs: []attrsSpec{attrs(nil, map[string]attrSpec{
			"displayMode":           enum("default", "fixed"),
			"isNumberColumnEnabled": boolean(),
			"layout":                enum("wide", "full-width", "center", "align-end", "align-start", "default"),
			"localId":               strMin1(),
			"width":                 num(),
		})}, content: "table", contentRequired: true, marks: true},
		"tableRow":    {attrs: localIDOnly(), content: "tableRow", contentRequired: true},
		"tableCell":   {attrs: cellAttrs(), content: "cell", contentRequired: true},
		"tableHeader": {attrs: cellAttrs(), content: "cell", contentRequired: true},
		"panel": {attrs: []attrsSpec{attrs([]string{"panelType"}, map[string]attrSpec{
			"panelType":     enum("info", "note", "tip", "warning", "error", "success", "custom"),
			"panelIcon":     str(),
			"panelIconId":   str(),
			"panelIconText": str(),
			"panelColor":    str(),
			"localId":       str(),
		})}, attrsRequired: true, content: "panel", contentRequired: true},
		"expand": {attrs: []attrsSpec{attrs(nil, map[string]attrSpec{
			"title":   str(),
			"localId": str(),
		})}, content: "expand", contentRequired: true, marks: true},
		"nestedExpand": {attrs: []attrsSpec{attrs(nil, map[string]attrSpec{
			"title":   str(),
			"localId": str(),
		})}, attrsRequired: true, content: "nestedExpand", contentRequired: true},
		"taskList": {attrs: []attrsSpec{attrs([]string{"localId"}, map[string]attrSpec{
			"localId": str(),
		})}, attrsRequired: true, content: "taskList", contentRequired: true},
		"taskItem":      {attrs: taskItemAttrs(), attrsRequired: true, content: "inline"},
		"blockTaskItem": {attrs: taskItemAttrs(), attrsRequired: true, content: "blockTaskItem", contentRequired: true},
		"decisionList": {attrs: []attrsSpec{attrs([]string{"localId"}, map[string]attrSpec{
			"localId": str(),
		})}, attrsRequired: true, content: "decisionList", contentRequired: true},
		"decisionItem": {attrs: []attrsSpec{attrs([]string{"localId", "state"}, map[string]attrSpec{
			"localId": str(),
			"state":   str(),
		})}, attrsRequired: true, content: "inline"},
		"mediaSingle": {attrs: []attrsSpec{
			attrs([]string{"layout"}, map[string]attrSpec{
				"localId":   str(),
				"width":     numRange(0, 100, "a percentage from 0 to 100"),
				"layout":    enum(layoutEnum...),
				"widthType": enum("percentage"),
			}),
			attrs([]string{"width", "widthType", "layout"}, map[string]attrSpec{
				"localId":   str(),
				"width":     numMin(0, "a number of pixels, 0 or more"),
				"widthType": enum("pixel"),
				"layout":    enum(layoutEnum...),
			}),
		}, content: "mediaSingle", contentRequired: true, marks: true},
		"media": {attrs: []attrsSpec{
			attrs([]string{"type", "id", "collection"}, map[string]attrSpec{
				"type":          enum("link", "file"),
				"localId":       str(),
				"id":            strMin1(),
				"alt":           str(),
				"collection":    str(),
				"height":        num(),
				"occurrenceKey": strMin1(),
				"width":         num(),
			}),
			attrs([]string{"type", "url"}, map[string]attrSpec{
				"type":    enum("external"),
				"localId": str(),
				"alt":     str(),
				"height":  num(),
				"width":   num(),
				"url":     str(),
			}),
		}, attrsRequired: true, marks: true},
		"mediaGroup": {content: "mediaGroup", contentRequired: true},
		"mediaInline": {attrs: []attrsSpec{attrs([]string{"id", "collection"}, map[string]attrSpec{
			"type":          enum("link", "file", "image"),
			"localId":       str(),
			"id":            strMin1(),
			"alt":           str(),
			"collection":    str(),
			"occurrenceKey": strMin1(),
			"width":         num(),
			"height":        num(),
			"data":          anyValue(),
		})}, attrsRequired: true, marks: true},
		"caption": {attrs: localIDOnly(), content: "caption"},
		"mention": {attrs: []attrsSpec{attrs([]string{"id"}, map[string]attrSpec{
			"id":          str(),
			"localId":     str(),
			"text":        str(),
			"accessLevel": str(),
			"userType":    enum("DEFAULT", "SPECIAL", "APP"),
		})}, attrsRequired: true},
		"emoji": {attrs: []attrsSpec{attrs([]string{"shortName"}, map[string]attrSpec{
			"shortName": str(),
			"id":        str(),
			"text":      str(),
			"localId":   str(),
		})}, attrsRequired: true},
		"status": {attrs: []attrsSpec{attrs([]string{"text", "color"}, map[string]attrSpec{
			"text":    strMin1(),
			"color":   pattern(`^(neutral|purple|blue|red|yellow|green|#[0-9a-fA-F]{6})$`, "neutral, purple, blue, red, yellow, green or #rrggbb"),
			"localId": str(),
			"style":   str(),
		})}, attrsRequired: true},
		"date": {attrs: []attrsSpec{attrs([]string{"timestamp"}, map[string]attrSpec{
			"timestamp": strMin1(),
			"localId":   str(),
		})}, attrsRequired: true},
		"inlineCard": {attrs: []attrsSpec{
			attrs([]string{"url"}, map[string]attrSpec{"url": str(), "localId": str()}),
			attrs([]string{"data"}, map[string]attrSpec{"data": anyValue(), "localId": str()}),
		}, attrsRequired: true},
		"blockCard": {attrs: []attrsSpec{
			attrs([]string{"datasource"}, map[string]attrSpec{
				"localId":    str(),
				"url":        str(),
				"datasource": {kind: kDatasource, want: `an object with "id", "parameters" and "views"`},
				"width":      num(),
				"layout":     enum(layoutEnum...),
			}),
			attrs([]string{"url"}, map[string]attrSpec{"url": str(), "localId": str()}),
			attrs([]string{"data"}, map[string]attrSpec{"data": anyValue(), "localId": str()}),
		}, attrsRequired: true},
		"embedCard": {attrs: []attrsSpec{attrs([]string{"url", "layout"}, map[string]attrSpec{
			"url":            str(),
			"layout":         enum(layoutEnum...),
			"width":          numRange(0, 100, "a percentage from 0 to 100"),
			"originalHeight": num(),
			"originalWidth":  num(),
			"localId":        str(),
		})}, attrsRequired: true},
		"extension":       {attrs: extensionAttrs(true), attrsRequired: true, marks: true},
		"bodiedExtension": {attrs: extensionAttrs(true), attrsRequired: true, content: "nonNestable", contentRequired: true, marks: true},
		"inlineExtension": {attrs: extensionAttrs(false), attrsRequired: true, marks: true},
		"placeholder": {attrs: []attrsSpec{attrs([]string{"text"}, map[string]attrSpec{
			"text":    str(),
			"localId": str(),
		})}, attrsRequired: true},
		"layoutSection": {attrs: localIDOnly(), content: "layoutSection", contentRequired: true, marks: true},
		"layoutColumn": {attrs: []attrsSpec{attrs([]string{"width"}, map[string]attrSpec{
			"width":   numRange(0, 100, "a percentage from 0 to 100"),
			"localId": str(),
			"valign":  enum("top", "middle", "bottom"),
		})}, attrsRequired: true, content: "layoutColumn", contentRequired: true},
		"syncBlock":       {attrs: syncAttrs(), attrsRequired: true, marks: true},
		"bodiedSyncBlock": {attrs: syncAttrs(), attrsRequired: true, content: "bodiedSyncBlock", contentRequired: true, marks: true},
	}
})

var sixHex = pattern(`^#[0-9a-fA-F]{6}$`, "a colour like #ff5630")

// markSpecs lists every mark type of full.json.
var markSpecs = sync.OnceValue(func() map[string]markSpec {
	return map[string]markSpec{
		"code":      {},
		"em":        {},
		"strong":    {},
		"strike":    {},
		"underline": {},
		"link": {attrs: []attrsSpec{attrs([]string{"href"}, map[string]attrSpec{
			"href": str(), "title": str(), "id": str(), "collection": str(), "occurrenceKey": str(),
		})}},
		"subsup":          {attrs: []attrsSpec{attrs([]string{"type"}, map[string]attrSpec{"type": enum("sub", "sup")})}},
		"textColor":       {attrs: []attrsSpec{attrs([]string{"color"}, map[string]attrSpec{"color": sixHex})}},
		"backgroundColor": {attrs: []attrsSpec{attrs([]string{"color"}, map[string]attrSpec{"color": sixHex})}},
		"annotation": {attrs: []attrsSpec{attrs([]string{"id", "annotationType"}, map[string]attrSpec{
			"id": str(), "annotationType": enum("inlineComment"),
		})}},
		"alignment":   {attrs: []attrsSpec{attrs([]string{"align"}, map[string]attrSpec{"align": enum("center", "end")})}},
		"indentation": {attrs: []attrsSpec{attrs([]string{"level"}, map[string]attrSpec{"level": numRange(1, 6, "a number from 1 to 6")})}},
		"fontSize":    {attrs: []attrsSpec{attrs([]string{"fontSize"}, map[string]attrSpec{"fontSize": enum("small")})}},
		"breakout": {attrs: []attrsSpec{attrs([]string{"mode"}, map[string]attrSpec{
			"mode": enum("wide", "full-width"), "width": num(),
		})}},
		"dataConsumer": {attrs: []attrsSpec{attrs([]string{"sources"}, map[string]attrSpec{
			"sources": {kind: kStringArray, minItems: 1, want: "a non-empty array of strings"},
		})}},
		"fragment": {attrs: []attrsSpec{attrs([]string{"localId"}, map[string]attrSpec{
			"localId": strMin1(), "name": str(),
		})}},
		"border": {attrs: []attrsSpec{attrs([]string{"size", "color"}, map[string]attrSpec{
			"size":  numRange(1, 3, "a number from 1 to 3"),
			"color": pattern(`^#[0-9a-fA-F]{8}$|^#[0-9a-fA-F]{6}$`, "a colour like #091e4224 or #091e42"),
		})}},
	}
})

// Mark sets, named after the schema definitions they come from.
var (
	fmtTextMarks  = []string{"link", "em", "strong", "strike", "subsup", "underline", "textColor", "annotation", "backgroundColor"}
	codeTextMarks = []string{"code", "link", "annotation"}
	textMarks     = [][]string{fmtTextMarks, codeTextMarks}
	extMarks      = [][]string{{"dataConsumer", "fragment"}}
	mediaMarks    = [][]string{{"dataConsumer", "link", "annotation", "border"}}
	linkMarks     = [][]string{{"link"}}
	breakoutMarks = [][]string{{"breakout"}}
	fragmentMarks = [][]string{{"fragment"}}
	docParaMarks  = [][]string{{"fontSize", "alignment"}, {"fontSize", "indentation"}}
	fontSizeMarks = [][]string{{"fontSize"}}
	cellParaMarks = [][]string{{"fontSize", "alignment"}}
	headingMarks  = [][]string{{"alignment"}, {"indentation"}}
)

// rule builds a content rule from alternating type names and child rules.
func rule(min int, entries ...any) contentRule {
	r := contentRule{children: map[string]childRule{}, min: min}
	for i := 0; i < len(entries); i++ {
		name := entries[i].(string)
		cr := childRule{}
		if i+1 < len(entries) {
			if c, ok := entries[i+1].(childRule); ok {
				cr = c
				i++
			}
		}
		r.children[name] = cr
		r.order = append(r.order, name)
	}
	return r
}

func marks(sets [][]string) childRule { return childRule{marks: sets} }

var inlineRule = rule(0,
	"text", marks(textMarks), "mention", "emoji", "date", "status", "hardBreak", "inlineCard",
	"placeholder", "inlineExtension", marks(extMarks), "mediaInline", marks(mediaMarks))

func nonNestable() contentRule {
	return rule(1,
		"paragraph", marks(fontSizeMarks), "heading", "bulletList", "orderedList", "taskList",
		"decisionList", "codeBlock", "blockquote", "panel", "rule", "table", marks(fragmentMarks),
		"mediaSingle", marks(linkMarks), "mediaGroup", "blockCard", "embedCard", "extension", marks(extMarks))
}

func expandContent() contentRule {
	r := nonNestable()
	r.children["nestedExpand"] = childRule{}
	r.order = append(r.order, "nestedExpand")
	return r
}

func withFirst(r contentRule, first ...string) contentRule {
	r.first = first
	return r
}

// contentRules lists what each kind of parent may hold.
var contentRules = sync.OnceValue(func() map[string]contentRule {
	return map[string]contentRule{
		"doc": rule(0,
			"paragraph", marks(docParaMarks), "heading", marks(headingMarks), "bulletList", "orderedList",
			"taskList", "decisionList", "codeBlock", marks(breakoutMarks), "blockquote", "panel", "rule",
			"table", marks(fragmentMarks), "expand", marks(breakoutMarks), "mediaSingle", marks(linkMarks),
			"mediaGroup", "layoutSection", childRule{marks: breakoutMarks, minCols: 2, maxCols: 3},
			"blockCard", "embedCard", "extension", marks(extMarks), "bodiedExtension", marks(extMarks),
			"syncBlock", marks(breakoutMarks), "bodiedSyncBlock", marks(breakoutMarks)),
		"layoutColumn": rule(1,
			"paragraph", marks(docParaMarks), "heading", marks(headingMarks), "bulletList", "orderedList",
			"taskList", "decisionList", "codeBlock", "blockquote", "panel", "rule", "table", marks(fragmentMarks),
			"expand", "mediaSingle", marks(linkMarks), "mediaGroup", "blockCard", "embedCard",
			"extension", marks(extMarks), "bodiedExtension", marks(extMarks)),
		"nonNestable": nonNestable(),
		"expand":      expandContent(),
		"listItem": withFirst(rule(1,
			"paragraph", marks(fontSizeMarks), "bulletList", "orderedList", "taskList", "codeBlock",
			"mediaSingle", marks(linkMarks), "extension", marks(extMarks)),
			"paragraph", "mediaSingle", "codeBlock"),
		"blockquote": rule(1,
			"paragraph", "bulletList", "orderedList", "codeBlock", "mediaSingle", marks(linkMarks),
			"mediaGroup", "extension", marks(extMarks)),
		"panel": rule(1,
			"paragraph", marks(fontSizeMarks), "heading", "bulletList", "orderedList", "taskList",
			"decisionList", "codeBlock", "rule", "mediaSingle", marks(linkMarks), "mediaGroup",
			"blockCard", "extension", marks(extMarks)),
		"nestedExpand": rule(1,
			"paragraph", marks(fontSizeMarks), "heading", "bulletList", "orderedList", "taskList",
			"decisionList", "codeBlock", "blockquote", "panel", "rule", "mediaSingle", marks(linkMarks),
			"mediaGroup", "extension", marks(extMarks)),
		"cell": rule(1,
			"paragraph", marks(cellParaMarks), "heading", marks(headingMarks), "bulletList", "orderedList",
			"taskList", "decisionList", "codeBlock", "blockquote", "panel", "rule", "nestedExpand",
			"mediaSingle", marks(linkMarks), "mediaGroup", "blockCard", "embedCard", "extension", marks(extMarks)),
		"bodiedSyncBlock": rule(1,
			"paragraph", marks(docParaMarks), "heading", marks(headingMarks), "bulletList", "orderedList",
			"taskList", "decisionList", "codeBlock", "blockquote", "panel", "rule", "table", marks(fragmentMarks),
			"expand", "layoutSection", childRule{marks: breakoutMarks, minCols: 2, maxCols: 3},
			"mediaSingle", marks(linkMarks), "mediaGroup", "blockCard", "embedCard"),
		"list":          rule(1, "listItem"),
		"taskList":      withFirst(rule(1, "taskItem", "taskList", "blockTaskItem"), "taskItem", "blockTaskItem"),
		"blockTaskItem": rule(1, "paragraph", marks(fontSizeMarks), "extension", marks(extMarks)),
		"decisionList":  rule(1, "decisionItem"),
		"table":         rule(1, "tableRow"),
		"tableRow":      rule(0, "tableHeader", "tableCell"),
		"mediaGroup":    rule(1, "media", marks(mediaMarks)),
		"mediaSingle": func() contentRule {
			r := rule(1, "media", marks(mediaMarks), "caption")
			r.max = 2
			r.positional = [][]string{{"media"}, {"caption"}}
			return r
		}(),
		"caption": rule(0,
			"text", marks(textMarks), "mention", "emoji", "date", "status", "hardBreak", "inlineCard", "placeholder"),
		"codeBlock":     rule(0, "text"),
		"inline":        inlineRule,
		"layoutSection": rule(0, "layoutColumn"),
	}
})
