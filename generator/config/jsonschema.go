package config

import (
	"encoding/json"
	"reflect"
	"strings"

	"gopkg.in/yaml.v3"
)

// JSONSchema returns the JSON Schema (draft 2020-12) of site.yaml, made from
// Config's fields as Parse reads them, so that it cannot fall behind: an
// editor's YAML language server completes the keys and marks an unknown
// key, as Parse does. A text value takes any scalar, as YAML decoding into
// text does (title: 2026 is the title "2026").
func JSONSchema() map[string]any {
	s := typeSchema(reflect.TypeOf(Config{}))
	s["$schema"] = "https://json-schema.org/draft/2020-12/schema"
	s["$id"] = "https://trellis.example/schema/site.json"
	s["title"] = "trellis site.yaml"
	return s
}

// SchemaFile is the file name of site.yaml's schema among the schemas that
// trellis schema and trellis init write.
const SchemaFile = "site.json"

// SchemaJSON is JSONSchema as trellis schema writes it: indented JSON ending
// in a newline.
func SchemaJSON() ([]byte, error) {
	b, err := json.MarshalIndent(JSONSchema(), "", "  ")
	return append(b, '\n'), err
}

var unmarshaler = reflect.TypeOf((*yaml.Unmarshaler)(nil)).Elem()

// schemer is a type that gives its own JSON Schema.
type schemer interface{ JSONSchema() map[string]any }

var schemerType = reflect.TypeOf((*schemer)(nil)).Elem()

func typeSchema(t reflect.Type) map[string]any {
	if t.Implements(schemerType) {
		return reflect.Zero(t).Interface().(schemer).JSONSchema()
	}
	if t.Implements(unmarshaler) || reflect.PointerTo(t).Implements(unmarshaler) {
		return map[string]any{} // read by its own rules: any value
	}
	switch t.Kind() {
	case reflect.String:
		return map[string]any{"type": []string{"string", "number", "boolean"}}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return map[string]any{"type": "integer"}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.Slice, reflect.Array:
		return map[string]any{"type": "array", "items": typeSchema(t.Elem())}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": typeSchema(t.Elem())}
	case reflect.Pointer:
		return typeSchema(t.Elem())
	case reflect.Struct:
		props := map[string]any{}
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
			if !f.IsExported() || name == "" || name == "-" {
				continue
			}
			props[name] = typeSchema(f.Type)
		}
		return map[string]any{"type": "object", "properties": props, "additionalProperties": false}
	}
	return map[string]any{}
}
