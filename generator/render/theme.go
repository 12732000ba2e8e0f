package render

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/trellis-ssg/trellis/generator/locale"
	"github.com/trellis-ssg/trellis/themes"
)

// Theme is a parsed theme: templates parsed once, strings for one language,
// and fingerprinted assets. A theme loaded for several languages holds a
// Theme for each (For), sharing the assets.
type Theme struct {
	views  map[string]*template.Template
	table  *locale.Table
	assets map[string]Asset // by logical name, e.g. "site.css"
	names  []string
	langs  []*Theme // every language's, the first's own first
}

// Asset is a theme file published under a fingerprinted name.
type Asset struct {
	Path      string // site path, e.g. "assets/site.3f2a9c1d.css"
	Integrity string // Subresource Integrity value
	Data      []byte
}

// overlay looks a file up in the site's theme folder first, then in the
// embedded default theme.
type overlay struct {
	site fs.FS // may be nil
	base fs.FS
}

func (o overlay) Open(name string) (fs.File, error) {
	if o.site != nil {
		if f, err := o.site.Open(name); err == nil {
			return f, nil
		}
	}
	return o.base.Open(name)
}

// Layers are the theme's layers, the default theme first, for strings
// tables that a site's add to (locale.Load).
func (o overlay) Layers() []fs.FS {
	if o.site == nil {
		return []fs.FS{o.base}
	}
	return []fs.FS{o.base, o.site}
}

func (o overlay) ReadDir(name string) ([]fs.DirEntry, error) {
	seen := map[string]fs.DirEntry{}
	for _, f := range []fs.FS{o.base, o.site} {
		if f == nil {
			continue
		}
		es, err := fs.ReadDir(f, name)
		if err != nil {
			continue
		}
		for _, e := range es {
			seen[e.Name()] = e
		}
	}
	out := make([]fs.DirEntry, 0, len(seen))
	for _, e := range seen {
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out, nil
}

// ThemeFS returns the files of theme name for a site in siteDir: the site's
// themes/<name>/ over the embedded default theme.
func ThemeFS(siteDir, name string) fs.FS {
	var site fs.FS
	dir := filepath.Join(siteDir, "themes", name)
	if fi, err := os.Stat(dir); err == nil && fi.IsDir() {
		site = os.DirFS(dir)
	}
	return overlay{site: site, base: themes.Default}
}

// views are the page templates; each defines "main" for layouts/base.html,
// or "document", a whole page of its own (embed.html).
var views = []string{"home", "page", "intent", "initiative", "learning", "decision", "narrative", "source", "organisation",
	"list", "terms", "term", "accessibility", "404", "alias", "search", "data", "gallery", "changes", "map", "views", "embed", "money", "glossary", "health", "health-figure"}

// Views lists the page templates of a theme (layouts/<name>.html): every
// HTML page of a site is made by one of them, and its body carries the
// class view-<name>.
func Views() []string { return slices.Clone(views) }

// LoadTheme parses a theme's templates and reads its strings for each of
// langs (the site's languages, the default first; English when none is
// given), falling back to English for a missing string, and fingerprints
// its assets. The Theme returned is the first language's; For gives the
// others'.
func LoadTheme(fsys fs.FS, langs ...string) (*Theme, error) {
	if len(langs) == 0 {
		langs = []string{locale.Base}
	}
	assets := map[string]Asset{}
	var names []string
	entries, err := fs.ReadDir(fsys, "assets")
	if err != nil {
		return nil, fmt.Errorf("theme: %w", err)
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		data, err := fs.ReadFile(fsys, "assets/"+e.Name())
		if err != nil {
			return nil, fmt.Errorf("theme: %w", err)
		}
		assets[e.Name()] = fingerprint(e.Name(), data)
		names = append(names, e.Name())
	}
	var all []*Theme
	for _, l := range langs {
		t := &Theme{views: map[string]*template.Template{}, assets: assets, names: names}
		if t.table, err = locale.Load(fsys, l); err != nil {
			return nil, err
		}
		if err := t.parse(fsys); err != nil {
			return nil, err
		}
		all = append(all, t)
	}
	for _, t := range all {
		t.langs = all
	}
	return all[0], nil
}

// For returns the theme in the language with code: t itself when it is
// t's language or the theme was not loaded for it.
func (t *Theme) For(code string) *Theme {
	for _, l := range t.langs {
		if l.table.Lang() == code {
			return l
		}
	}
	return t
}

// Table is the theme's strings table.
func (t *Theme) Table() *locale.Table { return t.table }

// parse parses the theme's templates with the functions of t's language.
func (t *Theme) parse(fsys fs.FS) error {
	lang := template.FuncMap{"date": t.dateFunc, "money": t.table.Money, "total": t.fundingTotal}
	// cached is bound to each view's templates below; base's own is never run.
	base, err := template.New("base").Funcs(funcs).Funcs(lang).Funcs(template.FuncMap{"cached": cachedFunc(nil, 0, nil)}).
		ParseFS(fsys, "layouts/base.html", "layouts/partials.html", "layouts/fragments.html", "layouts/funds.html", "layouts/sense.html")
	if err != nil {
		return fmt.Errorf("theme: %w", err)
	}
	common := map[string]string{} // the templates of base.html, partials.html and fragments.html, as parsed
	for _, x := range base.Templates() {
		if x.Tree != nil && x.Tree.Root != nil {
			common[x.Name()] = x.Tree.Root.String()
		}
	}
	for i, v := range views {
		src, err := fs.ReadFile(fsys, "layouts/"+v+".html")
		if err != nil {
			return fmt.Errorf("theme: %w", err)
		}
		c, err := base.Clone()
		if err != nil {
			return err
		}
		if _, err := c.New(v).Parse(string(src)); err != nil {
			return fmt.Errorf("theme: %w", err)
		}
		// The templates the view's file defines ("main", or a partial it
		// redefines) make the fragments that reach them the view's own.
		own := map[string]bool{}
		for _, x := range c.Templates() {
			if x.Tree != nil && x.Tree.Root != nil && common[x.Name()] != x.Tree.Root.String() {
				own[x.Name()] = true
			}
		}
		if err := cachedCycle(c); err != nil {
			return fmt.Errorf("theme: %s: %w", v, err)
		}
		c.Funcs(template.FuncMap{"cached": cachedFunc(c, i+1, sharedTemplates(c, own))})
		t.views[v] = c
	}
	return nil
}

// fingerprint minifies a file of a known type and names it under assets/
// with its content hash, with its integrity value.
func fingerprint(name string, data []byte) Asset {
	if mt := mediaType(name); mt != "" {
		var buf bytes.Buffer
		if err := newMinifier().m.Minify(mt, &buf, bytes.NewReader(data)); err == nil {
			data = buf.Bytes()
		}
	}
	sum := sha256.Sum256(data)
	ext := path.Ext(name)
	p := "assets/" + strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:4]) + ext
	return Asset{Path: p, Integrity: "sha256-" + base64.StdEncoding.EncodeToString(sum[:]), Data: data}
}

// Asset returns a theme asset by its logical name.
func (t *Theme) Asset(name string) (Asset, bool) {
	a, ok := t.assets[name]
	return a, ok
}

// String returns the theme's text for key in the site's language.
func (t *Theme) String(key string) string { return t.table.T(key) }
