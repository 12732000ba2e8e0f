package render

import (
	"encoding/json"
	"html/template"
	"sort"
	"strconv"
	"strings"

	"github.com/trellis-ssg/trellis/generator/content"
)

// JSONLD is the schema.org description of a view's page, for search engines
// and harvesters, as a JSON data block. encoding/json escapes <, > and &, so
// editor text cannot close the element it sits in.
func (v *View) JSONLD() template.JS {
	s := v.Site
	var d map[string]any
	if v.Page == nil {
		switch v.Name {
		case "home":
			d = map[string]any{"@type": "WebSite", "name": s.Config.Title, "url": s.Abs(""), "description": s.Config.Description}
		case "404", "alias":
			return ""
		default:
			d = map[string]any{"@type": "CollectionPage", "name": v.Title, "url": s.Abs(v.Path)}
		}
	} else {
		d = s.pageLD(v.Page)
	}
	d["@context"] = "https://schema.org"
	b, err := appendLD(make([]byte, 0, 1024), d)
	if err != nil {
		return ""
	}
	return template.JS(b)
}

// appendLD writes v as encoding/json would (object keys sorted, <, > and &
// escaped), without its reflection: the values pageLD makes are maps,
// slices, strings and ints. Any other value is left to encoding/json.
func appendLD(b []byte, v any) ([]byte, error) {
	switch v := v.(type) {
	case map[string]any:
		if v == nil {
			return append(b, "null"...), nil
		}
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		b = append(b, '{')
		for i, k := range keys {
			if i > 0 {
				b = append(b, ',')
			}
			var err error
			if b, err = appendLD(b, k); err != nil {
				return b, err
			}
			b = append(b, ':')
			if b, err = appendLD(b, v[k]); err != nil {
				return b, err
			}
		}
		return append(b, '}'), nil
	case []any:
		if v == nil {
			return append(b, "null"...), nil
		}
		b = append(b, '[')
		for i, x := range v {
			if i > 0 {
				b = append(b, ',')
			}
			var err error
			if b, err = appendLD(b, x); err != nil {
				return b, err
			}
		}
		return append(b, ']'), nil
	case []string:
		if v == nil {
			return append(b, "null"...), nil
		}
		b = append(b, '[')
		for i, x := range v {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendLDString(b, x)
		}
		return append(b, ']'), nil
	case string:
		return appendLDString(b, v), nil
	case int:
		return strconv.AppendInt(b, int64(v), 10), nil
	}
	j, err := json.Marshal(v)
	return append(b, j...), err
}

