package render

import (
	"bytes"
	"encoding/xml"
	"sort"
	"time"

	"github.com/trellis-ssg/trellis/generator/content"
)

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Title   string      `xml:"title"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Author  *atomPerson `xml:"author,omitempty"`
	Rights  string      `xml:"rights,omitempty"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Href string `xml:"href,attr"`
	Type string `xml:"type,attr,omitempty"`
}

type atomPerson struct {
	Name  string `xml:"name"`
	Email string `xml:"email,omitempty"`
}

type atomEntry struct {
	Title    string     `xml:"title"`
	ID       string     `xml:"id"`
	Updated  string     `xml:"updated"`
	Link     atomLink   `xml:"link"`
	Summary  string     `xml:"summary,omitempty"`
	Category []atomCat  `xml:"category"`
	Author   atomPerson `xml:"author"`
}

type atomCat struct {
	Term string `xml:"term,attr"`
}

type urlset struct {
	XMLName xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

// Changes returns the pages of a kind ("" for every kind), most recently
// updated first.
func (s *Site) Changes(kind content.Kind, n int) []*content.Page {
	var items []*content.Page
	for _, p := range s.PF.Pages {
		if kind == "" || p.Kind == kind {
			items = append(items, p)
		}
	}
	sort.SliceStable(items, func(i, j int) bool {
		a, b := items[i].LastUpdated(), items[j].LastUpdated()
		if !a.Equal(b.Time) {
			return a.After(b.Time)
		}
		return items[i].Path() < items[j].Path()
	})
	if n > 0 && len(items) > n {
		items = items[:n]
	}
	return items
}

// FeedPath is the site path of a kind's Atom feed; "" gives the feed of all changes.
func FeedPath(kind content.Kind) string {
	if kind == "" {
		return "feed.xml"
	}
	return kind.Folder() + "/feed.xml"
}

// feeds writes the Atom feed of all changes and one per kind, sitemap.xml
// and robots.txt.
func (r *Renderer) feeds(s *Site, out Output) (int, error) {
	var failed errs
	n := 0
	kinds := append([]content.Kind{""}, content.Kinds...)
	for _, k := range kinds {
		items := s.Changes(k, 50)
		title := s.Config.Title + " — " + s.T("feed.title")
		if k != "" {
			title = s.Config.Title + " — " + s.T("kind."+string(k)+".plural")
		}
		failed.add(writeXML(out, FeedPath(k), s.atom(FeedPath(k), title, items)))
		n++
	}
	sm := urlset{URLs: []sitemapURL{{Loc: s.Abs("")}}}
	for _, p := range s.PF.Pages {
		sm.URLs = append(sm.URLs, sitemapURL{Loc: s.Abs(p.Path()), LastMod: p.LastUpdated().String()})
	}
	for _, k := range content.Kinds {
		if len(s.PF.Of(k)) > 0 {
			sm.URLs = append(sm.URLs, sitemapURL{Loc: s.Abs(k.Folder() + "/")})
		}
	}
	failed.add(writeXML(out, "sitemap.xml", sm))
	robots := "User-agent: *\nAllow: /\n\nSitemap: " + s.Abs("sitemap.xml") + "\n"
	failed.add(out.WriteFile("robots.txt", []byte(robots)))
	return n + 2, failed.err()
}

func (s *Site) atom(name, title string, items []*content.Page) atomFeed {
	updated := s.Generated
	if len(items) > 0 {
		updated = items[0].LastUpdated().Time
	}
	feed := atomFeed{
		Title:   title,
		ID:      s.Abs(name),
		Updated: atomTime(updated),
		Links:   []atomLink{{Rel: "self", Href: s.Abs(name), Type: "application/atom+xml"}, {Rel: "alternate", Href: s.Abs(""), Type: "text/html"}},
		Rights:  s.Config.Licence.Content,
	}
	author := atomPerson{Name: s.Config.Title}
	if s.Config.Steward.Name != "" {
		author = atomPerson{Name: s.Config.Steward.Name, Email: s.Config.Steward.Email}
	}
	for _, p := range items {
		feed.Entries = append(feed.Entries, atomEntry{
			Title: p.Title, ID: s.Abs(p.Path()), Updated: atomTime(p.LastUpdated().Time),
			Link: atomLink{Href: s.Abs(p.Path()), Rel: "alternate"}, Summary: s.PF.Summary(p),
			Category: []atomCat{{Term: string(p.Kind)}}, Author: author,
		})
	}
	return feed
}

func atomTime(t time.Time) string {
	if t.IsZero() {
		t = time.Unix(0, 0)
	}
	return t.UTC().Format(time.RFC3339)
}

func writeXML(out Output, name string, v any) error {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", " ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	b.WriteByte('\n')
	return out.WriteFile(name, b.Bytes())
}
