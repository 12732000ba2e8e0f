package hostile

import (
	_ "embed"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"
)

//go:embed testdata/payloads.txt
var payloadList string

// Payload is one hostile string of the corpus and where it was put.
type Payload struct {
	// ID names the payload: alert(ID) is what it calls when it runs, and
	// Mark is published beside it.
	ID int
	// Class is its class in testdata/payloads.txt (html, attr, url, svg,
	// css, template, unicode, formula, yaml, markdown, polyglot, brand).
	Class string
	// Variant says how it was made from its line of the list: "as written",
	// "closing tags first", "mixed case", …
	Variant string
	// Text is the payload.
	Text string
	// Door is how it enters the site: "front matter", "body", "file name",
	// "site.yaml", "menu", "brand", "import".
	Door string
	// Field is where: "initiative.funding.pool", "body.link-url",
	// "site.yaml description", …
	Field string
	// File is the file it was written to, relative to the site.
	File string
	// Mark is the text published with it ("hx12xh"): it is written beside
	// the payload in the same field, so that finding it in the output
	// shows that the field was published.
	Mark string
	// Lang is the language of the site it is published in, when that is
	// not the default ("cy" for a translation's fields).
	Lang string
	// Optional says that the field may not be published at all: a
	// theme string the site has no use for.
	Optional bool
	// Exact says that the field is text, so the published site must hold
	// the payload itself, exactly, with its mark.
	Exact bool
}

// Value is what the payload's field holds: the payload, a space and its
// mark (after it, so that a formula payload still begins the value).
func (p Payload) Value() string { return p.Text + " " + p.Mark }

func (p Payload) String() string {
	return fmt.Sprintf("#%d (%s, %s) in %s of %s: %q", p.ID, p.Class, p.Variant, p.Field, p.File, p.Text)
}

// line is a line of the payload list.
type line struct{ class, text string }

var charRef = regexp.MustCompile(`\{U\+([0-9A-F]{4,6})\}`)

// readList reads testdata/payloads.txt.
func readList() []line {
	var out []line
	class := ""
	for _, l := range strings.Split(payloadList, "\n") {
		if c, ok := strings.CutPrefix(l, "# class: "); ok {
			class = strings.TrimSpace(c)
			continue
		}
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		l = charRef.ReplaceAllStringFunc(l, func(m string) string {
			n, _ := strconv.ParseUint(m[3:len(m)-1], 16, 32)
			return string(rune(n))
		})
		out = append(out, line{class, l})
	}
	return out
}

// variant makes one form of a payload from its line; ok is false when it
// does not apply (or gives the line back unchanged).
type variant struct {
	name string
	make func(string) string
}

// variants are the forms made of each class's lines, the line as written
// first. Each is a way filters are known to be fooled: markup after the
// closing tags of the contexts it might stand in, tag names in mixed case,
// markup already escaped once (which a second unescaping would revive),
// script URLs with their scheme in mixed case, split by a tab or a line
// break, led by white space or with the colon as a character reference.
var variants = map[string][]variant{
	"html": {
		{"closing tags first", func(s string) string {
			return `"'></title></textarea></style></script></noscript></template></select>--!>` + s
		}},
		{"mixed case", mixedTags},
		{"escaped once", func(s string) string {
			return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
		}},
	},
	"attr": {
		{"other quotes", func(s string) string { return strings.NewReplacer(`"`, "'", "'", `"`).Replace(s) }},
	},
	"url": {
		{"mixed case scheme", func(s string) string { return scheme(s, mixedCase) }},
		{"tab in the scheme", func(s string) string {
			return scheme(s, func(x string) string { return x[:len(x)/2] + "\t" + x[len(x)/2:] })
		}},
		{"line break in the scheme", func(s string) string {
			return scheme(s, func(x string) string { return x[:len(x)/2] + "\n" + x[len(x)/2:] })
		}},
		{"led by white space", func(s string) string { return scheme(s, func(x string) string { return " \u00a0\t" + x }) }},
		{"colon as a character reference", func(s string) string { return colon(s, "&colon;") }},
		{"colon as a numeric reference", func(s string) string { return colon(s, "&#x3A;") }},
		{"first letter as a numeric reference", func(s string) string {
			return scheme(s, func(x string) string { return "&#" + strconv.Itoa(int(x[0])) + ";" + x[1:] })
		}},
	},
	"svg": {
		{"mixed case", mixedTags},
		{"closing tags first", func(s string) string { return `</p></svg></math>` + s }},
	},
	"css": {
		{"in a style element", func(s string) string { return "<style>" + s + "</style>" }},
		{"in a style attribute", func(s string) string { return `<p style="` + strings.ReplaceAll(s, `"`, "'") + `">x</p>` }},
	},
	"polyglot": {
		{"mixed case", mixedTags},
	},
}

var tagName = regexp.MustCompile(`</?[a-zA-Z][a-zA-Z0-9-]*`)

// mixedTags writes the tag names of s in alternating case.
func mixedTags(s string) string {
	return tagName.ReplaceAllStringFunc(s, mixedCase)
}

func mixedCase(s string) string {
	b := []rune(s)
	up := false
	for i, r := range b {
		if unicode.IsLetter(r) {
			if up {
				b[i] = unicode.ToUpper(r)
			} else {
				b[i] = unicode.ToLower(r)
			}
			up = !up
		}
	}
	return string(b)
}

var schemeRe = regexp.MustCompile(`^([a-z]+):`)

// scheme rewrites the scheme of a URL payload, or returns s.
func scheme(s string, f func(string) string) string {
	m := schemeRe.FindStringSubmatch(s)
	if m == nil || m[1] == "https" || m[1] == "file" {
		return s
	}
	return f(m[1]) + s[len(m[1]):]
}

func colon(s, ref string) string {
	m := schemeRe.FindStringSubmatch(s)
	if m == nil || m[1] == "https" || m[1] == "file" {
		return s
	}
	return m[1] + ref + s[len(m[0]):]
}

// expand makes every payload of the list, each variant once, with ids
// from 1 in order. A variant that gives a text already made is left out.
func expand() []Payload {
	var out []Payload
	seen := map[string]bool{}
	for _, l := range readList() {
		forms := append([]variant{{"as written", func(s string) string { return s }}}, variants[l.class]...)
		for _, v := range forms {
			text := v.make(l.text)
			if seen[text] {
				continue
			}
			seen[text] = true
			id := len(out) + 1
			out = append(out, Payload{ID: id, Class: l.class, Variant: v.name,
				Text: strings.ReplaceAll(text, "§", strconv.Itoa(id)), Mark: Mark(id)})
		}
	}
	return out
}

// Mark is the mark of the payload with id: letters and digits only, so
// that it comes through every escaping and slug unchanged.
func Mark(id int) string { return "hx" + strconv.Itoa(id) + "xh" }

// placementMark is the mark of the n-th placement of the payload with id.
func placementMark(id, n int) string { return "hx" + strconv.Itoa(id) + "x" + strconv.Itoa(n) + "xh" }
