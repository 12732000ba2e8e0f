package headless

import (
	"bytes"
	"context"
	"strconv"
	"strings"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// immediateRefresh returns the target of the meta refresh without delay of
// the document that request fetched, or "". It reads the document's source
// as the server sent it (Network.getResponseBody), not the DOM: asking the
// DOM domain for the document would end the node ids that chromedp's own
// queries hold.
func immediateRefresh(ctx context.Context, request network.RequestID) (string, error) {
	body, err := chromedp.Call(ctx, network.GetResponseBody, network.GetResponseBodyParams{RequestID: request})
	if err != nil {
		return "", err
	}
	return refreshIn(body.Body), nil
}

// refreshIn finds a meta refresh without delay in the head of an HTML
// document and returns its target ("" when it has none).
func refreshIn(src []byte) string {
	z := html.NewTokenizer(bytes.NewReader(src))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			name, more := z.TagName()
			switch atom.Lookup(name) {
			case atom.Body:
				return ""
			case atom.Meta:
				var equiv, content string
				for more {
					var k, v []byte
					k, v, more = z.TagAttr()
					switch string(k) {
					case "http-equiv":
						equiv = string(v)
					case "content":
						content = string(v)
					}
				}
				if !strings.EqualFold(strings.TrimSpace(equiv), "refresh") {
					continue
				}
				delay, target, _ := strings.Cut(content, ";")
				if d, err := strconv.ParseFloat(strings.TrimSpace(delay), 64); err == nil && d == 0 {
					target = strings.TrimSpace(target)
					if k, v, ok := strings.Cut(target, "="); ok && strings.EqualFold(strings.TrimSpace(k), "url") {
						target = strings.Trim(strings.TrimSpace(v), `'"`)
					}
					if target == "" {
						target = "(the page itself)"
					}
					return target
				}
			}
		case html.EndTagToken:
			if name, _ := z.TagName(); atom.Lookup(name) == atom.Head {
				return ""
			}
		}
	}
}
