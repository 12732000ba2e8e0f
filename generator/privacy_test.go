package generator_test

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
)

// leaks returns the published files whose name or bytes contain any of
// secrets, ignoring case. JSON and HTML escape some characters, so each
// secret is looked for as it is and with its spaces, ampersands and
// apostrophes escaped.
func leaks(files map[string][]byte, secrets ...string) []string {
	var out []string
	for name, data := range files {
		lname, ldata := strings.ToLower(name), bytes.ToLower(data)
		for _, s := range secrets {
			s = strings.ToLower(s)
			forms := []string{s, strings.ReplaceAll(s, " ", "-"), strings.ReplaceAll(s, " ", "+"), strings.ReplaceAll(s, " ", "%20"),
				strings.ReplaceAll(s, "'", "&#39;"), strings.ReplaceAll(s, "'", `\u0027`)}
			for _, f := range forms {
				if strings.Contains(lname, f) || bytes.Contains(ldata, []byte(f)) {
					out = append(out, name+" ("+s+")")
					break
				}
			}
		}
	}
	return out
}

// TestConsentRecordNeverPublished: consent.record, where the signed form is
// kept, is accepted without a warning and appears in no published file
// (pages, open data, search index, feeds, JSON-LD), even for a story whose
// teller agreed to every scope; like the rest of the consent block.
func TestConsentRecordNeverPublished(t *testing.T) {
	src := t.TempDir()
	files := smallSite()
	files["content/narratives/all-scopes.md"] = `---
title: All scopes
teller: Ines Varga
anonymity: named
quote: We could breathe again.
intents: [a]
consent:
  scope: [site, quote, media, data-export]
  given: 2025-03-04
  expires: 2031-05-06
  record: Consent binder QX-4471, shelf 7
---
The air on our street changed.
`
	writeSite(t, src, files)
	res := build(t, src, filepath.Join(src, "public"), "")
	for _, d := range res.Diags {
		if d.Code == "fm-unknown-field" {
			t.Errorf("consent.record is not a known field: %s", d)
		}
	}
	out := snapshot(t, filepath.Join(src, "public"))
	if _, ok := out["narratives/all-scopes/index.html"]; !ok {
		t.Fatal("the story was not published")
	}
	if !bytes.Contains(out["data/portfolio.json"], []byte("We could breathe again")) {
		t.Fatal("the story is not in the open data, so the test would prove nothing there")
	}
	for _, l := range leaks(out, "QX-4471", "Consent binder", "2025-03-04", "2031-05-06") {
		t.Errorf("consent record published in %s", l)
	}
}
