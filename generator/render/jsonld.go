package render

import (
	"encoding/json"
	"html/template"
	"sort"
	"strconv"

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

func (s *Site) pageLD(p *content.Page) map[string]any {
	url := s.Abs(p.Path())
	d := map[string]any{"@id": url, "url": url, "name": p.Title, "identifier": p.StableID()}
	if sum := s.PF.Summary(p); sum != "" {
		d["description"] = sum
	}
	if !p.Date.IsZero() {
		d["datePublished"] = p.Date.String()
	}
	if u := p.LastUpdated(); !u.IsZero() {
		d["dateModified"] = u.String()
	}
	ref := func(q *content.Page) map[string]any {
		return map[string]any{"@id": s.Abs(q.Path()), "name": q.Title}
	}
	refs := func(field string) []any {
		var out []any
		for _, q := range s.PF.Targets(p, field) {
			out = append(out, ref(q))
		}
		return out
	}
	switch p.Kind {
	case content.KindInitiative:
		d["@type"] = "Project"
		if lead := s.PF.Targets(p, "lead"); len(lead) > 0 {
			d["parentOrganization"] = ref(lead[0])
		}
		var funders []any
		for _, q := range s.PF.Targets(p, "funding.source") {
			funders = append(funders, map[string]any{"@type": "Organization", "@id": s.Abs(q.Path()), "name": q.Title})
		}
		if len(funders) > 0 {
			d["funder"] = funders
		}
		if in := refs("intents"); len(in) > 0 {
			d["about"] = in
		}
		if len(p.Places) > 0 {
			d["areaServed"] = p.Places
		}
		if !p.Start.IsZero() {
			d["foundingDate"] = p.Start.String()
		}
	case content.KindLearning:
		d["@type"] = "Article"
		d["headline"] = p.Title
		about := append(refs("initiatives"), refs("intents")...)
		if len(about) > 0 {
			d["about"] = about
		}
	case content.KindDecision:
		d["@type"] = "ChooseAction"
		d["actionStatus"] = "CompletedActionStatus"
		d["startTime"] = p.Date.String()
		if by := s.PF.Targets(p, "decided_by"); len(by) > 0 {
			d["agent"] = map[string]any{"@type": "Organization", "@id": s.Abs(by[0].Path()), "name": by[0].Title}
		}
		if obj := refs("initiatives"); len(obj) > 0 {
			d["object"] = obj
		}
		d["result"] = p.Outcome
	case content.KindNarrative:
		if p.Quote != "" && p.Consent.Allows("quote") {
			d["@type"] = "Quotation"
			d["text"] = p.Quote
		} else {
			d["@type"] = "CreativeWork"
		}
		if !p.Hidden() && p.Teller != "" {
			d["creator"] = map[string]any{"@type": "Person", "name": p.Teller}
		}
		about := append(refs("initiatives"), refs("intents")...)
		if len(about) > 0 {
			d["about"] = about
		}
		if p.Place != "" {
			d["contentLocation"] = map[string]any{"@type": "Place", "name": p.Place}
		}
	case content.KindSource:
		if vid := p.VideoID(); vid != "" {
			d["@type"] = "VideoObject"
			d["embedUrl"] = "https://www.youtube-nocookie.com/embed/" + vid
			d["contentUrl"] = VideoURL(vid, 0)
			if !p.Date.IsZero() {
				d["uploadDate"] = p.Date.String()
			}
			var clips []any
			for i, m := range s.Moments(p) {
				c := map[string]any{"@type": "Clip", "name": "Cited at " + m.At, "startOffset": m.Seconds, "url": m.URL}
				if m.By != nil {
					c["name"] = m.By.Title + " (" + m.At + ")"
				}
				c["position"] = i + 1
				clips = append(clips, c)
			}
			if len(clips) > 0 {
				d["hasPart"] = clips
			}
		} else {
			d["@type"] = "CreativeWork"
			if p.URL != "" {
				d["sameAs"] = p.URL
			}
		}
		if pub := s.PF.Targets(p, "publisher"); len(pub) > 0 {
			d["publisher"] = map[string]any{"@type": "Organization", "@id": s.Abs(pub[0].Path()), "name": pub[0].Title}
		}
	case content.KindOrganisation:
		d["@type"] = "Organization"
		if p.Website != "" {
			d["sameAs"] = p.Website
		}
		if parent := s.PF.Targets(p, "parent"); len(parent) > 0 {
			d["parentOrganization"] = ref(parent[0])
		}
	case content.KindIntent:
		d["@type"] = "CreativeWork"
		d["genre"] = "intent"
		if in := s.Initiatives(p); len(in) > 0 {
			var subj []any
			for _, q := range in {
				subj = append(subj, ref(q))
			}
			d["subjectOf"] = subj
		}
	default:
		d["@type"] = "WebPage"
	}
	return d
}
