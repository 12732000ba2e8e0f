// Package hostile writes the hostile corpus: a site in which every door
// content comes through carries payloads — every text field of the front
// matter of every kind (walked from content's schema table, so that a new
// field is covered the day it is added), the Markdown body in each of its
// contexts (paragraphs, headings, links, images, raw HTML, tables,
// wiki-link labels, targets and headings, citations, footnotes, code), the
// three front matter formats, file names, site.yaml's texts and menus,
// brand files, and the cells of an imported spreadsheet. The payloads are
// generated from testdata/payloads.txt: each line in the forms its class
// has (variants), each with an id and a mark (Payload).
//
// The generator's tests build the corpus and check that no page can run a
// payload and that every payload reached its published field; the browser
// tests open every page of it in Chromium with no Content-Security-Policy.
// It is a test tool, not a stage of the pipeline.
package hostile

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
	"gopkg.in/yaml.v3"

	"github.com/trellis-ssg/trellis/generator/content"
)

// Corpus is a written hostile site.
type Corpus struct {
	// Dir is the site's folder.
	Dir string
	// Payloads are the placements, in the order they were made: every
	// payload of the list at least once.
	Payloads []Payload
}

// Distinct counts the different payloads placed.
func (c *Corpus) Distinct() int {
	ids := map[int]bool{}
	for _, p := range c.Payloads {
		ids[p.ID] = true
	}
	return len(ids)
}

// Write copies the site at base (testdata/hostile: hand-written hostile
// pages, a hostile logo) into dir, which must not exist or be empty, and
// adds the generated pages, site.yaml settings, brand files and import.
func Write(base, dir string) (*Corpus, error) {
	if err := os.CopyFS(dir, os.DirFS(base)); err != nil {
		return nil, fmt.Errorf("copying %s: %w", base, err)
	}
	w := &writer{dir: dir, all: expand(), next: map[string]int{}, stride: map[string]int{}}
	for _, p := range w.all {
		if p.Class == "url" || p.Class == "markdown" {
			w.urls = append(w.urls, p)
		}
	}
	steps := []func() error{w.pages, w.fileNames, w.site, w.brand, w.importCSV, w.translations}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, err
		}
	}
	return &Corpus{Dir: dir, Payloads: w.placed}, nil
}

// writer hands out payloads to the doors and records where each went.
// Each door has its own cursor over the payload list, so that the doors
// with room for it (completeDoors) take every payload.
type writer struct {
	dir     string
	all     []Payload      // the payload list, expanded
	urls    []Payload      // those of them that are addresses, for the body's URL contexts
	next    map[string]int // each door's next payload, counted from 0
	stride  map[string]int // how far a door with few places moves on each time, so that it samples every class
	nextURL int
	rounds  int // how many rounds of pages were written
	placed  []Payload
}

// completeDoors are the doors every payload goes through; the others
// (file names, menus, brand files) have room for a sample only.
var completeDoors = []string{"front matter", "body", "wiki-link", "site.yaml", "import", "translation"}

// done says whether every payload has been through door.
func (w *writer) done(door string) bool { return w.next[door] >= len(w.all) }

// peek is the payload door takes next.
func (w *writer) peek(door string) Payload {
	return w.all[w.next[door]%len(w.all)]
}

// take places the next payload of door in a field of a file.
func (w *writer) take(door, field, file string, exact bool) Payload {
	p := w.peek(door)
	step := w.stride[door]
	if step == 0 {
		step = 1
	}
	w.next[door] += step
	return w.record(p, door, field, file, exact)
}

// takeURL places the next address payload.
func (w *writer) takeURL(door, field, file string) Payload {
	p := w.urls[w.nextURL%len(w.urls)]
	w.nextURL++
	return w.record(p, door, field, file, false)
}

// record notes a placement; its mark names the placement, so that finding
// it in the output shows that this field of this file was published.
func (w *writer) record(p Payload, door, field, file string, exact bool) Payload {
	p.Door, p.Field, p.File, p.Exact = door, field, file, exact
	p.Mark = placementMark(p.ID, len(w.placed))
	w.placed = append(w.placed, p)
	return p
}

func (w *writer) write(name string, data []byte) error {
	p := filepath.Join(w.dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, data, 0o644)
}

// photo is the picture beside every generated page (its image field, a
// story's picture, the body's images).
var photo = picture()

func picture() []byte {
	img := image.NewNRGBA(image.Rect(0, 0, 16, 12))
	for x := range 16 {
		for y := range 12 {
			img.Set(x, y, color.NRGBA{uint8(x * 16), 89, uint8(y * 20), 255})
		}
	}
	var b bytes.Buffer
	png.Encode(&b, img)
	return b.Bytes()
}

// kinds are the kinds the generated pages have: every kind, and plain pages.
var kinds = append([]content.Kind{content.KindPage}, content.Kinds...)

