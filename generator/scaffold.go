package generator

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"text/template"
	"time"

	"github.com/trellis-ssg/trellis/generator/config"
	"github.com/trellis-ssg/trellis/generator/content"
)

// NewPage writes content/<kind folder>/<slug>.md for a new page from the
// site's archetypes/<kind>.md, or the built-in archetype made from the
// kind's schema. It never overwrites: an existing file is an error wrapping
// os.ErrExist. It returns the path written, relative to the site folder.
func NewPage(siteDir string, kind content.Kind, title string, now time.Time) (string, error) {
	return NewPageWith(siteDir, kind, title, now, NewOptions{})
}

// NewOptions are the choices of `trellis new` beyond the kind and title.
type NewOptions struct {
	// Bundle makes the page a folder, content/<kind folder>/<slug>/index.md,
	// for the pictures and files that go beside it.
	Bundle bool
}

// NewPageWith is NewPage with options.
func NewPageWith(siteDir string, kind content.Kind, title string, now time.Time, opt NewOptions) (string, error) {
	slug := content.Slugify(title)
	if slug == "" {
		return "", fmt.Errorf("cannot make a file name from %q: use letters or digits", title)
	}
	if d := config.NotASite(siteDir); d != nil {
		return "", fmt.Errorf("%s; %s", d.Message, d.Hint)
	}
	cfg, diags := config.Load(siteDir)
	if diags.HasErrors() {
		return "", fmt.Errorf("site.yaml has errors; run trellis check")
	}
	src := content.Archetype(kind)
	if b, err := os.ReadFile(filepath.Join(siteDir, "archetypes", string(kind)+".md")); err == nil {
		src = string(b)
	}
	t, err := template.New(string(kind)).Parse(src)
	if err != nil {
		return "", fmt.Errorf("archetypes/%s.md: %w", kind, err)
	}
	var buf bytes.Buffer
	data := struct{ Title, Slug, Date, Kind string }{title, slug, now.Format("2006-01-02"), string(kind)}
	if err := t.Execute(&buf, data); err != nil {
		return "", fmt.Errorf("archetypes/%s.md: %w", kind, err)
	}
	rel := filepath.Join(cfg.ContentDir, kind.Folder(), slug+".md")
	if opt.Bundle {
		rel = filepath.Join(cfg.ContentDir, kind.Folder(), slug, "index.md")
		if _, err := os.Stat(filepath.Join(siteDir, cfg.ContentDir, kind.Folder(), slug+".md")); err == nil {
			return "", fmt.Errorf("%s already exists; move it to %s to make it a bundle: %w",
				filepath.ToSlash(filepath.Join(cfg.ContentDir, kind.Folder(), slug+".md")), filepath.ToSlash(rel), os.ErrExist)
		}
	} else if _, err := os.Stat(filepath.Join(siteDir, cfg.ContentDir, kind.Folder(), slug, "index.md")); err == nil {
		return "", fmt.Errorf("%s already exists; choose another title or edit that file: %w",
			filepath.ToSlash(filepath.Join(cfg.ContentDir, kind.Folder(), slug, "index.md")), os.ErrExist)
	}
	full := filepath.Join(siteDir, rel)
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		return "", err
	}
	f, err := os.OpenFile(full, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		if os.IsExist(err) {
			return "", fmt.Errorf("%s already exists; choose another title or edit that file: %w", rel, os.ErrExist)
		}
		return "", err
	}
	if _, err := f.Write(buf.Bytes()); err != nil {
		f.Close()
		return "", err
	}
	return filepath.ToSlash(rel), f.Close()
}

// WriteSchemas writes <kind>.json, the JSON Schema of each kind's front
// matter, and site.json, site.yaml's, into siteDir/dir and returns the paths
// written.
func WriteSchemas(siteDir, dir string) ([]string, error) {
	if d := config.NotASite(siteDir); d != nil {
		return nil, fmt.Errorf("%s; %s", d.Message, d.Hint)
	}
	cfg, diags := config.Load(siteDir)
	if diags.HasErrors() {
		return nil, fmt.Errorf("site.yaml has errors; run trellis check")
	}
	if err := os.MkdirAll(filepath.Join(siteDir, dir), 0o755); err != nil {
		return nil, err
	}
	var out []string
	for _, k := range append([]content.Kind{content.KindPage}, content.Kinds...) {
		b, err := content.SchemaJSON(k, cfg.Statuses)
		if err != nil {
			return nil, err
		}
		rel := filepath.Join(dir, string(k)+".json")
		if err := os.WriteFile(filepath.Join(siteDir, rel), b, 0o644); err != nil {
			return nil, err
		}
		out = append(out, filepath.ToSlash(rel))
	}
	b, err := config.SchemaJSON()
	if err != nil {
		return nil, err
	}
	rel := filepath.Join(dir, config.SchemaFile)
	if err := os.WriteFile(filepath.Join(siteDir, rel), b, 0o644); err != nil {
		return nil, err
	}
	return append(out, filepath.ToSlash(rel)), nil
}

