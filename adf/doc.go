// Package adf converts between Markdown and the Atlassian Document Format
// (ADF), the JSON tree Jira and Confluence store rich text in, and checks,
// merges and flattens ADF documents. It imports nothing else of this project.
//
// # Markdown → ADF
//
// FromMarkdown reads CommonMark with GitHub's extensions (tables,
// strikethrough, autolinks, task lists) and always returns a document that
// is valid against Atlassian's ADF schema. Constructs ADF cannot hold where
// they stand degrade to text or are unwrapped: a heading or table inside a
// list item becomes a paragraph, a quote inside a quote is merged into its
// parent, raw HTML becomes literal text.
//
//	# Heading … ###### Heading        heading (level 1–6)
//	**strong** *em* ~~strike~~ `code`  marks strong, em, strike, code
//	<u>u</u> <sub>2</sub> <sup>2</sup> marks underline, subsup
//	[text](url "title"), <url>          link mark
//	line\ (or two spaces) then newline  hardBreak; <br> too
//	- item / 1. item (start kept)      bulletList / orderedList (attrs.order)
//	- [ ] todo / - [x] done             Confluence: taskList/taskItem (TODO/DONE)
//	                                    Jira: bullet list with "☐ " / "☑ "
//	```lang … ```                       codeBlock (attrs.language)
//	> quote                             blockquote
//	---                                 rule
//	| a | b | tables                    table; the first row is tableHeader,
//	                                    column alignment an alignment mark
//	![alt](https://…/x.png)             mediaSingle > media (type external)
//	> [!NOTE] / [!TIP] / [!IMPORTANT]   panel info / success / note
//	> [!WARNING] / [!CAUTION]           panel warning / error
//	<details><summary>T</summary>…      expand (nestedExpand inside one)
//	@[Jane Doe](accountid:5b10…)        mention
//	{status:In progress|blue}           status (colours: neutral, purple,
//	                                    blue, red, yellow, green; default
//	                                    neutral; write \| inside tables)
//	{date:2026-11-22}                   date (midnight UTC)
//
// # ADF → Markdown
//
// ToMarkdown writes the same syntax back. Nodes Markdown cannot hold become
// short placeholders that name them: "[macro: jira (issue list)]",
// "[image: diagram.png]", "[file: report.pdf]", "[2-column layout]" with
// "[column 1]"… "[end layout]" around the columns' content, "[card: url]",
// "[embed: url]", "[synced block]", "[placeholder: text]". Decisions read
// "- ◆ text", emoji their character. For every document FromMarkdown
// produces, FromMarkdown(ToMarkdown(doc)) gives the same document back;
// tests and a fuzz target hold it to that.
//
// # Raw ADF
//
// Parse decodes raw ADF JSON and validates it; its error names the JSON path
// of the first invalid node, e.g.
//
//	content[2].content[0]: node type "paragraph" is not allowed inside "bulletList" (expected listItem)
//
// Validate runs the same checks on a tree. The rules are transcribed from
// the schema (@atlaskit/adf-schema json-schema/v1/full.json, Apache-2.0)
// plus three rules of Atlassian's editor: list items start with a
// paragraph, image or code block, task lists start with a task item, and a
// node carries each mark once. Decode reads
// ADF leniently and keeps unknown nodes and fields, for documents fetched
// from Atlassian.
//
// # Updates
//
// Merge applies a change to an existing document by replace, append, prepend
// or section (by heading), keeping every node it does not touch byte-for-byte
// and reporting the macros, files, mentions and layouts a replace removed.
package adf
