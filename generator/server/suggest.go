package server

import (
	"bytes"
	"html/template"
	"net/http"
	"strings"

	"github.com/trellis-ssg/trellis/generator/analysis"
	"github.com/trellis-ssg/trellis/generator/content"
	"github.com/trellis-ssg/trellis/generator/portfolio"
)

// SuggestionsPath is the editors' panel of possible connections: the
// pages that do not link to each other but probably should
// (generator/analysis), as `trellis suggest` lists them. It is the
// preview server's own page, never part of a built site.
const SuggestionsPath = Prefix + "suggestions"

// panelGroup is the suggestions of one page that would hold the references.
type panelGroup struct {
	From        *content.Page
	URL         string
	Suggestions []panelItem
}

type panelItem struct {
	To      *content.Page
	URL     string
	Score   float64
	Reason  string
	Accept  string
	Dismiss string // the entry to add to suggestions.yaml
}

var panelTmpl = template.Must(template.New("panel").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Possible connections{{with .Page}} of {{.Title}}{{end}} — trellis serve</title>
<link rel="stylesheet" href="{{.Prefix}}live.css">
</head>
<body class="trellis-panel-page">
<main>
<h1>Possible connections{{with .Page}} of {{.Title}}{{end}}</h1>
<p>Pages that do not link to each other but probably should, from what they say and what they link to. Only you see this: it is never published.
Accept one by adding the reference it names; dismiss one by adding its entry to <code>{{.File}}</code> beside <code>site.yaml</code>{{if .Dismissed}} ({{.Dismissed}} dismissed so far){{end}}.</p>
{{if .Page}}<p><a href="{{.Prefix}}suggestions">All pages' connections</a></p>{{end}}
{{if not .Groups}}<p>No suggestions{{if .Page}} for this page{{end}}.</p>{{end}}
{{range .Groups}}<section class="trellis-group">
<h2><a href="{{.URL}}">{{.From.Title}}</a> <span class="trellis-code">{{.From.File}}</span></h2>
<ol class="trellis-suggestions">{{range .Suggestions}}<li>
<p><a href="{{.URL}}">{{.To.Title}}</a> <span class="trellis-code">{{.To.File}} · score {{printf "%.3f" .Score}}</span></p>
{{with .Reason}}<p class="trellis-message">{{.}}</p>{{end}}
<p class="trellis-hint">accept: {{.Accept}}</p>
<details><summary>Dismiss</summary><pre class="trellis-excerpt"><code>{{.Dismiss}}</code></pre></details>
</li>{{end}}</ol>
</section>{{end}}
</main>
</body>
</html>
`))

// serveSuggestions shows the panel for the last good build: every page's
// suggestions, or, with ?page=/path/, those of one page either way.
func (s *Server) serveSuggestions(w http.ResponseWriter, r *http.Request, st *state) {
	pf := st.pf
	dismissed, _ := analysis.LoadDismissed(s.opt.Source, pf) // the build reports its warnings
	all := analysis.Suggest(pf, analysis.Options{Dismissed: dismissed})
	url := func(p *content.Page) string { return pf.Config.URL(p.Path()) }
	data := map[string]any{"Prefix": Prefix, "File": analysis.DismissedFile, "Dismissed": dismissed.Len()}
	list := all.All()
	if want := r.URL.Query().Get("page"); want != "" {
		p := pageAt(pf, want)
		if p == nil {
			http.Error(w, "no page at "+want, http.StatusNotFound)
			return
		}
		data["Page"] = p
		list = all.For(p)
	}
	var groups []panelGroup
	for _, x := range list {
		if len(groups) == 0 || groups[len(groups)-1].From != x.From {
			groups = append(groups, panelGroup{From: x.From, URL: url(x.From)})
		}
		g := &groups[len(groups)-1]
		g.Suggestions = append(g.Suggestions, panelItem{To: x.To, URL: url(x.To), Score: x.Score, Reason: x.Why.String(), Accept: x.Accept(),
			Dismiss: "dismissed:\n  - from: " + x.From.File + "\n    to: " + x.To.File + "\n    note: why they are not connected"})
	}
	data["Groups"] = groups
	var b bytes.Buffer
	if err := panelTmpl.Execute(&b, data); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	s.write(w, r, http.StatusOK, "suggestions.html", b.Bytes(), st.gen)
}

// pageAt is the published page at a site path ("/initiatives/bike-library/",
// with or without the base path), or nil.
func pageAt(pf *portfolio.Portfolio, path string) *content.Page {
	path = strings.TrimPrefix(path, pf.Config.BasePath())
	path = strings.TrimPrefix(path, "/")
	if path != "" && !strings.HasSuffix(path, "/") {
		path += "/"
	}
	for _, p := range pf.Pages {
		if p.Path() == path {
			return p
		}
	}
	return nil
}
