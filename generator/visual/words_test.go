package visual

import (
	"html"
	"io/fs"
	"regexp"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/trellis-ssg/trellis/generator/content"
	"github.com/trellis-ssg/trellis/generator/locale"
	"github.com/trellis-ssg/trellis/themes"
)

// TestPicturesSpeakTheSiteLanguage: drawn with the Welsh table, no
// picture, chart or data table has a word of the English table in it:
// every title, description, legend, heading, accessible name, tooltip and
// count comes from the strings table.
func TestPicturesSpeakTheSiteLanguage(t *testing.T) {
	cy, err := locale.Load(themes.Default, "cy")
	if err != nil {
		t.Fatal(err)
	}
	pf := smallPortfolio(t)
	var out []string
	// What a reader meets in a picture: its text and its elements'
	// accessible names, not its markup.
	visible := func(svg string) string {
		var b strings.Builder
		for _, m := range labelRe.FindAllStringSubmatch(svg, -1) {
			b.WriteString(m[1] + "\n")
		}
		b.WriteString(tagRe.ReplaceAllString(svg, "\n"))
		return b.String()
	}
	add := func(p Picture) {
		out = append(out, visible(string(p.SVG)))
		var walk func([]OutlineItem)
		walk = func(items []OutlineItem) {
			for _, it := range items {
				out = append(out, it.Label, it.Note)
				walk(it.Children)
			}
		}
		walk(p.Text.Items)
	}
	add(IntentMap(pf, MapOptions{Words: cy}))
	add(IntentMap(pf, MapOptions{Words: cy, Max: 2}))
	for _, in := range pf.Of(content.KindIntent) {
		add(IntentFocus(pf, in, cy))
	}
	for _, p := range pf.Of(content.KindInitiative) {
		add(EgoMap(pf, p, cy))
	}
	for _, c := range []Chart{StatusMatrix(pf, cy), FacetBalance(pf, cy), Timeline(pf, cy), FundingFlows(pf, cy), RiskOverview(pf, cy)} {
		out = append(out, visible(string(c.SVG)), c.Table.Caption, strings.Join(c.Table.Head, " "))
		for _, r := range c.Table.Rows {
			out = append(out, r.Head.Text)
			for _, cell := range r.Cells {
				out = append(out, cell.Text)
			}
		}
		for _, cell := range c.Table.Foot {
			out = append(out, cell.Text)
		}
	}
	text := html.UnescapeString(strings.Join(out, "\n"))

	// The English words of the pictures' strings that Welsh does not use
	// and the fixture's own titles and terms do not contain.
	english := words(t, "i18n/en.yaml")
	welsh := words(t, "i18n/cy.yaml")
	data := map[string]bool{}
	for _, w := range wordRe.FindAllString(strings.ToLower(pf.Config.Title), -1) {
		data[w] = true // the site's title (the default's, here) is the site's
	}
	for _, p := range pf.Pages {
		for _, w := range wordRe.FindAllString(strings.ToLower(strings.Join(append(append([]string{p.Title, p.Slug, p.Status, p.Facet}, p.Systems...), p.Places...), " ")), -1) {
			data[w] = true
		}
		for _, f := range p.Funding {
			data[strings.ToLower(f.Currency)] = true
			data[strings.ToLower(f.Pool)] = true
		}
	}
	found := map[string]bool{}
	for _, w := range wordRe.FindAllString(strings.ToLower(text), -1) {
		if english[w] && !welsh[w] && !data[w] {
			found[w] = true
		}
	}
	if len(found) > 0 {
		var list []string
		for w := range found {
			list = append(list, w)
		}
		t.Errorf("the Welsh pictures have English words: %v", list)
	}
	if !strings.Contains(text, "Mentrau yn ôl bwriad a statws") || !strings.Contains(text, "Map y bwriadau") {
		t.Error("the Welsh pictures lack their Welsh titles")
	}
}

var (
	wordRe  = regexp.MustCompile(`[a-z]{4,}`)
	labelRe = regexp.MustCompile(`aria-label="([^"]*)"`)
	tagRe   = regexp.MustCompile(`<[^>]*>`)
)

// words are the words of a strings table's values for the pictures.
func words(t *testing.T, file string) map[string]bool {
	t.Helper()
	b, err := fs.ReadFile(themes.Default, file)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]string
	if err := yaml.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for k, v := range m {
		for _, p := range []string{"map.", "views.", "count.", "word.", "month.", "status.", "risk.", "level.", "facet."} {
			if strings.HasPrefix(k, p) {
				for _, w := range wordRe.FindAllString(strings.ToLower(v), -1) {
					out[w] = true
				}
			}
		}
	}
	return out
}
