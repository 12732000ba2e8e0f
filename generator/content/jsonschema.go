package content

import "encoding/json"

// JSONSchema returns the JSON Schema (draft 2020-12) of a kind's front
// matter, generated from the schema the validator uses. Editors' YAML
// language servers use it to complete and check fields as they type.
// statuses is the site's initiative status vocabulary.
func JSONSchema(k Kind, statuses []string) map[string]any {
	s := objectSchema(Fields(k), statuses)
	s["$schema"] = "https://json-schema.org/draft/2020-12/schema"
	s["$id"] = "https://trellis.example/schema/" + string(k) + ".json"
	s["title"] = "trellis " + string(k) + " front matter"
	// Unknown fields are warnings, not errors, in trellis; say so to editors too.
	s["additionalProperties"] = true
	return s
}

// SchemaJSON is JSONSchema as the file trellis schema and trellis init
// write: indented JSON ending in a newline.
func SchemaJSON(k Kind, statuses []string) ([]byte, error) {
	b, err := json.MarshalIndent(JSONSchema(k, statuses), "", "  ")
	return append(b, '\n'), err
}

func objectSchema(fields []Field, statuses []string) map[string]any {
	props := map[string]any{}
	var required []string
	for _, f := range fields {
		p := typeSchema(f.Type, statuses)
		p["description"] = f.Doc
		props[f.Name] = p
		if f.Required {
			required = append(required, f.Name)
		}
	}
	s := map[string]any{"type": "object", "properties": props, "additionalProperties": false}
	if len(required) > 0 {
		s["required"] = required
	}
	return s
}

func typeSchema(t Type, statuses []string) map[string]any {
	switch t.Kind {
	case TString, TText:
		return map[string]any{"type": "string"}
	case TInt:
		return map[string]any{"type": "integer"}
	case TNumber:
		return map[string]any{"type": "number"}
	case TBool:
		return map[string]any{"type": "boolean"}
	case TDate:
		return map[string]any{"type": "string", "pattern": `^\d{4}-\d{2}-\d{2}([T ].*)?$`}
	case TTimestamp:
		return map[string]any{"type": "string", "pattern": `^(\d{1,2}:)?\d{1,2}:\d{2}$`}
	case TURL:
		return map[string]any{"type": "string", "format": "uri", "pattern": "^https?://"}
	case TEmail:
		return map[string]any{"type": "string", "format": "email"}
	case TEnum:
		return map[string]any{"type": "string", "enum": t.Enum}
	case TStatus:
		return map[string]any{"type": "string", "enum": statuses}
	case TRef:
		return map[string]any{"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"}
	case TPath:
		return map[string]any{"type": "string"}
	case TList:
		item := typeSchema(*t.Elem, statuses)
		// A single value is read as a list of one.
		return map[string]any{"anyOf": []any{map[string]any{"type": "array", "items": item}, item}}
	case TObject:
		obj := objectSchema(t.Fields, statuses)
		if t.Short != "" {
			for _, f := range t.Fields {
				if f.Name == t.Short {
					return map[string]any{"anyOf": []any{obj, typeSchema(f.Type, statuses)}}
				}
			}
		}
		return obj
	}
	return map[string]any{}
}

// Archetype returns the default front matter skeleton of a new page of
// kind k: its required fields, with placeholders an editor replaces. A
// required object (a story's consent) is written with every field present
// and empty: nothing in it may be filled in by the tool.
func Archetype(k Kind) string {
	var b []byte
	b = append(b, "---\ntitle: {{ .Title | printf \"%q\" }}\n"...)
	for _, f := range Fields(k) {
		if !f.Required || f.Name == "title" {
			continue
		}
		if f.Type.Kind == TObject {
			// A required object is what a person must write themselves
			// (a story's consent): every field is left empty, each with
			// what it means, so the page fails check until it is filled in.
			b = append(b, f.Name+":   # "+f.Doc+"\n"...)
			for _, sub := range f.Type.Fields {
				b = append(b, "  "+sub.Name+":   # "+sub.Doc+"\n"...)
			}
			continue
		}
		b = append(b, f.Name...)
		b = append(b, ": "...)
		b = append(b, placeholder(f.Type)...)
		b = append(b, "   # "...)
		b = append(b, f.Doc...)
		b = append(b, '\n')
	}
	if k != KindPage && k != KindOrganisation {
		if !hasRequired(k, "date") {
			b = append(b, "date: {{ .Date }}\n"...)
		}
	}
	b = append(b, "---\n\n"...)
	return string(b)
}

func hasRequired(k Kind, name string) bool {
	for _, f := range Fields(k) {
		if f.Name == name && f.Required {
			return true
		}
	}
	return false
}

func placeholder(t Type) string {
	switch t.Kind {
	case TDate:
		return "{{ .Date }}"
	case TStatus:
		return "idea"
	case TEnum:
		return t.Enum[0]
	case TList:
		if t.Elem.Kind == TRef {
			return "[]"
		}
		if t.Elem.Kind == TEnum {
			return "[" + t.Elem.Enum[0] + "]"
		}
		return "[]"
	case TObject:
		var s string
		for _, f := range t.Fields {
			if f.Required {
				if s != "" {
					s += ", "
				}
				s += f.Name + ": " + placeholder(f.Type)
			}
		}
		return "{" + s + "}"
	case TInt, TNumber:
		return "0"
	}
	return `""`
}
