package render

import (
	"encoding/json"
	"testing"
)

// appendLD writes what encoding/json writes for the values pageLD makes.
func TestAppendLDIsEncodingJSON(t *testing.T) {
	for _, v := range []any{
		map[string]any{"b": 1, "a": "x", "@id": "https://e.example/a?b=1&c=<2>", "c": []any{map[string]any{"z": "é — \u2028", "y": -3}}},
		map[string]any{"areaServed": []string{"Canal Quarter", "Nord\"", "tab\there"}, "none": []string(nil), "empty": []any{}, "nil": []any(nil)},
		map[string]any{"text": "a\\b \x01 \x7f \xff <script>", "nested": map[string]any(nil), "n": 0, "f": 1.5},
		"", []any{"<", ">", "&"},
	} {
		want, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		got, err := appendLD(nil, v)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(want) {
			t.Errorf("got  %s\nwant %s", got, want)
		}
	}
}
