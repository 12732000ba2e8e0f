package render_test

import (
	"github.com/trellis-ssg/trellis/internal/testsite"
	"sort"
	"strings"
	"testing"
)

func writeSite(t *testing.T, files map[string]string) string { return testsite.Write(t, files) }

const story = `---
title: %s
teller: %s
anonymity: %s
pseudonym: Pseudo
consent: {scope: [%s], given: 2025-01-01}
quote: "QUOTE-%s"
place: %s
themes: [%s]
intents: [%s]
media: {type: audio, src: "https://audio.example/%s.mp3", transcript: "TRANSCRIPT-%s"}
---
Body of %s.
`

func storyFile(slug, teller, anonymity, scope, place, theme, intent string) string {
	r := strings.NewReplacer("%s", "\x00")
	_ = r
	parts := []any{slug, teller, anonymity, scope, slug, place, theme, intent, slug, slug, slug}
	out := story
	for _, p := range parts {
		out = strings.Replace(out, "%s", p.(string), 1)
	}
	return out
}

func gallerySite(t *testing.T) string {
	return writeSite(t, map[string]string{
		"content/intents/air.md":      "---\ntitle: Air\nsummary: Clean air.\n---\n",
		"content/intents/green.md":    "---\ntitle: Green\nsummary: Green places.\n---\n",
		"content/narratives/one.md":   storyFile("one", "Ann Teller", "named", "site, quote, media", "Northgate", "care", "air"),
		"content/narratives/two.md":   storyFile("two", "Bob Secret", "anonymous", "site", "Eastbank", "care", "green"),
		"content/narratives/three.md": storyFile("three", "Cy", "pseudonym", "site, quote", "Northgate", "food", "air"),
	})
}

func TestGalleryFilterPages(t *testing.T) {
	out := build(t, gallerySite(t))
	cases := map[string][]string{
		"narratives/intent/air/index.html":      {"one", "three"},
		"narratives/intent/green/index.html":    {"two"},
		"narratives/place/northgate/index.html": {"one", "three"},
		"narratives/place/eastbank/index.html":  {"two"},
		"narratives/theme/care/index.html":      {"one", "two"},
		"narratives/theme/food/index.html":      {"three"},
		"narratives/index.html":                 {"one", "three", "two"},
	}
	for page, want := range cases {
		body, ok := out.Files[page]
		if !ok {
			t.Errorf("no filter page %s", page)
			continue
		}
		var got []string
		for _, slug := range []string{"one", "two", "three"} {
			if strings.Contains(string(body), `href="/narratives/`+slug+`/"`) {
				got = append(got, slug)
			}
		}
		sort.Strings(got)
		sort.Strings(want)
		if strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("%s lists %v, want %v", page, got, want)
		}
	}
}

func TestGalleryRespectsConsent(t *testing.T) {
	out := build(t, gallerySite(t))
	gallery := string(out.Files["narratives/index.html"])
	if !strings.Contains(gallery, "QUOTE-one") {
		t.Error("a quote with quote consent is missing from the gallery")
	}
	for _, page := range []string{"narratives/index.html", "narratives/two/index.html"} {
		body := string(out.Files[page])
		if strings.Contains(body, "QUOTE-two") {
			t.Errorf("%s shows a quote without quote consent", page)
		}
		if strings.Contains(body, "Bob Secret") {
			t.Errorf("%s names an anonymous teller", page)
		}
	}
	three := string(out.Files["narratives/three/index.html"])
	if strings.Contains(three, "audio.example") || strings.Contains(three, "TRANSCRIPT-three") {
		t.Error("media is shown without media consent")
	}
	one := string(out.Files["narratives/one/index.html"])
	if !strings.Contains(one, "audio.example/one.mp3") || !strings.Contains(one, "TRANSCRIPT-one") {
		t.Error("media with media consent (and its transcript) is missing")
	}
	for name, data := range out.Files {
		for _, secret := range []string{"2025-01-01", "consent:"} {
			if strings.HasSuffix(name, ".html") && strings.Contains(string(data), secret) {
				t.Errorf("%s contains the consent record (%q)", name, secret)
			}
		}
	}
}