// pages writes rounds of one page of each kind, every text field of its
// front matter and every context of its body holding a payload, until
// every payload has been placed.
func (w *writer) pages() error {
	for round := 0; !w.done("front matter") || !w.done("body") || !w.done("wiki-link") || round < 2; round++ {
		w.rounds++
		for i, k := range kinds {
			if err := w.page(k, round, i); err != nil {
				return err
			}
		}
	}
	return nil
}

// page writes one generated page: a bundle, with photo.png beside it, in
// YAML, TOML or JSON front matter by turns.
func (w *writer) page(k content.Kind, round, i int) error {
	slug := fmt.Sprintf("hostile-%s-%d", k, round)
	if k == content.KindPage {
		slug = fmt.Sprintf("hostile-page-%d", round)
	}
	folder := k.Folder()
	if folder != "" {
		folder += "/"
	}
	file := "content/" + folder + slug + "/index.md"
	f := &frontMatter{w: w, kind: k, round: round, file: file}
	fm := f.object(string(k), content.Fields(k))
	f.fix(fm)
	body := w.body(k, file)
	var doc []byte
	var err error
	switch (round + i) % 3 {
	case 0:
		doc, err = yamlDoc(fm)
	case 1:
		doc, err = tomlDoc(fm)
	default:
		doc, err = jsonDoc(fm)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	if err := w.write(file, append(doc, body...)); err != nil {
		return err
	}
	return w.write(strings.TrimSuffix(file, "index.md")+"photo.png", photo)
}

func yamlDoc(fm map[string]any) ([]byte, error) {
	b, err := yaml.Marshal(fm)
	return append(append([]byte("---\n"), b...), "---\n"...), err
}

func tomlDoc(fm map[string]any) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("+++\n")
	err := toml.NewEncoder(&b).Encode(fm)
	b.WriteString("+++\n")
	return b.Bytes(), err
}

func jsonDoc(fm map[string]any) ([]byte, error) {
	b, err := json.MarshalIndent(fm, "", "  ")
	return append(b, "\n\n"...), err
}

// frontMatter fills one page's front matter from the schema.
type frontMatter struct {
	w     *writer
	kind  content.Kind
	round int
	file  string
}

// unpublished are the text fields no page publishes, so that a payload in
// them could never be seen (consent's record is the consent form's place
// in a filing cabinet), and those that are checked as something other
// than text (a slug, an id, a country code, a video id), which the corpus
// keeps valid: the refusal of a payload there is tested on its own.
var unpublished = map[string]bool{
	"slug": true, "id": true, "aliases": true,
	"narrative.consent.record":     true,
	"initiative.recipient_country": true,
	"initiative.recipient_region":  true,
	"source.video_id":              true,
	"source.videoId":               true,
	"narrative.media.video_id":     true,
	// a number, checked as one
	"intent.signals.observations.value": true,
}

// skip says which fields a page leaves out so that the others are
// published: a story shows its teller when its anonymity is named (even
// rounds) and its pseudonym when it is pseudonymous (odd rounds); a picture
// has alternative text, a recording a transcript.
func (f *frontMatter) skip(path string) bool {
	if f.kind != content.KindNarrative {
		return false
	}
	even := f.round%2 == 0
	switch path {
	case "narrative.pseudonym", "narrative.media.transcript":
		return even
	case "narrative.teller", "narrative.media.alt":
		return !even
	}
	return false
}

// object fills the fields of an object of the schema.
func (f *frontMatter) object(path string, fields []content.Field) map[string]any {
	out := map[string]any{}
	for _, fd := range fields {
		p := path + "." + fd.Name
		if v, ok := f.value(p, fd.Type, fd.Required); ok {
			out[fd.Name] = v
		}
	}
	return out
}

// hasText says whether a type holds text the corpus can put a payload in.
func hasText(t content.Type) bool {
	switch t.Kind {
	case content.TString, content.TText:
		return true
	case content.TList:
		return hasText(*t.Elem)
	case content.TObject:
		for _, f := range t.Fields {
			if hasText(f.Type) {
				return true
			}
		}
	}
	return false
}

// value fills one field: a payload in every text, a valid value in every
// required field of another type, nothing in optional ones.
func (f *frontMatter) value(path string, t content.Type, required bool) (any, bool) {
	short := path[strings.IndexByte(path, '.')+1:]
	if unpublished[path] || unpublished[short] || f.skip(path) || !hasText(t) {
		if required {
			return f.valid(path, t), true
		}
		return nil, false
	}
	switch t.Kind {
	case content.TString, content.TText:
		return f.w.take("front matter", path, f.file, true).Value(), true
	case content.TList:
		if t.Elem.Kind == content.TObject {
			return []any{f.object(path, t.Elem.Fields)}, true
		}
		return []any{f.w.take("front matter", path, f.file, true).Value()}, true
	}
	return f.object(path, t.Fields), true
}

