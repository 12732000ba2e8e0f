package markdown

import (
	"strings"

	"github.com/yuin/goldmark"
	gast "github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// ScrollingTables puts every table of a body in a region of its own that
// scrolls sideways (the theme's .table-wrap), so that a wide table never
// widens the page on a narrow screen (WCAG 1.4.10). The region can be
// focused, so that keyboard users can scroll it, and is named by the
// table's column headings, since Markdown gives a table no caption.
var ScrollingTables goldmark.Extender = scrollingTables{}

type scrollingTables struct{}

func (scrollingTables) Extend(m goldmark.Markdown) {
	// Before the table extension's own renderer (500), which writes the rest.
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(tableRenderer{}, 400)))
}

type tableRenderer struct{}

func (tableRenderer) RegisterFuncs(r renderer.NodeRendererFuncRegisterer) {
	r.Register(east.KindTable, renderTable)
}

func renderTable(w util.BufWriter, source []byte, n gast.Node, entering bool) (gast.WalkStatus, error) {
	if !entering {
		_, _ = w.WriteString("</table>\n</div>\n")
		return gast.WalkContinue, nil
	}
	var heads []string
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if c.Kind() != east.KindTableHeader {
			continue
		}
		for cell := c.FirstChild(); cell != nil; cell = cell.NextSibling() {
			if t := strings.TrimSpace(plainText(cell, source)); t != "" {
				heads = append(heads, t)
			}
		}
	}
	_, _ = w.WriteString(`<div class="table-wrap" role="group" tabindex="0"`)
	if len(heads) > 0 {
		_, _ = w.WriteString(` aria-label="`)
		writeEscaped(w, strings.Join(heads, ", "))
		_, _ = w.WriteString(`"`)
	}
	_, _ = w.WriteString(">\n<table>\n")
	return gast.WalkContinue, nil
}
