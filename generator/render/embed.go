package render

import (
	"strconv"
	"strings"

	"github.com/trellis-ssg/trellis/generator/content"
)

// Embedding. When site.yaml's embed.allow lists origins, the site has
// pages made to be framed by them: /embed/map/ (the compact intent map and
// its list) and /embed/<kind>/<slug>/ for every intent and initiative (its
// card). They have no header, footer or breadcrumbs, open their links in a
// new tab, and link back to the full page. _headers lets the listed origins
// frame /embed/ and nothing else (headers.go).

// embedKinds are the kinds whose pages have an embeddable card.
var embedKinds = []content.Kind{content.KindIntent, content.KindInitiative}

// embedViews lists the embed pages of the site, or none when embedding is off.
func embedViews(s *Site) []*View {
	if len(s.Config.Embed.Allow) == 0 {
		return nil
	}
	if s.Config.Prefix() != "" {
		return nil // the embed pages are the default language's
	}
	var out []*View
	if len(s.PF.Of(content.KindIntent)) > 0 {
		out = append(out, &View{Name: "embed", Title: s.T("map.title"), Path: "embed/map/", NoIndex: true,
			Target: s.Abs("map/"), TargetPath: "map/"})
	}
	for _, k := range embedKinds {
		for _, p := range s.PF.Of(k) {
			out = append(out, &View{Name: "embed", Title: p.Title, Path: "embed/" + p.Path(), Page: p, Kind: p.Kind, NoIndex: true,
				Target: s.Abs(p.Path()), TargetPath: p.Path()})
		}
	}
	return out
}

// EmbedCode is the HTML a site that may frame the page pastes in, for a
// view's embed page: an iframe of the page's fixed size.
func (s *Site) EmbedCode(v *View) string {
	if len(s.Config.Embed.Allow) == 0 {
		return ""
	}
	p, w, h := "embed/map/", 640, 560
	if v.Page != nil {
		p, w, h = "embed/"+v.Page.Path(), 400, 400
	}
	return `<iframe src="` + s.Abs(p) + `" width="` + strconv.Itoa(w) + `" height="` + strconv.Itoa(h) + `" title="` + strings.ReplaceAll(v.Title, `"`, "&quot;") + `" loading="lazy"></iframe>`
}

// Counts says in words how many learnings, decisions and stories are
// about a page: "2 learnings · 1 decision · 1 story", or "" when none.
func (s *Site) Counts(p *content.Page) string {
	var parts []string
	for _, k := range []content.Kind{content.KindLearning, content.KindDecision, content.KindNarrative} {
		if n := len(s.PF.Referrers(p, k, "initiatives", "intents")); n > 0 {
			parts = append(parts, s.Plural("count."+string(k), n))
		}
	}
	return strings.Join(parts, " · ")
}
