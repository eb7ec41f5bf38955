package adf

import (
	"math"
	"strconv"
	"strings"

	"github.com/clawbridge/atlassian-mcp/internal/lazyre"
)

// This file renders lists: bullets, numbers, tasks and decisions.

func (r *mdRenderer) list(n *Node, alt bool) []string {
	ordered := n.Type == "orderedList"
	start := 1
	if f, ok := n.attrNumber("order"); ok && ordered {
		start = int(math.Max(0, math.Min(999999999, math.Floor(f))))
	}
	same := start+len(n.Content)-1 > 999999999
	var out []string
	for i, item := range n.Content {
		if item == nil {
			continue
		}
		marker := "-"
		if alt {
			marker = "+"
		}
		if ordered {
			num := start + i
			if same {
				num = start
			}
			delim := "."
			if alt {
				delim = ")"
			}
			marker = strconv.Itoa(num) + delim
		}
		out = append(out, itemLines(marker, r.itemContent(itemBlocks(item)))...)
	}
	return out
}

// itemContent renders the blocks of a list item. A paragraph and the list
// after it stay together, as in a tight Markdown list, when that list can
// interrupt a paragraph.
func (r *mdRenderer) itemContent(blocks []*Node) []string {
	var out []string
	blocks = nonNil(blocks)
	if len(blocks) > 1 && blocks[0] != nil && blocks[0].Type == "paragraph" && len(blocks[0].Content) == 0 &&
		blocks[1] != nil && !contains(contentRules()["listItem"].first, blocks[1].Type) {
		// The empty paragraph only stands in for the item's first line,
		// which FromMarkdown adds back: start the item with the next block.
		blocks = blocks[1:]
	}
	prevFamily, alt := "", false
	for i, b := range blocks {
		fam := listFamily(b)
		if fam != "" && fam == prevFamily {
			alt = !alt
		} else {
			alt = false
		}
		prevFamily = fam
		lines := r.block(b, alt)
		// No blank line after an empty first line, after a list that ends
		// with an empty item (goldmark would end the whole item there), or
		// between a paragraph and a list that may interrupt it.
		if i > 0 {
			prevEmpty := len(out) == 1 && out[0] == ""
			tight := prevEmpty || endsWithEmptyItem(out) ||
				(blocks[i-1].Type == "paragraph" && canInterrupt(b, lines))
			if !tight {
				out = append(out, "")
			}
		}
		out = append(out, lines...)
	}
	if len(out) == 0 {
		out = []string{""}
	}
	return out
}

var bareMarkerRE = lazyre.New(`^\s*([-+]|[0-9]{1,9}[.)])$`)

// endsWithEmptyItem reports whether rendered lines end with a list item that
// has no content.
func endsWithEmptyItem(lines []string) bool {
	return len(lines) > 0 && bareMarkerRE().MatchString(lines[len(lines)-1])
}

// canInterrupt reports whether a rendered list may directly follow a
// paragraph line: its first item must have text and, if numbered, start at 1.
func canInterrupt(n *Node, lines []string) bool {
	if listFamily(n) == "" || len(lines) == 0 {
		return false
	}
	first := lines[0]
	if n.Type == "orderedList" && !strings.HasPrefix(first, "1.") && !strings.HasPrefix(first, "1)") {
		return false
	}
	sp := strings.IndexByte(first, ' ')
	return sp > 0 && strings.TrimSpace(first[sp:]) != ""
}

// itemLines puts a list marker before an item's first line and indents the
// rest to the item's content column.
func itemLines(marker string, lines []string) []string {
	indent := strings.Repeat(" ", len(marker)+1)
	out := make([]string, len(lines))
	for i, l := range lines {
		switch {
		case i == 0 && l == "":
			out[i] = marker
		case i == 0:
			out[i] = marker + " " + l
		case l == "":
			out[i] = ""
		default:
			out[i] = indent + l
		}
	}
	return out
}

func (r *mdRenderer) taskList(n *Node, alt bool) []string {
	marker := "-"
	if alt {
		marker = "+"
	}
	var out []string
	for _, item := range n.Content {
		if item == nil {
			continue
		}
		switch item.Type {
		case "taskList":
			nested := r.taskList(item, false)
			if len(out) == 0 {
				out = append(out, itemLines(marker, append([]string{""}, nested...))...)
				continue
			}
			out = append(out, prefixLines(nested, "  ", "")...)
		case "taskItem", "blockTaskItem":
			box := "[ ]"
			if item.attrString("state") == "DONE" {
				box = "[x]"
			}
			lines := r.itemContent(itemBlocks(item))
			if lines[0] == "" {
				lines[0] = box
			} else {
				lines[0] = box + " " + lines[0]
			}
			out = append(out, itemLines(marker, lines)...)
		default:
			out = append(out, itemLines(marker, r.block(item, false))...)
		}
	}
	return out
}

func (r *mdRenderer) decisionList(n *Node, alt bool) []string {
	marker := "-"
	if alt {
		marker = "+"
	}
	var out []string
	for _, item := range n.Content {
		if item == nil {
			continue
		}
		lines := r.itemContent(itemBlocks(item))
		lines[0] = strings.TrimSpace("◆ " + lines[0])
		out = append(out, itemLines(marker, lines)...)
	}
	return out
}

func nonNil(nodes []*Node) []*Node {
	for _, n := range nodes {
		if n == nil {
			out := make([]*Node, 0, len(nodes))
			for _, m := range nodes {
				if m != nil {
					out = append(out, m)
				}
			}
			return out
		}
	}
	return nodes
}
