package content

import (
	"fmt"
	"path"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/trellis-ssg/trellis/generator/diag"
)

// Hidden reports whether a story's teller is never named on the site:
// anonymous, or known by a pseudonym.
func (p *Page) Hidden() bool {
	return p.Kind == KindNarrative && (p.Anonymity == "anonymous" || p.Anonymity == "pseudonym")
}

// privateFields are the front matter fields never published, where a
// hidden teller's name may stand, and anonymity, which holds one of three
// words (a teller described as "anonymous" is not named by it).
var privateFields = map[string]bool{"teller": true, "consent": true, "anonymity": true}

// checkAnonymity fails a story whose hidden teller's name (its `teller`)
// appears anywhere that is published: a front matter field (alt text,
// captions, transcripts, the title, the quote…), the page's slug or file
// name, the name of a file in its bundle, or its text. Names are compared
// as slugs are made, ignoring case, accents and punctuation, as whole words.
func checkAnonymity(p *Page, m *matter, diags *diag.List) {
	if !p.Hidden() {
		return
	}
	// A translation (Original set) is checked for its own text only: its
	// address and files are its original's, checked with it.
	if p.Anonymity == "pseudonym" && strings.TrimSpace(p.Pseudonym) == "" && p.Original == nil {
		diags.Errorf(p.File, p.Line("anonymity"), "fm-pseudonym", "add `pseudonym:` with the name the story is shown under; `teller` is never published for a pseudonymous story",
			"a pseudonymous story needs `pseudonym`")
	}
	name := slugWords(p.Teller)
	if len(strings.ReplaceAll(name, "-", "")) < 2 {
		return
	}
	has := func(s string) bool { return strings.Contains("-"+slugWords(s)+"-", "-"+name+"-") }
	leak := func(line, col int, where string) {
		diags.Add(diag.Diagnostic{File: p.File, Line: line, Col: col, Severity: diag.Error, Code: "anonymity-leak",
			Message: fmt.Sprintf("the %s teller's name (`teller`) appears in %s, which is published", p.Anonymity, where),
			Hint:    "take the name out; `teller` is never published for an anonymous or pseudonymous story (or set `anonymity: named` if the teller agreed to be named)"})
	}
	if m.root != nil && m.root.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(m.root.Content); i += 2 {
			k := m.root.Content[i]
			if privateFields[k.Value] {
				continue
			}
			scalars(m.root.Content[i+1], k.Value, func(n *yaml.Node, field string) {
				if has(n.Value) {
					leak(n.Line+m.lineOff, n.Column, "`"+field+"`")
				}
			})
		}
	}
	if p.SlugKey == "" && has(p.Slug) && p.Original == nil { // a slug: field is checked above
		where := "the page's address (its file name)"
		if p.Bundle != "" {
			where = "the page's address (its folder's name)"
		}
		leak(0, 0, where)
	}
	for _, r := range p.Resources {
		if p.Original == nil && has(strings.TrimSuffix(r, path.Ext(r))) {
			leak(0, 0, fmt.Sprintf("the name of the file %q beside it", r))
		}
	}
	for i, line := range strings.Split(string(m.body), "\n") {
		if has(line) {
			leak(m.bodyLine+i, 0, "the story's text")
		}
	}
}

// scalars calls f with every scalar under n and its field path.
func scalars(n *yaml.Node, field string, f func(*yaml.Node, string)) {
	switch n.Kind {
	case yaml.ScalarNode:
		f(n, field)
	case yaml.SequenceNode:
		for _, c := range n.Content {
			scalars(c, field, f)
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			scalars(n.Content[i+1], field+"."+n.Content[i].Value, f)
		}
	}
	// An alias repeats a value met where its anchor stands; following it
	// would let a nest of aliases take exponential time.
}