// NewTranslation writes the start of page's translation into lang
// (`trellis new --lang cy initiatives/bike-library`): beside the page, as
// NAME.LANG.md (a bundle's index.LANG.md), with the original's text to
// translate (content.StartTranslation). page is the page's file under the
// content folder, with or without the folder and .md. It never
// overwrites; it returns the path written, relative to the site folder.
func NewTranslation(siteDir, page, lang string) (string, error) {
	if d := config.NotASite(siteDir); d != nil {
		return "", fmt.Errorf("%s; %s", d.Message, d.Hint)
	}
	cfg, diags := config.Load(siteDir)
	if diags.HasErrors() {
		return "", fmt.Errorf("site.yaml has errors; run trellis check")
	}
	codes := cfg.LanguageCodes()
	if !cfg.Multilingual() {
		return "", fmt.Errorf("the site is in one language; list its languages in site.yaml (languages: {%s: {name: …}, %s: {name: …}}) to translate its pages", codes[0], lang)
	}
	if lang == codes[0] {
		return "", fmt.Errorf("%s is the site's default language, the originals' language; translate into %s", lang, strings.Join(codes[1:], ", "))
	}
	l, ok := cfg.LanguageOf(lang)
	if !ok {
		return "", fmt.Errorf("%q is not one of the site's languages (%s); add it to languages: in site.yaml first", lang, strings.Join(codes, ", "))
	}
	name := filepath.ToSlash(filepath.Clean(filepath.FromSlash(page)))
	name = strings.TrimPrefix(strings.TrimSuffix(strings.TrimSuffix(name, "/index.md"), ".md"), filepath.ToSlash(cfg.ContentDir)+"/")
	if name == "." || strings.HasPrefix(name, "../") || strings.HasPrefix(name, "/") || name == ".." {
		return "", fmt.Errorf("%s is not a page of the content folder; name it as initiatives/bike-library", page)
	}
	dir := filepath.Join(siteDir, cfg.ContentDir)
	orig, rel := filepath.Join(dir, filepath.FromSlash(name)+".md"), filepath.FromSlash(name)+"."+lang+".md"
	if _, err := os.Stat(orig); err != nil {
		orig, rel = filepath.Join(dir, filepath.FromSlash(name), "index.md"), filepath.Join(filepath.FromSlash(name), "index."+lang+".md")
	}
	src, err := os.ReadFile(orig)
	if err != nil {
		return "", fmt.Errorf("no page %s in %s: name the original as initiatives/bike-library (its file without .md)", name, cfg.ContentDir)
	}
	origRel, _ := filepath.Rel(siteDir, orig)
	text, err := content.StartTranslation(src, fmt.Sprintf("%s: the translation into %s of %s.\n"+
		"Translate the text below; every other field is the original's. Set slug: for an address in %[2]s.\n"+
		"Remove draft: true to publish it.", filepath.ToSlash(filepath.Join(cfg.ContentDir, rel)), l.Name, filepath.ToSlash(origRel)))
	if err != nil {
		return "", fmt.Errorf("%s: %v; run trellis check", filepath.ToSlash(origRel), err)
	}
	rel = filepath.Join(cfg.ContentDir, rel)
	f, err := os.OpenFile(filepath.Join(siteDir, rel), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		if os.IsExist(err) {
			return "", fmt.Errorf("%s already exists; edit that file: %w", filepath.ToSlash(rel), os.ErrExist)
		}
		return "", err
	}
	if _, err := f.Write(text); err != nil {
		f.Close()
		return "", err
	}
	return filepath.ToSlash(rel), f.Close()
}
