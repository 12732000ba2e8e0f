package content_test

import "testing"

func TestProbe(t *testing.T) {
	for name, src := range map[string]string{
		"json-tab": "{\n\t\"title\": \"City\",\n\t\"summary\": \"x\"\n}\n",
		"json-slash": "{\"title\": \"City\", \"website\": \"https:\\/\\/example.org\\/\"}\n",
		"json-bs-slash": "{\"title\": \"C\\\\/ity\"}\n",
		"json-surrogate": "{\"title\": \"City \\ud83d\\ude00\"}\n",
		"json-esc": "{\"title\": \"C\\u00e9 \\\"q\\\" \\t \\b \\f\"}\n",
		"json-big": "{\"title\": \"City\", \"weight\": 1e2}\n",
	} {
		set, diags := load(t, map[string]string{"content/organisations/" + name + ".md": src})
		t.Logf("%s:\n%s", name, dump(diags))
		for _, p := range set.Pages {
			t.Logf("  title=%q website=%q weight=%d", p.Title, p.Website, p.Weight)
		}
	}
}
