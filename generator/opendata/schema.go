package opendata

import (
	"strings"

	"github.com/trellis-ssg/trellis/generator/content"
)

// Schema is the JSON Schema of portfolio.json: each entity's fields follow
// its kind's front matter schema, with every reference written as the id
// of the entity it points to.
func Schema(statuses []string) map[string]any {
	var kinds []any
	var variants []any
	for _, k := range append([]content.Kind{content.KindPage}, content.Kinds...) {
		kinds = append(kinds, string(k))
		fields := objectSchema(dataFields(k), statuses)
		variants = append(variants, map[string]any{
			"if":   map[string]any{"properties": map[string]any{"kind": map[string]any{"const": string(k)}}},
			"then": map[string]any{"properties": map[string]any{"fields": fields}},
		})
	}
	id := map[string]any{"type": "string", "description": "The stable id of an entity: the key of every data file."}
	link := map[string]any{"type": "object", "required": []string{"id", "field"}, "additionalProperties": false,
		"properties": map[string]any{"id": id, "field": map[string]any{"type": "string", "description": "Where the reference is written: a front matter field such as intents or partners.org, or body."},
			"relation": map[string]any{"type": "string", "description": "A partner's role or an initiative relation."}}}
	entity := map[string]any{
		"type":                 "object",
		"required":             []string{"id", "kind", "slug", "url", "title", "fields", "links_to", "linked_from"},
		"additionalProperties": false,
		"properties": map[string]any{
			"id": id, "kind": map[string]any{"enum": kinds}, "slug": map[string]any{"type": "string"},
			"url": map[string]any{"type": "string", "format": "uri"}, "title": map[string]any{"type": "string"}, "fields": map[string]any{"type": "object"},
			"links_to": map[string]any{"type": "array", "items": link}, "linked_from": map[string]any{"type": "array", "items": link},
			"lang":         map[string]any{"type": "string", "description": "On a site in several languages, the BCP 47 code of the language the entity is written in: the site's default."},
			"translations": map[string]any{"type": "array", "items": translationSchema},
		},
		"allOf": variants,
	}
	return map[string]any{
		"$schema": "https://json-schema.org/draft/2020-12/schema",
		"title":   "trellis portfolio",
		"type":    "object", "required": []string{"title", "entities"}, "additionalProperties": false,
		"properties": map[string]any{
			"title": map[string]any{"type": "string"}, "url": map[string]any{"type": "string"}, "licence": map[string]any{"type": "string"},
			"licence_url": map[string]any{"type": "string"}, "generated": map[string]any{"type": "string", "format": "date"},
			"entities": map[string]any{"type": "array", "items": entity},
		},
	}
}

// objectSchema is the schema of an object of fields as exported. A field
// is required when front matter requires it, except a reference, which is
// left out when its target is not published.
func objectSchema(fields []content.Field, statuses []string) map[string]any {
	props := map[string]any{}
	var req []string
	for _, f := range fields {
		p := typeSchema(f.Type, statuses)
		p["description"] = f.Doc
		props[f.Name] = p
		if f.Required && !hasRef(f.Type) && f.Name != "teller" {
			req = append(req, f.Name)
		}
	}
	if _, ok := props["video_id"]; ok {
		// A source's videoId is exported as video_id.
		delete(props, "videoId")
	}
	s := map[string]any{"type": "object", "properties": props, "additionalProperties": false}
	if len(req) > 0 {
		s["required"] = req
	}
	return s
}

func hasRef(t content.Type) bool {
	switch t.Kind {
	case content.TRef:
		return true
	case content.TList:
		return hasRef(*t.Elem)
	}
	return false
}

func typeSchema(t content.Type, statuses []string) map[string]any {
	switch t.Kind {
	case content.TInt:
		return map[string]any{"type": "integer"}
	case content.TNumber:
		return map[string]any{"type": "number"}
	case content.TBool:
		return map[string]any{"type": "boolean"}
	case content.TDate:
		return map[string]any{"type": "string", "format": "date"}
	case content.TTimestamp:
		return map[string]any{"type": "string", "pattern": `^(\d{1,2}:)?\d{1,2}:\d{2}$`}
	case content.TURL:
		return map[string]any{"type": "string", "format": "uri"}
	case content.TEmail:
		return map[string]any{"type": "string", "format": "email"}
	case content.TEnum:
		return map[string]any{"type": "string", "enum": t.Enum}
	case content.TStatus:
		return map[string]any{"type": "string", "enum": statuses}
	case content.TRef:
		var kinds []string
		for _, k := range t.Ref {
			kinds = append(kinds, string(k))
		}
		return map[string]any{"type": "string", "description": "The id of the " + strings.Join(kinds, " or ") + " referred to."}
	case content.TList:
		return map[string]any{"type": "array", "items": typeSchema(*t.Elem, statuses), "minItems": 1}
	case content.TObject:
		return objectSchema(t.Fields, statuses)
	}
	return map[string]any{"type": "string"}
}
