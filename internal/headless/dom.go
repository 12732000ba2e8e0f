package headless

import (
	"context"
	"strconv"
	"strings"

	"github.com/chromedp/cdproto/accessibility"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/dom"
	"github.com/chromedp/chromedp"
)

// These read the page through the DOM and Accessibility domains of the
// protocol, so they need no script in the page and work with scripts off.

// withDocument runs read with the document's root node. chromedp asks for
// the document itself after some DOM events, which ends the node ids of an
// earlier answer: read is then run again with the new root.
func withDocument(ctx context.Context, read func(root cdp.NodeID) error) error {
	for try := 1; ; try++ {
		doc, err := chromedp.Call(ctx, dom.GetDocument, dom.GetDocumentParams{Depth: new(int64(0))})
		if err == nil {
			err = read(doc.Root.NodeID)
		}
		if err == nil || try == 5 || !strings.Contains(err.Error(), "Could not find node with given id") {
			return err
		}
	}
}

// immediateRefresh returns the target of the document's meta refresh when
// it has one without delay.
func immediateRefresh(ctx context.Context) (target string, err error) {
	err = withDocument(ctx, func(root cdp.NodeID) error {
		target = ""
		found, err := chromedp.Call(ctx, dom.QuerySelectorAll, dom.QuerySelectorAllParams{NodeID: root, Selector: `meta[http-equiv="refresh" i]`})
		if err != nil {
			return err
		}
		for _, id := range found.NodeIDs {
			attrs, err := chromedp.Call(ctx, dom.GetAttributes, dom.GetAttributesParams{NodeID: id})
			if err != nil {
				return err
			}
			for i := 0; i+1 < len(attrs.Attributes); i += 2 {
				if strings.EqualFold(attrs.Attributes[i], "content") {
					delay, to, _ := strings.Cut(attrs.Attributes[i+1], ";")
					if d, err := strconv.ParseFloat(strings.TrimSpace(delay), 64); err == nil && d == 0 {
						target = strings.TrimSpace(to)
						return nil
					}
				}
			}
		}
		return nil
	})
	return target, err
}

// Focused returns the role and accessible name of the element that has the
// focus, from the accessibility tree; "", "" when no element has it. It
// asks for that one node, not the whole tree, so that a test can press Tab
// through a large page.
func Focused(ctx context.Context) (role, name string, err error) {
	err = withDocument(ctx, func(root cdp.NodeID) error {
		role, name = "", ""
		q, err := chromedp.Call(ctx, dom.QuerySelector, dom.QuerySelectorParams{NodeID: root, Selector: ":focus"})
		if err != nil || q.NodeID == 0 {
			return err
		}
		tree, err := chromedp.Call(ctx, accessibility.GetPartialAXTree, accessibility.GetPartialAXTreeParams{NodeID: q.NodeID, FetchRelatives: new(false)})
		if err != nil {
			return err
		}
		if len(tree.Nodes) > 0 {
			n := tree.Nodes[0]
			if n.Role != nil {
				role = strings.Trim(string(n.Role.Value), `"`)
			}
			if n.Name != nil {
				name = strings.Trim(string(n.Name.Value), `"`)
			}
		}
		return nil
	})
	return role, name, err
}
