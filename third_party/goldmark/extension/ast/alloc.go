package ast

import (
	gast "github.com/yuin/goldmark/ast"
)

// This file is atlassian-mcp's patch (see PATCH.md): the extensions' most
// numerous nodes can come from a gast.Allocator, as the core nodes do.

var (
	tableRowKey     = gast.NewSlabKey[TableRow]()
	tableCellKey    = gast.NewSlabKey[TableCell]()
	taskCheckBoxKey = gast.NewSlabKey[TaskCheckBox]()
)

// NewTableRowFrom is NewTableRow, from a.
func NewTableRowFrom(a *gast.Allocator, alignments []Alignment) *TableRow {
	r := gast.Alloc(a, tableRowKey)
	r.Alignments = alignments
	return r
}

// NewTableCellFrom is NewTableCell, from a.
func NewTableCellFrom(a *gast.Allocator) *TableCell {
	c := gast.Alloc(a, tableCellKey)
	c.Alignment = AlignNone
	return c
}

// NewTaskCheckBoxFrom is NewTaskCheckBox, from a.
func NewTaskCheckBoxFrom(a *gast.Allocator, checked bool) *TaskCheckBox {
	c := gast.Alloc(a, taskCheckBoxKey)
	c.IsChecked = checked
	return c
}
