package brand

import (
	"bytes"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/tdewolff/parse/v2"
	"github.com/tdewolff/parse/v2/css"
)

// cssProblem says why a stylesheet cannot be linked under the site's
// Content-Security-Policy, or is not a stylesheet at all, or "". Styles,
// fonts and pictures may come from the site itself only, so an import, a
// URL of another site and a URL relative to the stylesheet (which is
// published under assets/ with a new name) are refused; a URL from the
// site's root, a data: URL and a reference inside the document are fine.
func cssProblem(src []byte) string { return scanCSS(src, urlProblem) }

// imageFuncs are the CSS functions whose strings are addresses of pictures
// a browser fetches, without url().
var imageFuncs = map[string]bool{"image-set": true, "-webkit-image-set": true, "image": true, "cross-fade": true, "-webkit-cross-fade": true}

// scanCSS reads CSS (a stylesheet, a declaration list or one property's
// value) as a browser tokenises it, escapes and all, and says what in it
// would run script, is not CSS, or would fetch an address that judge
// refuses (judge says why, or ""): an @import, the address of a url() or
// src(), a string in image-set(), image() or cross-fade(), expression(),
// -moz-binding and behavior. Names are compared as a browser compares them,
// after their escapes: `u\72l(` is url( and `@\69mport` is @import, and a
// url() whose name has an escape is read to its closing parenthesis (the
// lexer splits it into tokens a browser would not).
func scanCSS(src []byte, judge func(string) string) string {
	l := css.NewLexer(parse.NewInput(bytes.NewReader(src)))
	var open []string         // the open functions and parentheses, by lowercased name
	var addr *strings.Builder // the raw address of the url() or src() being read
	depth := 0                // parentheses open inside it
	images := 0               // open functions of imageFuncs
	for {
		tt, data := l.Next()
		if addr != nil {
			switch tt {
			case css.ErrorToken, css.RightParenthesisToken:
				if tt == css.RightParenthesisToken && depth > 0 {
					depth--
					addr.Write(data)
					continue
				}
				u := strings.TrimSpace(addr.String())
				if q := unquote(u); q != u {
					u = cssUnescape(q)
				} else {
					u = cssUnescape(u)
				}
				if msg := judge(u); msg != "" {
					return msg
				}
				addr = nil
				if tt == css.ErrorToken {
					return ""
				}
				open = open[:len(open)-1]
				continue
			case css.LeftParenthesisToken, css.FunctionToken:
				depth++
			case css.CommentToken:
				continue
			}
			addr.Write(data)
			continue
		}
		switch tt {
		case css.ErrorToken:
			return ""
		case css.BadURLToken, css.BadStringToken:
			return "it has a malformed url() or string near " + strconv.Quote(truncate(string(data), 40))
		case css.AtKeywordToken:
			if strings.EqualFold(cssUnescape(string(data)), "@import") {
				return "it imports another stylesheet; put its rules in this file instead"
			}
		case css.DelimToken:
			if string(data) == "<" {
				return "it contains '<', which a stylesheet never does: is it really CSS?"
			}
		case css.FunctionToken:
			name := strings.ToLower(cssUnescape(string(data[:len(data)-1])))
			open = append(open, name)
			switch {
			case name == "url" || name == "src":
				addr, depth = &strings.Builder{}, 0
			case name == "expression":
				return "it uses expression(), which runs script"
			case imageFuncs[name]:
				images++
			}
		case css.LeftParenthesisToken:
			open = append(open, "(")
		case css.RightParenthesisToken:
			if len(open) > 0 {
				if imageFuncs[open[len(open)-1]] {
					images--
				}
				open = open[:len(open)-1]
			}
		case css.URLToken:
			inner := string(data[bytes.IndexByte(data, '(')+1 : len(data)-1])
			if msg := judge(cssUnescape(unquote(strings.TrimSpace(inner)))); msg != "" {
				return msg
			}
		case css.StringToken:
			if images > 0 {
				if msg := judge(cssUnescape(unquote(string(data)))); msg != "" {
					return msg
				}
			}
		case css.IdentToken:
			if id := strings.ToLower(cssUnescape(string(data))); id == "-moz-binding" || id == "behavior" {
				return "it uses " + id + ", which runs script"
			}
		}
	}
}

// cssUnescape reads CSS escapes as CSS Syntax Level 3 does (§4.3.7): a
// backslash and up to six hexadecimal digits (and one white space after
// them) is that code point, a backslash and a line break inside a string
// is nothing, a backslash and any other character is that character.
func cssUnescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' {
			b.WriteByte(s[i])
			continue
		}
		i++
		if i >= len(s) {
			b.WriteRune(utf8.RuneError)
			break
		}
		if s[i] == '\n' || s[i] == '\f' || s[i] == '\r' {
			if s[i] == '\r' && i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
			continue
		}
		j := i
		for j < len(s) && j-i < 6 && isHex(s[j]) {
			j++
		}
		if j == i {
			r, n := utf8.DecodeRuneInString(s[i:])
			b.WriteRune(r)
			i += n - 1
			continue
		}
		n, _ := strconv.ParseUint(s[i:j], 16, 32)
		if n == 0 || n > unicode.MaxRune || 0xD800 <= n && n <= 0xDFFF {
			n = utf8.RuneError
		}
		b.WriteRune(rune(n))
		if j < len(s) && (s[j] == ' ' || s[j] == '\t' || s[j] == '\n' || s[j] == '\f') {
			j++
		} else if j+1 < len(s) && s[j] == '\r' && s[j+1] == '\n' {
			j += 2
		} else if j < len(s) && s[j] == '\r' {
			j++
		}
		i = j - 1
	}
	return b.String()
}

func isHex(c byte) bool { return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }

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
