package starter

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/trellis-ssg/trellis/generator/config"
	"github.com/trellis-ssg/trellis/generator/content"
)

var now = time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)

func files(t *testing.T, opt Options) map[string][]byte {
	t.Helper()
	if opt.Now.IsZero() {
		opt.Now = now
	}
	f, err := Files(opt)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// The site.yaml a new site gets passes the same validation as any other,
// with the title and base URL it was given, however they are spelled.
func TestSiteYAMLIsValid(t *testing.T) {
	for _, tc := range []struct{ title, base string }{
		{"", ""},
		{"Riverford: clean air & \"wellbeing\" #1", "https://example.gov/portfolio/"},
		{"yes", "/"},
		{"- a list?\n{not: a map}", "http://localhost:1313/"},
		{strings.Repeat("A long title ", 12), "/"},
	} {
		f := files(t, Options{Title: tc.title, BaseURL: tc.base})
		cfg, diags := config.Parse(f["site.yaml"])
		if len(diags) > 0 {
			t.Fatalf("title %q: site.yaml has problems:\n%s\n%s", tc.title, diags, f["site.yaml"])
		}
		wantTitle, wantBase := tc.title, tc.base
		if wantTitle == "" {
			wantTitle = config.Default().Title
		}
		if wantBase == "" {
			wantBase = "/"
		}
		if cfg.Title != wantTitle || cfg.BaseURL != wantBase {
			t.Errorf("site.yaml says title %q, base_url %q; want %q, %q", cfg.Title, cfg.BaseURL, wantTitle, wantBase)
		}
	}
	// Every key is explained: site.yaml is the first file a new user reads.
	if n := bytes.Count(files(t, Options{})["site.yaml"], []byte("\n#")); n < 10 {
		t.Errorf("site.yaml has only %d comment lines", n)
	}
}

func TestBadBaseURLIsRefused(t *testing.T) {
	for _, base := range []string{"ftp://example.org/", "https://example.org/?a=b", "https://exa mple.org/%zz"} {
		_, err := Files(Options{BaseURL: base})
		if !errors.Is(err, ErrInvalid) {
			t.Errorf("base URL %q: got %v, want ErrInvalid", base, err)
		}
	}
}

// What a new site holds: one example page of each kind and a page, the
// archetypes and schemas of every kind, editor settings, .gitignore and the
// CI workflows.
func TestFilesOfANewSite(t *testing.T) {
	f := files(t, Options{})
	kindsSeen := map[content.Kind]int{}
	for p := range f {
		if !strings.HasPrefix(p, "content/") || !strings.HasSuffix(p, ".md") {
			continue
		}
		dir := path.Dir(strings.TrimPrefix(p, "content/"))
		if dir == "." {
			kindsSeen[content.KindPage]++
		} else {
			kindsSeen[content.KindOfFolder(dir)]++
		}
	}
	for _, k := range append([]content.Kind{content.KindPage}, content.Kinds...) {
		if kindsSeen[k] != 1 {
			t.Errorf("%d example pages of kind %s, want 1", kindsSeen[k], k)
		}
		if k != content.KindPage {
			if string(f["archetypes/"+string(k)+".md"]) != content.Archetype(k) {
				t.Errorf("archetypes/%s.md is not the built-in archetype", k)
			}
		}
		want, _ := content.SchemaJSON(k, config.DefaultStatuses)
		if !bytes.Equal(f["schemas/"+string(k)+".json"], want) {
			t.Errorf("schemas/%s.json is not what trellis schema writes", k)
		}
	}
	if want, _ := config.SchemaJSON(); !bytes.Equal(f["schemas/site.json"], want) {
		t.Error("schemas/site.json is not site.yaml's schema")
	}
	for _, p := range []string{".gitignore", ".github/workflows/pages.yml", ".gitlab-ci.yml", ".vscode/settings.json", "README.md", "site.yaml"} {
		if len(f[p]) == 0 {
			t.Errorf("no %s", p)
		}
	}
	for _, ignored := range []string{"/public/", "/.trellis-cache/"} {
		if !bytes.Contains(f[".gitignore"], []byte(ignored+"\n")) {
			t.Errorf(".gitignore does not ignore %s", ignored)
		}
	}
	for p, b := range f {
		if bytes.Contains(b, []byte("{%")) || bytes.Contains(b, []byte("<no value>")) {
			t.Errorf("%s has an unfilled template field", p)
		}
	}
	if !bytes.Equal(f["content/about.md"], files(t, Options{})["content/about.md"]) {
		t.Error("the same options gave different files")
	}
}

// The editor settings map every page of the new site to its kind's schema,
// and each schema to a file that exists.
func TestEditorSettingsMapEveryPage(t *testing.T) {
	f := files(t, Options{})
	var settings struct {
		Schemas map[string][]string `json:"yaml.schemas"`
	}
	if err := json.Unmarshal(f[".vscode/settings.json"], &settings); err != nil {
		t.Fatal(err)
	}
	for schema := range settings.Schemas {
		if f[strings.TrimPrefix(schema, "./")] == nil {
			t.Errorf("settings map %s, which is not written", schema)
		}
	}
	for p := range f {
		if !strings.HasPrefix(p, "content/") || !strings.HasSuffix(p, ".md") {
			continue
		}
		var matched []string
		for schema, globs := range settings.Schemas {
			for _, g := range globs {
				if ok, _ := path.Match(g, p); ok {
					matched = append(matched, schema)
				}
			}
		}
		dir := path.Dir(strings.TrimPrefix(p, "content/"))
		want := "./schemas/page.json"
		if dir != "." {
			want = "./schemas/" + string(content.KindOfFolder(dir)) + ".json"
		}
		if len(matched) != 1 || matched[0] != want {
			t.Errorf("%s is mapped to %v, want %s", p, matched, want)
		}
	}
	if globs := settings.Schemas["./schemas/site.json"]; !slices.Equal(globs, []string{"site.yaml"}) {
		t.Errorf("site.yaml's schema is mapped to %v", globs)
	}
	// A bundle's page too.
	var bundle []string
	for schema, globs := range settings.Schemas {
		if slices.ContainsFunc(globs, func(g string) bool { ok, _ := path.Match(g, "content/narratives/allotment/index.md"); return ok }) {
			bundle = append(bundle, schema)
		}
	}
	if len(bundle) != 1 || bundle[0] != "./schemas/narrative.json" {
		t.Errorf("a narrative bundle is mapped to %v", bundle)
	}
}

func TestEmpty(t *testing.T) {
	f := files(t, Options{Empty: true})
	for p := range f {
		if strings.HasPrefix(p, "content/") && !strings.HasSuffix(p, "/.gitkeep") {
			t.Errorf("an empty site has %s", p)
		}
	}
	for _, k := range content.Kinds {
		if _, ok := f["content/"+k.Folder()+"/.gitkeep"]; !ok {
			t.Errorf("an empty site has no content/%s/", k.Folder())
		}
	}
	if f["site.yaml"] == nil || f["schemas/initiative.json"] == nil {
		t.Error("an empty site lacks its configuration or schemas")
	}
}

func TestWorkflowsPinTrellis(t *testing.T) {
	pinned := files(t, Options{Trellis: Pin{Module: "v1.2.0", Action: "v1.2.0"}})
	if !bytes.Contains(pinned[".github/workflows/pages.yml"], []byte("uses: trellis-ssg/trellis@v1.2.0\n")) {
		t.Errorf("pages.yml does not use the pinned action:\n%s", pinned[".github/workflows/pages.yml"])
	}
	if !bytes.Contains(pinned[".gitlab-ci.yml"], []byte("TRELLIS_VERSION: v1.2.0\n")) {
		t.Errorf(".gitlab-ci.yml does not install the pinned version:\n%s", pinned[".gitlab-ci.yml"])
	}
	for _, p := range []string{".github/workflows/pages.yml", ".gitlab-ci.yml"} {
		if bytes.Contains(pinned[p], []byte("development build")) {
			t.Errorf("%s of a pinned site warns of a development build", p)
		}
	}
	// A development build cannot pin itself: the workflows say so.
	dev := files(t, Options{})
	if !bytes.Contains(dev[".github/workflows/pages.yml"], []byte("uses: trellis-ssg/trellis@main\n")) ||
		!bytes.Contains(dev[".github/workflows/pages.yml"], []byte("development build")) {
		t.Errorf("pages.yml of a development build:\n%s", dev[".github/workflows/pages.yml"])
	}
	if !bytes.Contains(dev[".gitlab-ci.yml"], []byte("TRELLIS_VERSION: latest\n")) {
		t.Errorf(".gitlab-ci.yml of a development build:\n%s", dev[".gitlab-ci.yml"])
	}
}

func listDir(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(dir, p)
		out = append(out, filepath.ToSlash(rel))
		return nil
	})
	return out
}

func TestWriteNewFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a", "portfolio")
	res, err := Write(dir, Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	want := files(t, Options{})
	if len(res.Written) != len(want) || len(res.Kept) != 0 {
		t.Errorf("wrote %d files, kept %d; want %d, 0", len(res.Written), len(res.Kept), len(want))
	}
	for p, b := range want {
		got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p)))
		if err != nil || !bytes.Equal(got, b) {
			t.Errorf("%s: %v", p, err)
		}
	}
}

// A folder with anything in it is refused, and nothing is written; a fresh
// clone (only .git) is not.
func TestWriteRefusesAFolderWithFiles(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o644)
	os.Mkdir(filepath.Join(dir, "drafts"), 0o755)
	before := listDir(t, dir)
	_, err := Write(dir, Options{})
	var ne *NotEmptyError
	if !errors.As(err, &ne) || !errors.Is(err, ErrNotEmpty) {
		t.Fatalf("got %v, want a NotEmptyError", err)
	}
	if !slices.Equal(ne.Entries, []string{"drafts/", "notes.txt"}) || !strings.Contains(err.Error(), "notes.txt") {
		t.Errorf("the error names %v: %v", ne.Entries, err)
	}
	if after := listDir(t, dir); !slices.Equal(before, after) {
		t.Errorf("a refused init changed the folder: %v, then %v", before, after)
	}

	clone := t.TempDir()
	os.Mkdir(filepath.Join(clone, ".git"), 0o755)
	if _, err := Write(clone, Options{}); err != nil {
		t.Errorf("a folder holding only .git: %v", err)
	}
}

