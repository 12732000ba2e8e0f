package corpus

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// phrase is n to m words, lowercase, no full stop.
func phrase(r *rand.Rand, n, m int) string {
	k := n + r.IntN(m-n+1)
	var b strings.Builder
	for i := 0; i < k; i++ {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(words[r.IntN(len(words))])
	}
	return b.String()
}

// sentence is n to m words, capitalised, with a full stop.
func sentence(r *rand.Rand, n, m int) string {
	s := phrase(r, n, m)
	return strings.ToUpper(s[:1]) + s[1:] + "."
}

// relPath is the relative link from one page's file to another's, as an
// editor writes it on GitHub.
func relPath(from, to *entry) string {
	switch {
	case from.folder == to.folder:
		return to.slug + ".md"
	case from.folder == "":
		return to.file()
	}
	return "../" + to.file()
}

// link writes a reference to e in one of the forms trellis accepts. inTable
// avoids forms with a pipe, which would split a table cell.
func (g *gen) link(r *rand.Rand, from, to *entry, inTable bool) string {
	label := strings.ToLower(to.title)
	form := r.IntN(9)
	if inTable {
		form = []int{0, 3, 4, 6, 7}[r.IntN(5)]
	}
	head := headingID(to.heads[r.IntN(len(to.heads))])
	switch form {
	case 0:
		return "[[" + to.slug + "]]"
	case 1:
		return "[[" + to.slug + "|" + label + "]]"
	case 2:
		return "[[" + to.slug + " | " + label + "]]"
	case 3:
		if to.folder == "" {
			return "[[" + to.slug + "]]"
		}
		return "[[" + to.folder + "/" + to.slug + "]]"
	case 4:
		return "[[" + to.slug + "#" + head + "]]"
	case 5:
		return "[[" + to.slug + "#" + head + "|" + label + "]]"
	case 6:
		return "[" + label + "](" + relPath(from, to) + ")"
	case 7:
		return "[" + label + "](" + relPath(from, to) + "#" + head + ")"
	default:
		if to.folder == "" {
			return "[[" + to.slug + "|" + label + "]]"
		}
		return "[[" + strings.TrimSuffix(to.folder, "s") + "/" + to.slug + "|" + label + "]]"
	}
}

var linkLeads = []string{"See", "This connects with", "Compare", "Read more in", "It builds on", "The team worked with", "Residents pointed to"}

// body writes 400–800 words of Markdown: an introduction, then a section
// per heading, with links to the pages the front matter names and to a few
// others, a list, and in some pages a table and a fenced code block.
func (g *gen) body(r *rand.Rand, b *strings.Builder, e *entry, links []*entry) {
	target := 400 + r.IntN(401)
	for i := 0; i < 3; i++ {
		links = append(links, g.all[r.IntN(len(g.all))])
	}
	var others []*entry
	for _, l := range links {
		if l != e {
			others = append(others, l)
		}
	}
	n := 0 // words written
	// para writes a paragraph of at least k words (sentences are not cut).
	para := func(k int) {
		var p strings.Builder
		w := 0
		for w < k {
			s := sentence(r, 6, 18)
			w += strings.Count(s, " ") + 1
			if p.Len() > 0 {
				p.WriteByte(' ')
			}
			p.WriteString(s)
			if len(others) > 0 && r.IntN(3) == 0 {
				to := others[r.IntN(len(others))]
				l := pick(r, linkLeads) + " " + g.link(r, e, to, false) + "."
				w += strings.Count(l, " ") + 1
				p.WriteString(" " + l)
			}
		}
		b.WriteString(p.String())
		b.WriteString("\n\n")
		n += w
	}
	para(40 + r.IntN(40))
	per := (target - n) / len(e.heads)
	for hi, h := range e.heads {
		b.WriteString("## " + h + "\n\n")
		start := n
		switch {
		case hi == 1 && e.index%4 == 0 && len(others) > 0:
			b.WriteString("| year | what happened | who |\n|---|---|---|\n")
			for row := 0; row < 3+r.IntN(3); row++ {
				fmt.Fprintf(b, "| %d | %s | %s |\n", 2019+row, phrase(r, 3, 8), g.link(r, e, others[r.IntN(len(others))], true))
				n += 6
			}
			b.WriteString("\n")
		case hi == 2 && e.index%7 == 0:
			b.WriteString("The figures above come from this extract:\n\n```yaml\n")
			fmt.Fprintf(b, "page: %s\nmeasured: %s\nvalues: [%d, %d, %d]\n", e.slug, date(r.IntN(lastDay)), r.IntN(100), r.IntN(100), r.IntN(100))
			b.WriteString("```\n\n")
			n += 12
		case hi == len(e.heads)-1 && len(others) > 0:
			for item := 0; item < 2+r.IntN(3); item++ {
				b.WriteString("- " + sentence(r, 5, 12) + " " + g.link(r, e, others[r.IntN(len(others))], false) + "\n")
				n += 10
			}
			b.WriteString("\n")
		}
		for rem := per - (n - start); rem > 10; rem = per - (n - start) {
			para(min(rem, 30+r.IntN(50)))
		}
		if hi == 0 && len(e.heads) > 2 {
			b.WriteString("More under [" + strings.ToLower(e.heads[2]) + "](#" + headingID(e.heads[2]) + ").\n\n")
		}
	}
	if e.folder == "sources" {
		b.WriteString("## Moments\n\n")
		for i := 0; i < 3+r.IntN(4); i++ {
			at := moment(r)
			b.WriteString(sentence(r, 8, 16) + ` <a class="yt-timestamp" data-t="` + at + `">[` + at + "]</a>\n\n")
		}
	}
}
