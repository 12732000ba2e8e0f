// Package starter writes a new site, for trellis init: a commented site.yaml,
// the content folders with one short example page of each kind, archetypes,
// the front matter's JSON Schemas with editor settings that map them, a
// .gitignore and CI workflows for GitHub Pages and GitLab Pages.
//
// Like an importer it is not a stage of the build: it writes files that the
// ordinary pipeline then reads and judges, so every file it writes passes
// the same validation as an editor's.
package starter

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"text/template"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/trellis-ssg/trellis/generator/config"
	"github.com/trellis-ssg/trellis/generator/content"
)

// The starter site. Every file is a text/template with {% %} delimiters
// (workflows use ${{ }} themselves), executed with the Options.
//
//go:embed all:site
var site embed.FS

// Repository is where trellis lives: the GitHub Action and the module.
const Repository = "trellis-ssg/trellis"

// Options says what a new site gets.
type Options struct {
	// Title is the site's title; "Innovation portfolio" when empty.
	Title string
	// BaseURL is where the site will be served; "/" when empty.
	BaseURL string
	// Empty leaves the content folders without example pages.
	Empty bool
	// Force writes into a folder that already holds files; a file that
	// already exists is kept as it is, never overwritten.
	Force bool
	// Trellis is the version of trellis the CI workflows install.
	Trellis Pin
	// Now dates the example pages.
	Now time.Time
}

// Pin is the version of trellis that a site's CI installs.
type Pin struct {
	// Module is the version for go install …/cmd/trellis@Module: a release
	// tag, a pseudo-version or commit, or "" for the newest.
	Module string
	// Action is the ref for uses: trellis-ssg/trellis@Action: a release tag
	// or a full commit hash, or "" for the main branch.
	Action string
}

// Pinned reports whether both versions are fixed, so that a site's CI
// builds with the same trellis every time.
func (p Pin) Pinned() bool {
	return p.Module != "" && p.Module != "latest" && p.Action != "" && p.Action != "main"
}

// ErrNotEmpty is wrapped by the error Write returns for a folder that holds
// files when Options.Force is not set.
var ErrNotEmpty = errors.New("folder is not empty")

// ErrInvalid is wrapped by the error for options that would make a site.yaml
// that does not pass validation, such as a base URL that is not a URL.
var ErrInvalid = errors.New("invalid options")

// NotEmptyError names what is already in the folder.
type NotEmptyError struct {
	Dir     string
	Entries []string // the first few, sorted
	More    int      // how many more there are
}

func (e *NotEmptyError) Error() string {
	list := strings.Join(e.Entries, ", ")
	if e.More > 0 {
		list += fmt.Sprintf(" and %d more", e.More)
	}
	return fmt.Sprintf("%s is not empty (it has %s)", e.Dir, list)
}

// Unwrap makes errors.Is(err, ErrNotEmpty) true.
func (e *NotEmptyError) Unwrap() error { return ErrNotEmpty }

// Result says what Write did, by slash-separated path relative to the folder.
type Result struct {
	Written []string
	// Kept are files that already existed (with Force): left as they were.
	Kept []string
}

// Files returns every file of a new site by slash-separated path, without
// writing anything.
func Files(opt Options) (map[string][]byte, error) {
	if opt.Title == "" {
		opt.Title = config.Default().Title
	}
	if opt.BaseURL == "" {
		opt.BaseURL = "/"
	}
	if opt.Trellis.Module == "" {
		opt.Trellis.Module = "latest"
	}
	if opt.Trellis.Action == "" {
		opt.Trellis.Action = "main"
	}
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	data := struct {
		Title, BaseURL, Date string
		Module, Action       string
		Pinned               bool
	}{opt.Title, opt.BaseURL, opt.Now.Format("2006-01-02"), opt.Trellis.Module, opt.Trellis.Action, opt.Trellis.Pinned()}
	funcs := template.FuncMap{"yaml": yamlScalar}

	files := map[string][]byte{}
	contentDir := config.Default().ContentDir
	err := fs.WalkDir(site, "site", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel := strings.TrimPrefix(p, "site/")
		if opt.Empty && strings.HasPrefix(rel, contentDir+"/") {
			return nil
		}
		src, err := site.ReadFile(p)
		if err != nil {
			return err
		}
		t, err := template.New(rel).Delims("{%", "%}").Funcs(funcs).Option("missingkey=error").Parse(string(src))
		if err != nil {
			return err
		}
		var b bytes.Buffer
		if err := t.Execute(&b, data); err != nil {
			return err
		}
		files[rel] = b.Bytes()
		return nil
	})
	if err != nil {
		return nil, err
	}
	if _, diags := config.Parse(files[config.FileName]); len(diags) > 0 {
		return nil, fmt.Errorf("%w: %s", ErrInvalid, strings.TrimSpace(diags.String()))
	}
	if opt.Empty {
		// Git keeps no empty folder: a hidden file, which the build skips,
		// keeps each kind's folder in the repository.
		for _, k := range content.Kinds {
			files[contentDir+"/"+k.Folder()+"/.gitkeep"] = nil
		}
	}
	kinds := append([]content.Kind{content.KindPage}, content.Kinds...)
	for _, k := range kinds {
		if k != content.KindPage {
			files["archetypes/"+string(k)+".md"] = []byte(content.Archetype(k))
		}
		b, err := content.SchemaJSON(k, config.DefaultStatuses)
		if err != nil {
			return nil, err
		}
		files["schemas/"+string(k)+".json"] = b
	}
	site, err := config.SchemaJSON()
	if err != nil {
		return nil, err
	}
	files["schemas/"+config.SchemaFile] = site
	b, err := editorSettings(contentDir)
	if err != nil {
		return nil, err
	}
	files[".vscode/settings.json"] = b
	files[".vscode/extensions.json"] = []byte("{\n  \"recommendations\": [\"redhat.vscode-yaml\"]\n}\n")
	return files, nil
}

