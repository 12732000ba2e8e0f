package render

import (
	"bytes"
	"encoding/xml"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/trellis-ssg/trellis/generator/content"
)

type atomFeed struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	// Lang is the feed's language, on a multilingual site.
	Lang    string      `xml:"http://www.w3.org/XML/1998/namespace lang,attr,omitempty"`
	Title   string      `xml:"title"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Author  *atomPerson `xml:"author,omitempty"`
	Rights  string      `xml:"rights,omitempty"`
	// Archive marks an archive document (RFC 5005, section 4).
	Archive *struct{}   `xml:"http://purl.org/syndication/history/1.0 archive,omitempty"`
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
	Title     string     `xml:"title"`
	ID        string     `xml:"id"`
	Published string     `xml:"published"`
	Updated   string     `xml:"updated"`
	Link      atomLink   `xml:"link"`
	Summary   string     `xml:"summary,omitempty"`
	Category  []atomCat  `xml:"category"`
	Author    atomPerson `xml:"author"`
}

type atomCat struct {
	Term string `xml:"term,attr"`
}

type urlset struct {
	XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	// XHTML declares the xhtml: prefix of the alternates, when there are
	// any (a multilingual site's).
	XHTML string       `xml:"xmlns:xhtml,attr,omitempty"`
	URLs  []sitemapURL `xml:"url"`
}

// xhtmlNS is the namespace of a sitemap's alternate links.
const xhtmlNS = "http://www.w3.org/1999/xhtml"

type sitemapURL struct {
	Loc        string        `xml:"loc"`
	LastMod    string        `xml:"lastmod,omitempty"`
	Alternates []sitemapLink `xml:"xhtml:link"`
}

// sitemapLink is a page's version in another language (Google's
// xhtml:link extension of the sitemap protocol).
type sitemapLink struct {
	Rel      string `xml:"rel,attr"`
	HrefLang string `xml:"hreflang,attr"`
	Href     string `xml:"href,attr"`
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

// archivePath is the site path of a feed's nth archive document, 1 the oldest.
func archivePath(feed string, n int) string {
	return strings.TrimSuffix(feed, ".xml") + "-archive-" + strconv.Itoa(n) + ".xml"
}

// archiveGlob matches the site paths of every archive document of a feed,
// in _headers' splat syntax.
func archiveGlob(feed string) string {
	return strings.TrimSuffix(feed, ".xml") + "-archive-*"
}

// FeedDates are when a feed entry was first published and last changed,
// from the page's own dates: published is its date (or the first step of
// its status history, or when its story was collected); updated is its
// `updated` field, or else the newest of those dates, or else the last
// commit of its file, or else fallback.
func FeedDates(p *content.Page, fallback time.Time) (published, updated time.Time) {
	var dates []time.Time
	if !p.Date.IsZero() {
		dates = append(dates, p.Date.Time)
	}
	for _, h := range p.StatusHistory {
		if !h.Date.IsZero() {
			dates = append(dates, h.Date.Time)
		}
	}
	if p.Collected != nil && !p.Collected.Date.IsZero() {
		dates = append(dates, p.Collected.Date.Time)
	}
	switch {
	case !p.Updated.IsZero():
		updated = p.Updated.Time
	case len(dates) > 0:
		updated = slices.MaxFunc(dates, time.Time.Compare)
	case !p.Committed.IsZero():
		updated = p.Committed.Time
	default:
		updated = fallback
	}
	switch {
	case !p.Date.IsZero():
		published = p.Date.Time
	case len(dates) > 0:
		published = slices.MinFunc(dates, time.Time.Compare)
	default:
		published = updated
	}
	if published.After(updated) {
		updated = published
	}
	return published, updated
}

// feedEntry is a page with its feed dates.
type feedEntry struct {
	page               *content.Page
	published, updated time.Time
}

// feedEntries are the pages of a kind ("" for every kind), most recently
// updated first.
func (s *Site) feedEntries(kind content.Kind) []feedEntry {
	var out []feedEntry
	for _, p := range s.PF.Pages {
		if s.PF.Foreign(p) {
			continue // a language's feeds follow its own pages
		}
		if kind == "" || p.Kind == kind {
			pub, upd := FeedDates(p, s.Generated)
			out = append(out, feedEntry{p, pub, upd})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].updated.Equal(out[j].updated) {
			return out[i].updated.After(out[j].updated)
		}
		return out[i].page.Path() < out[j].page.Path()
	})
	return out
}

// feeds writes the Atom feed of all changes and one per kind, with their
// archive documents, sitemap.xml of views and robots.txt.
//
// A feed shows its newest entries; older ones are in archive documents
// (RFC 5005): whole pages of feeds.entries entries, counted from the
// oldest, so that an archive keeps its entries as new ones arrive. The
// subscription document links to the newest archive (prev-archive), each
// archive to the next older and newer ones and to the subscription
// document (current); it holds between one and two pages of entries.
func (r *Renderer) feeds(s *Site, out Output) (int, error) {
	var failed errs
	n := 0
	kinds := append([]content.Kind{""}, content.Kinds...)
	per := s.Config.Feeds.Entries
	for _, k := range kinds {
		entries := s.feedEntries(k)
		title := s.Config.Title + " — " + s.T("feed.title")
		if k != "" {
			title = s.Config.Title + " — " + s.T("kind."+string(k)+".plural")
		}
		name := s.Config.Prefix() + FeedPath(k)
		// Oldest first, whole pages of per entries go to archives.
		archives := 0
		if len(entries) > per {
			archives = (len(entries) - per) / per
		}
		keep := len(entries) - archives*per
		feed := s.atom(name, name, title, entries[:keep])
		if archives > 0 {
			feed.Links = append(feed.Links, atomLink{Rel: "prev-archive", Href: s.Abs(archivePath(name, archives)), Type: "application/atom+xml"})
		}
		failed.add(writeXML(out, name, feed))
		n++
		for a := 1; a <= archives; a++ {
			// Archive a holds the a-th page from the oldest, newest first.
			lo := len(entries) - a*per
			page := entries[lo : lo+per]
			path := archivePath(name, a)
			arch := s.atom(name, path, title, page)
			arch.Archive = &struct{}{}
			arch.Links = append(arch.Links, atomLink{Rel: "current", Href: s.Abs(name), Type: "application/atom+xml"})
			if a > 1 {
				arch.Links = append(arch.Links, atomLink{Rel: "prev-archive", Href: s.Abs(archivePath(name, a-1)), Type: "application/atom+xml"})
			}
			next := s.Abs(name)
			if a < archives {
				next = s.Abs(archivePath(name, a+1))
				arch.Links = append(arch.Links, atomLink{Rel: "next-archive", Href: next, Type: "application/atom+xml"})
			}
			failed.add(writeXML(out, path, arch))
			n++
		}
	}
	return n, failed.err()
}

// sitemap writes sitemap.xml of every language's views, each with its
// versions in the other languages (xhtml:link, as search engines read
// them), and robots.txt.
func (r *Renderer) sitemap(s *Site, out Output, views []Job) (int, error) {
	var failed errs
	// Every page a reader can land on, with the date its content last
	// changed: entities, lists, taxonomy terms, the map, the open data page.
	var sm urlset
	for _, j := range views {
		if !j.View.NoIndex {
			u := sitemapURL{Loc: s.Abs(j.View.Path), LastMod: j.View.Updated.String()}
			for _, a := range j.View.Site.HrefLangs(j.View) {
				u.Alternates = append(u.Alternates, sitemapLink{Rel: "alternate", HrefLang: a.Lang, Href: a.Abs})
			}
			if len(u.Alternates) > 0 {
				sm.XHTML = xhtmlNS
			}
			sm.URLs = append(sm.URLs, u)
		}
	}
	failed.add(writeXML(out, "sitemap.xml", sm))
	robots := "User-agent: *\nAllow: /\n\nSitemap: " + s.Abs("sitemap.xml") + "\n"
	failed.add(out.WriteFile("robots.txt", []byte(robots)))
	return 2, failed.err()
}

// atom is the Atom document at path of the feed at name, with entries.
func (s *Site) atom(name, path, title string, entries []feedEntry) atomFeed {
	updated := s.Generated
	if len(entries) > 0 {
		updated = entries[0].updated
	}
	feed := atomFeed{
		Title:   title,
		ID:      s.Abs(path),
		Updated: atomTime(updated),
		Links:   []atomLink{{Rel: "self", Href: s.Abs(path), Type: "application/atom+xml"}, {Rel: "alternate", Href: s.Abs(s.Config.Prefix()), Type: "text/html"}},
		Rights:  s.Config.Licence.Content,
	}
	if s.Config.Multilingual() {
		feed.Lang = s.Lang()
	}
	author := atomPerson{Name: s.Config.Title}
	if s.Config.Steward.Name != "" {
		author = atomPerson{Name: s.Config.Steward.Name, Email: s.Config.Steward.Email}
	}
	feed.Author = &author
	for _, e := range entries {
		p := e.page
		feed.Entries = append(feed.Entries, atomEntry{
			Title: p.Title, ID: s.Abs(p.Path()), Published: atomTime(e.published), Updated: atomTime(e.updated),
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

// FeedKinds are the kinds with a feed of their own, for the /data/ page.
func (s *Site) FeedKinds() []content.Kind { return content.Kinds }