// appendLDString writes a JSON string as encoding/json does: plain ASCII
// as it is, anything else through encoding/json.
func appendLDString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x80 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			j, _ := json.Marshal(s)
			return append(b, j...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// pageLD describes an entity's page: a WebPage (with its dates, language
// and site) whose mainEntity is the entity, typed as schema.org documents
// its types. Every property is one schema.org allows on its type (checked
// against the vocabulary release in the tests), references carry the type
// of what they point to, and enumerations are schema.org IRIs.
func (s *Site) pageLD(p *content.Page) map[string]any {
	url := s.Abs(p.Path())
	d := map[string]any{"@type": "WebPage", "@id": url, "url": url, "name": p.Title, "inLanguage": s.Config.Language,
		"isPartOf": map[string]any{"@type": "WebSite", "@id": s.Abs(""), "name": s.Config.Title}}
	if sum := s.PF.Summary(p); sum != "" {
		d["description"] = sum
	}
	if !p.Date.IsZero() {
		d["datePublished"] = p.Date.String()
	}
	if u := p.LastUpdated(); !u.IsZero() {
		d["dateModified"] = u.String()
	}
	if p.Kind != content.KindPage {
		d["mainEntity"] = s.entityLD(p)
	}
	// On a site in several languages, the page names its versions: the
	// original its translations, a translation its original.
	if vs := s.PF.Versions(p); len(vs) > 1 {
		if p == vs[0] {
			var trs []any
			for _, v := range vs[1:] {
				trs = append(trs, map[string]any{"@type": "WebPage", "@id": s.Abs(v.Path()), "inLanguage": v.Lang})
			}
			d["workTranslation"] = trs
		} else {
			d["translationOfWork"] = map[string]any{"@type": "WebPage", "@id": s.Abs(vs[0].Path()), "inLanguage": vs[0].Lang}
		}
	}
	return d
}

// ldType is the schema.org type an entity is described as.
func ldType(p *content.Page) string {
	switch p.Kind {
	case content.KindIntent, content.KindInitiative:
		return "Project"
	case content.KindLearning:
		return "Article"
	case content.KindDecision:
		return "ChooseAction"
	case content.KindNarrative:
		if p.Quote != "" && p.Consent.Allows("quote") {
			return "Quotation"
		}
		return "CreativeWork"
	case content.KindSource:
		if p.VideoID() != "" {
			return "VideoObject"
		}
		return "CreativeWork"
	case content.KindOrganisation:
		return "Organization"
	}
	return "WebPage"
}

// ldID is the IRI of the entity a page describes: the page's address with
// the kind as fragment, so that the thing and its page are two nodes.
func (s *Site) ldID(p *content.Page) string {
	if p.Kind == content.KindPage {
		return s.Abs(p.Path())
	}
	return s.Abs(p.Path()) + "#" + string(p.Kind)
}

// ldRef is a reference to another entity, with its type and name.
func (s *Site) ldRef(q *content.Page) map[string]any {
	return map[string]any{"@id": s.ldID(q), "@type": ldType(q), "name": q.Title}
}

// ldRefs are the references from p through fields, once each, or nil.
func (s *Site) ldRefs(p *content.Page, fields ...string) []any {
	var out []any
	seen := map[*content.Page]bool{}
	for _, f := range fields {
		for _, q := range s.PF.Targets(p, f) {
			if !seen[q] {
				seen[q] = true
				out = append(out, s.ldRef(q))
			}
		}
	}
	return out
}

// ldReferrers are the references to p from pages of kind k, or nil.
func (s *Site) ldReferrers(p *content.Page, k content.Kind, fields ...string) []any {
	var out []any
	for _, q := range s.PF.Referrers(p, k, fields...) {
		out = append(out, s.ldRef(q))
	}
	return out
}

func (s *Site) entityLD(p *content.Page) map[string]any {
	d := map[string]any{"@type": ldType(p), "@id": s.ldID(p), "url": s.Abs(p.Path()), "name": p.Title, "identifier": p.StableID()}
	if sum := s.PF.Summary(p); sum != "" {
		d["description"] = sum
	}
	set := func(key string, v []any) {
		if len(v) > 0 {
			d[key] = v
		}
	}
	switch p.Kind {
	case content.KindIntent:
		// A mission: a project whose members are the initiatives serving it.
		set("parentOrganization", s.ldRefs(p, "parent"))
		set("founder", s.ldRefs(p, "owners"))
		var members []any
		for _, q := range s.Initiatives(p) {
			members = append(members, s.ldRef(q))
		}
		set("member", members)
		if len(p.Systems) > 0 {
			d["keywords"] = strings.Join(p.Systems, ", ")
		}
	case content.KindInitiative:
		set("memberOf", s.ldRefs(p, "intents"))
		set("parentOrganization", s.ldRefs(p, "lead"))
		set("member", s.ldRefs(p, "partners.org"))
		set("funder", s.ldRefs(p, "funding.source"))
		set("subjectOf", append(s.ldReferrers(p, content.KindLearning), s.ldReferrers(p, content.KindNarrative)...))
		if len(p.Places) > 0 {
			d["areaServed"] = p.Places
		}
		if len(p.Systems) > 0 {
			d["keywords"] = strings.Join(p.Systems, ", ")
		}
		if !p.Start.IsZero() {
			d["foundingDate"] = p.Start.String()
		}
		if !p.End.IsZero() {
			d["dissolutionDate"] = p.End.String()
		}
	case content.KindLearning:
		d["headline"] = p.Title
		set("about", s.ldRefs(p, "initiatives", "intents"))
		set("isBasedOn", s.ldRefs(p, "evidence.narrative", "evidence.source"))
		if !p.Date.IsZero() {
			d["datePublished"] = p.Date.String()
		}
	case content.KindDecision:
		d["actionStatus"] = "https://schema.org/CompletedActionStatus"
		set("agent", s.ldRefs(p, "decided_by"))
		set("object", s.ldRefs(p, "initiatives", "intents"))
		set("instrument", s.ldRefs(p, "learnings", "narratives"))
		d["result"] = map[string]any{"@type": "DefinedTerm", "name": p.Outcome, "termCode": p.Outcome}
	case content.KindNarrative:
		if d["@type"] == "Quotation" {
			d["text"] = p.Quote
		}
		if !p.Hidden() && p.Teller != "" {
			d["author"] = map[string]any{"@type": "Person", "name": p.Teller}
		}
		set("about", s.ldRefs(p, "initiatives", "intents"))
		set("isBasedOn", s.ldRefs(p, "source"))
		if p.Place != "" {
			d["contentLocation"] = map[string]any{"@type": "Place", "name": p.Place}
		}
		if !p.Date.IsZero() {
			d["datePublished"] = p.Date.String()
		}
	case content.KindSource:
		if vid := p.VideoID(); vid != "" {
			d["embedUrl"] = "https://www.youtube-nocookie.com/embed/" + vid
			d["contentUrl"] = VideoURL(vid, 0)
			if !p.Date.IsZero() {
				d["uploadDate"] = p.Date.String()
			}
			var clips []any
			for i, m := range s.Moments(p) {
				c := map[string]any{"@type": "Clip", "name": "Cited at " + m.At, "startOffset": m.Seconds, "url": m.URL, "position": i + 1}
				if m.By != nil {
					c["name"] = m.By.Title + " (" + m.At + ")"
				}
				clips = append(clips, c)
			}
			set("hasPart", clips)
		} else if p.URL != "" {
			d["sameAs"] = p.URL
		}
		if !p.Date.IsZero() {
			d["datePublished"] = p.Date.String()
		}
		set("publisher", s.ldRefs(p, "publisher"))
	case content.KindOrganisation:
		if p.Website != "" {
			d["sameAs"] = p.Website
		}
		set("parentOrganization", s.ldRefs(p, "parent"))
	}
	return d
}