// editorSettings maps each schema to its files for YAML language servers
// (VS Code's yaml.schemas setting): site.yaml's to it, and each kind's to
// its folder, its bundles, and the plain pages at the top of the content
// folder.
func editorSettings(contentDir string) ([]byte, error) {
	schemas := map[string][]string{
		"./schemas/" + config.SchemaFile: {config.FileName},
		"./schemas/page.json":            {contentDir + "/*.md"},
	}
	for _, k := range content.Kinds {
		dir := contentDir + "/" + k.Folder()
		schemas["./schemas/"+string(k)+".json"] = []string{dir + "/*.md", dir + "/*/index.md"}
	}
	b, err := json.MarshalIndent(map[string]any{"yaml.schemas": schemas}, "", "  ")
	return append(b, '\n'), err
}

// yamlScalar writes s as one YAML scalar, quoted when it needs to be.
func yamlScalar(s string) (string, error) {
	b, err := yaml.Marshal(s)
	if err != nil {
		return "", err
	}
	out := strings.TrimSuffix(string(b), "\n")
	if strings.Contains(out, "\n") {
		// A long or multi-line value: one double-quoted line instead.
		j, err := json.Marshal(s)
		return string(j), err
	}
	return out, nil
}

// Write writes a new site into dir, creating it if needed. A folder that
// already holds anything other than .git is refused with a *NotEmptyError
// unless opt.Force is set; then existing files are kept. When writing fails
// midway, the files written so far are removed again.
func Write(dir string, opt Options) (Result, error) {
	var res Result
	files, err := Files(opt)
	if err != nil {
		return res, err
	}
	if err := checkEmpty(dir, opt.Force); err != nil {
		return res, err
	}
	names := slices.Sorted(maps.Keys(files))
	var made []string // folders this call created, outermost first
	undo := func() {
		for i := len(res.Written) - 1; i >= 0; i-- {
			os.Remove(filepath.Join(dir, filepath.FromSlash(res.Written[i])))
		}
		for i := len(made) - 1; i >= 0; i-- {
			os.Remove(made[i])
		}
	}
	if err := mkdirAll(dir, &made); err != nil {
		return res, err
	}
	for _, name := range names {
		full := filepath.Join(dir, filepath.FromSlash(name))
		if err := mkdirAll(filepath.Dir(full), &made); err != nil {
			undo()
			return Result{}, err
		}
		f, err := os.OpenFile(full, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, fs.ErrExist) {
			res.Kept = append(res.Kept, name)
			continue
		}
		if err != nil {
			undo()
			return Result{}, err
		}
		_, werr := f.Write(files[name])
		cerr := f.Close()
		res.Written = append(res.Written, name)
		if werr != nil || cerr != nil {
			undo()
			return Result{}, errors.Join(werr, cerr)
		}
	}
	return res, nil
}

// mkdirAll is os.MkdirAll that records each folder it creates, so that a
// failed Write can remove them again.
func mkdirAll(d string, made *[]string) error {
	fi, err := os.Stat(d)
	if err == nil {
		if !fi.IsDir() {
			return fmt.Errorf("%s is a file, not a folder", d)
		}
		return nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if parent := filepath.Dir(d); parent != d {
		if err := mkdirAll(parent, made); err != nil {
			return err
		}
	}
	if err := os.Mkdir(d, 0o755); err != nil {
		return err
	}
	*made = append(*made, d)
	return nil
}

// checkEmpty refuses a folder that holds anything but .git (a fresh clone
// of an empty repository counts as empty), unless force is set.
func checkEmpty(dir string, force bool) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	var names []string
	for _, e := range entries {
		if e.Name() == ".git" {
			continue
		}
		name := e.Name()
		if e.IsDir() {
			name += "/"
		}
		names = append(names, name)
	}
	if len(names) == 0 || force {
		return nil
	}
	sort.Strings(names)
	e := &NotEmptyError{Dir: dir, Entries: names}
	if len(names) > 5 {
		e.Entries, e.More = names[:5], len(names)-5
	}
	return e
}
