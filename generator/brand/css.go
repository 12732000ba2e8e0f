package brand

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/tdewolff/parse/v2"
	"github.com/tdewolff/parse/v2/css"
)

// cssProblem says why a stylesheet cannot be linked under the site's
// Content-Security-Policy, or is not a stylesheet at all, or "". Styles,
// fonts and pictures may come from the site itself only, so an import, a
// URL of another site and a URL relative to the stylesheet (which is
// published under assets/ with a new name) are refused; a URL from the
// site's root, a data: URL and a reference inside the document are fine.
func cssProblem(src []byte) string {
	l := css.NewLexer(parse.NewInput(bytes.NewReader(src)))
	inURL := false
	for {
		tt, data := l.Next()
		switch tt {
		case css.ErrorToken:
			return ""
		case css.BadURLToken, css.BadStringToken:
			return "it has a malformed url() or string near " + strconv.Quote(truncate(string(data), 40))
		case css.AtKeywordToken:
			if strings.EqualFold(string(data), "@import") {
				return "it imports another stylesheet; put its rules in this file instead"
			}
		case css.DelimToken:
			if string(data) == "<" {
				return "it contains '<', which a stylesheet never does: is it really CSS?"
			}
		case css.FunctionToken:
			switch strings.ToLower(string(data)) {
			case "url(", "src(":
				inURL = true
			case "expression(":
				return "it uses expression(), which runs script"
			}
			continue
		case css.URLToken:
			inner := strings.TrimSpace(string(data[4 : len(data)-1]))
			if msg := urlProblem(unquote(inner)); msg != "" {
				return msg
			}
		case css.StringToken:
			if inURL {
				if msg := urlProblem(unquote(string(data))); msg != "" {
					return msg
				}
			}
		case css.IdentToken:
			if id := strings.ToLower(string(data)); id == "-moz-binding" || id == "behavior" {
				return "it uses " + id + ", which runs script"
			}
		case css.WhitespaceToken, css.CommentToken:
			continue
		}
		inURL = false
	}
}

func unquote(s string) string {
	if len(s) >= 2 && (s[0] == '"' || s[0] == '\'') && s[len(s)-1] == s[0] {
		return s[1 : len(s)-1]
	}
	return s
}

// urlProblem says why a URL in a brand stylesheet would not load, or "".
func urlProblem(u string) string {
	low := strings.ToLower(strings.TrimSpace(u))
	switch {
	case low == "", strings.HasPrefix(low, "#"), strings.HasPrefix(low, "data:image/"), strings.HasPrefix(low, "data:font/"),
		strings.HasPrefix(low, "data:application/font"):
		return ""
	case strings.HasPrefix(low, "/") && !strings.HasPrefix(low, "//"):
		return ""
	case strings.Contains(low, ":") || strings.HasPrefix(low, "//"):
		return "it refers to " + strconv.Quote(u) + ", which the site's Content-Security-Policy blocks"
	}
	return "it refers to " + strconv.Quote(u) + " relative to the stylesheet, which is published under another name; write the path from the site's root (/" + strings.TrimPrefix(u, "./") + ")"
}