// valid is a valid value of a required field that holds no payload.
func (f *frontMatter) valid(path string, t content.Type) any {
	switch path {
	case "initiative.intents", "learning.intents", "decision.intents", "narrative.intents":
		return []any{"clean-air"}
	case "initiative.funding.source":
		return "evil-org"
	case "narrative.consent.scope":
		return []any{"site", "quote", "media", "data-export"}
	case "narrative.teller":
		return "Anon Tellerson" // not published: the story is pseudonymous
	case "intent.signals.observations.value":
		return strconv.Itoa(40 + f.round)
	}
	switch t.Kind {
	case content.TRef:
		return map[content.Kind]string{content.KindIntent: "clean-air", content.KindInitiative: "bike-library",
			content.KindOrganisation: "evil-org", content.KindLearning: "lesson", content.KindDecision: "formula-decision",
			content.KindNarrative: "story", content.KindSource: "formula-source", content.KindPage: "formula-page"}[t.Ref[0]]
	case content.TString, content.TText:
		return "Generated " + strconv.Itoa(f.round)
	case content.TDate:
		return "2025-01-0" + strconv.Itoa(1+f.round%9)
	case content.TStatus:
		return "piloting"
	case content.TEnum:
		return t.Enum[0]
	case content.TInt, content.TNumber:
		return 1000 + f.round
	case content.TPath:
		return "photo.png"
	case content.TURL:
		return "https://example.org/"
	case content.TList:
		return []any{f.valid(path, *t.Elem)}
	}
	return nil
}

// fix sets what the payloads' fields need to be published (see skip),
// and references to the hand-written pages of the base site.
func (f *frontMatter) fix(fm map[string]any) {
	switch f.kind {
	case content.KindNarrative:
		m := fm["media"].(map[string]any)
		if f.round%2 == 0 {
			fm["anonymity"] = "named"
			m["type"], m["src"] = "image", "photo.png"
		} else {
			fm["anonymity"] = "pseudonym"
			m["type"], m["src"] = "audio", "https://example.org/story.mp3"
		}
		fm["featured"] = true
		fm["initiatives"] = []any{"bike-library"}
	case content.KindLearning:
		fm["initiatives"] = []any{"bike-library"}
		ev := fm["evidence"].([]any)[0].(map[string]any)
		ev["url"] = "https://example.org/evidence"
	case content.KindDecision:
		fm["initiatives"] = []any{"bike-library"}
	case content.KindInitiative:
		fm["intents"] = []any{"clean-air"}
	case content.KindSource:
		fm["type"] = "report"
	}
}

// bodyContexts are the places of a Markdown body a payload is written in:
// P is the payload, M its mark (before it, so that a payload that opens
// a comment or a code block cannot hide it), N its id. Those whose name
// ends in "url" take address payloads.
var bodyContexts = []struct{ name, form string }{
	{"paragraph", "M P"},
	{"heading", "## M P"},
	{"emphasis", "M *P*"},
	{"strong", "M **P**"},
	{"strikethrough", "M ~~P~~"},
	{"link text", "M [P](/map/)"},
	{"link url", "M [a link](P)"},
	{"link title", `M [a link](/map/ "P")`},
	{"image alt", "M ![P](photo.png)"},
	{"image url", "M ![a picture](P)"},
	{"autolink url", "M <P>"},
	{"reference url", "M [a reference][rN]\n\n[rN]: P"},
	{"html block", "M\n\nP"},
	{"inline html", "M inline P inline"},
	{"table cell", "| M | b |\n|---|---|\n| P | d |"},
	{"list item", "- M P"},
	{"task item", "- [ ] M P"},
	{"blockquote", "> M P"},
	{"wiki-link label", "M [[clean-air|P]]"},
	{"wiki-link target", "M [[P]]"},
	{"wiki-link heading", "M [[clean-air#P]]"},
	{"wiki-link label in a list", "- M [[bike-library|P]]"},
	{"wiki-link target in a table", "| M | [[P]] |\n|---|---|\n| c | d |"},
	{"wiki-link label in a heading", "### M [[clean-air|P]]"},
	{"wiki-link target in a quote", "> M [[P]]"},
	{"citation", `M <a class="yt-timestamp" data-t="P">[00:00:21]</a>`},
	{"footnote", "M[^fN]\n\n[^fN]: P"},
	{"code span", "M `P`"},
	{"code fence info", "M\n\n```P\ncode\n```"},
}

// body writes a page's body with a payload in each of its contexts.
func (w *writer) body(k content.Kind, file string) []byte { return w.bodyThrough("body", file) }

// bodyThrough writes a body whose payloads come through door.
func (w *writer) bodyThrough(door, file string) []byte {
	var b strings.Builder
	b.WriteString("\nGenerated body.\n")
	for _, c := range bodyContexts {
		field := "body." + strings.ReplaceAll(c.name, " ", "-")
		var p Payload
		switch {
		case strings.HasSuffix(c.name, "url"):
			p = w.takeURL(door, field, file)
		case strings.HasPrefix(c.name, "wiki-link") && door == "body":
			p = w.take("wiki-link", field, file, false)
		default:
			p = w.take(door, field, file, false)
		}
		b.WriteString("\n")
		b.WriteString(strings.NewReplacer("M", p.Mark, "P", p.Text, "N", strconv.Itoa(p.ID)).Replace(c.form))
		b.WriteString("\n")
	}
	return []byte(b.String())
}
