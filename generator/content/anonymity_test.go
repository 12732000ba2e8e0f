package content_test

import (
	"fmt"
	"sort"
	"strings"
	"testing"
)

// leakyStory is an anonymous story whose teller's name stands in its slug,
// its image's alt text and caption, its media caption and transcript, a
// theme, a file of its bundle and its text, each written differently (case,
// accents, punctuation).
const leakyStory = `---
title: Damp in the flat
slug: damp-marta-kowalska
teller: Marta Kowalska
anonymity: %s
consent: {scope: [site, media], given: 2025-01-01, record: "Form signed by Marta Kowalska"}
image:
  src: marta-kowalska.jpg
  alt: Mould above the bed of MARTA KOWALSKA
  caption: "Photo: Márta Kowalská"
media:
  type: audio
  src: https://audio.example/a.mp3
  transcript: |
    Interviewer: thank you, marta-kowalska.
  caption: A recording
themes: [damp, "marta kowalska"]
---
The bedroom wall is black.

Marta Kowalska asked the landlord twice.
`

// TestAnonymityLeaks: each place of an anonymous or pseudonymous story
// where the teller's real name would be published is an error at its line
// (and column, for front matter), naming the field; the consent record,
// never published, may hold the name; a named story may show it anywhere.
func TestAnonymityLeaks(t *testing.T) {
	for _, anonymity := range []string{"anonymous", "pseudonym"} {
		files := map[string]string{
			"content/narratives/damp/index.md":           fmt.Sprintf(leakyStory, anonymity),
			"content/narratives/damp/marta-kowalska.jpg": "not really a photo",
		}
		_, diags := load(t, files)
		got := map[string]int{}
		for _, d := range withCode(diags, "anonymity-leak") {
			if d.File != "content/narratives/damp/index.md" {
				t.Errorf("diagnostic on %s", d.File)
			}
			where := d.Message[strings.Index(d.Message, "appears in ")+len("appears in "):]
			got[strings.TrimSuffix(where, ", which is published")] = d.Line
		}
		want := map[string]int{
			"`slug`":             3,
			"`image.src`":        8,
			"`image.alt`":        9,
			"`image.caption`":    10,
			"`media.transcript`": 14,
			"`themes`":           17,
			`the name of the file "marta-kowalska.jpg" beside it`: 0,
			"the story's text": 21,
		}
		for where, line := range want {
			l, ok := got[where]
			switch {
			case !ok:
				t.Errorf("%s: no anonymity-leak for %s", anonymity, where)
			case l != line:
				t.Errorf("%s: the leak in %s is reported on line %d, want %d", anonymity, where, l, line)
			}
		}
		if len(got) != len(want) {
			var keys []string
			for k := range got {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			t.Errorf("%s: leaks reported in %q, want exactly %d", anonymity, keys, len(want))
		}
		if anonymity == "pseudonym" && len(withCode(diags, "fm-pseudonym")) != 1 {
			t.Errorf("a pseudonymous story without `pseudonym` is not an error: %v", diags)
		}
	}
	named := strings.Replace(leakyStory, "anonymity: %s", "anonymity: named", 1)
	_, diags := load(t, map[string]string{"content/narratives/damp/index.md": named, "content/narratives/damp/marta-kowalska.jpg": "x"})
	if l := withCode(diags, "anonymity-leak"); len(l) > 0 {
		t.Errorf("a named story's teller may appear anywhere, but got %v", l)
	}
	// A name that is part of a longer word is not the name.
	partial := "---\ntitle: Ann's story\nteller: Ann\nanonymity: anonymous\nconsent: {scope: [site], given: 2025-01-01}\n---\nAnnual repairs; Annex B; Anna said hello.\n"
	_, diags = load(t, map[string]string{"content/narratives/repairs.md": strings.Replace(partial, "title: Ann's story", "title: The repairs", 1)})
	if l := withCode(diags, "anonymity-leak"); len(l) > 0 {
		t.Errorf("words that merely begin with the name are reported: %v", l)
	}
	// A teller described by a word of the anonymity vocabulary.
	_, diags = load(t, map[string]string{"content/narratives/hidden.md": strings.Replace(partial, "teller: Ann", "teller: anonymous", 1)})
	if l := withCode(diags, "anonymity-leak"); len(l) > 0 {
		t.Errorf("`anonymity: anonymous` is reported as naming a teller called anonymous: %v", l)
	}
	// The folder of a bundle is the page's address.
	_, diags = load(t, map[string]string{"content/narratives/ann-at-home/index.md": strings.Replace(partial, "title: Ann's story", "title: At home", 1)})
	if l := withCode(diags, "anonymity-leak"); len(l) != 1 || !strings.Contains(l[0].Message, "folder's name") {
		t.Errorf("a bundle folder named after the teller: %v", l)
	}
}