// --force writes beside what is there and keeps every file that exists.
func TestWriteForceKeepsFiles(t *testing.T) {
	dir := t.TempDir()
	mine := []byte("title: Mine\n")
	os.WriteFile(filepath.Join(dir, "site.yaml"), mine, 0o644)
	os.WriteFile(filepath.Join(dir, "README.md"), []byte("# my repository\n"), 0o644)
	res, err := Write(dir, Options{Force: true})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(res.Kept, []string{"README.md", "site.yaml"}) {
		t.Errorf("kept %v", res.Kept)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "site.yaml")); !bytes.Equal(got, mine) {
		t.Errorf("site.yaml was overwritten: %s", got)
	}
	if _, err := os.Stat(filepath.Join(dir, "content", "about.md")); err != nil {
		t.Error(err)
	}
}

// A write that fails midway takes back what it wrote: the folder is as it
// was.
func TestWriteUndoesAFailedWrite(t *testing.T) {
	dir := t.TempDir()
	// A file where the site needs a folder: writing under it fails after
	// the files that sort before it were written.
	os.WriteFile(filepath.Join(dir, "content"), []byte("in the way"), 0o644)
	before := listDir(t, dir)
	if _, err := Write(dir, Options{Force: true}); err == nil {
		t.Fatal("writing under a file succeeded")
	}
	if after := listDir(t, dir); !slices.Equal(before, after) {
		t.Errorf("a failed init left files behind: %v", after)
	}
}
