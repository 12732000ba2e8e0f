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
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/trellis-ssg/trellis/themes"
)

// Theme is a parsed theme: templates parsed once, strings for one language,
// and fingerprinted assets.
type Theme struct {
	views   map[string]*template.Template
	strings map[string]string
	assets  map[string]Asset // by logical name, e.g. "site.css"
	names   []string
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
	"list", "terms", "term", "accessibility", "404", "alias", "search", "data", "gallery", "changes", "map", "views", "embed"}

// LoadTheme parses a theme's templates, reads its strings for lang (falling
// back to English for a missing string) and fingerprints its assets.
func LoadTheme(fsys fs.FS, lang string) (*Theme, error) {
	t := &Theme{views: map[string]*template.Template{}, strings: map[string]string{}, assets: map[string]Asset{}}
	for _, l := range []string{"en", lang} {
		src, err := fs.ReadFile(fsys, "i18n/"+l+".yaml")
		if err != nil {
			if l == "en" {
				return nil, fmt.Errorf("theme: %w", err)
			}
			continue
		}
		var m map[string]string
		if err := yaml.Unmarshal(src, &m); err != nil {
			return nil, fmt.Errorf("theme: i18n/%s.yaml: %w", l, err)
		}
		for k, v := range m {
			t.strings[k] = v
		}
	}
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
		t.addAsset(e.Name(), data)
	}
	// cached is bound to each view's templates below; base's own is never run.
	base, err := template.New("base").Funcs(funcs).Funcs(template.FuncMap{"date": t.dateFunc, "cached": cachedFunc(nil, 0, nil)}).
		ParseFS(fsys, "layouts/base.html", "layouts/partials.html", "layouts/fragments.html")
	if err != nil {
		return nil, fmt.Errorf("theme: %w", err)
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
			return nil, fmt.Errorf("theme: %w", err)
		}
		c, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if _, err := c.New(v).Parse(string(src)); err != nil {
			return nil, fmt.Errorf("theme: %w", err)
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
			return nil, fmt.Errorf("theme: %s: %w", v, err)
		}
		c.Funcs(template.FuncMap{"cached": cachedFunc(c, i+1, sharedTemplates(c, own))})
		t.views[v] = c
	}
	return t, nil
}

// addAsset publishes data under a name carrying its content hash, so that a
// host may cache it forever, with an integrity value for the page to check.
func (t *Theme) addAsset(name string, data []byte) {
	t.assets[name] = fingerprint(name, data)
	t.names = append(t.names, name)
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
func (t *Theme) String(key string) string {
	if s, ok := t.strings[key]; ok {
		return s
	}
	return key
}
