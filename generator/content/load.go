// Package content is the loading stage of the pipeline: it walks a site's
// content folder, decodes each page's front matter (YAML, TOML or JSON),
// checks it against its kind's schema, and converts its Markdown body once.
// It knows nothing of other pages beyond duplicate slugs: references are
// recorded with their positions for the portfolio stage to resolve.
package content

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/trellis-ssg/trellis/generator/diag"
	"github.com/trellis-ssg/trellis/generator/markdown"
)

// MaxFileSize is the largest content file trellis reads. Larger files are
// reported, not loaded, so that one stray export cannot exhaust memory.
const MaxFileSize = 8 << 20

// Options control loading.
type Options struct {
	// Drafts includes pages marked draft.
	Drafts bool
	// Statuses is the initiative status vocabulary.
	Statuses []string
	// Now is the moment consent expiry is judged against.
	Now time.Time
	// Cache, when set, keeps parsed pages between loads: only pages whose
	// files changed are parsed again (see Cache).
	Cache *Cache
	// GitDates fills each page's Committed date from git history when the
	// site is a git checkout, and warns about a page whose id differs from
	// the one it had in the previous commit.
	GitDates bool
	// Private says which commits the pages' public history leaves out.
	Private Private
	// Strict warns about front matter keys a plain page's schema does not
	// know, which are otherwise kept quietly in Page.Params.
	Strict bool
	// Languages are the site's language codes, the default first, on a
	// site with `languages:`: files named NAME.LANG.md are then loaded as
	// translations (translation.go). Without them, no file is.
	Languages []string
	// Spill, when set, takes each page's body HTML out of memory until the
	// page is rendered (markdown.Spill): for a one-off build, which must
	// close it after rendering. A Cache keeps documents between loads and
	// must not be used with it.
	Spill *markdown.Spill
}

// Set is the loaded content of a site.
type Set struct {
	Pages []*Page // published and withheld pages, sorted by File
	// Files are the content files that are neither pages nor bundle
	// resources and are published as they are (relative to the content folder).
	Files []string
	Root  string // the site folder
	Dir   string // the content folder, relative to Root
	// Drafts are the pages marked draft that are left out (Options.Drafts
	// is off): known, so that links to them are told apart from links to
	// pages that do not exist.
	Drafts []*Page
	// Unreadable are the pages whose front matter could not be read (each
	// with its error among the diagnostics), known by their file names so
	// that links to them are not reported again.
	Unreadable []*Page
	// Translations are the published translations of the pages, each
	// merged with its original (Page.Original), in file order.
	Translations []*Page
	// Git says how much git history the pages' Committed dates and
	// Commits come from.
	Git Git
}

type source struct {
	file      string // relative to the site root, slash-separated
	section   string // the folder under content/, for plain pages
	kind      Kind   // from the folder
	bundle    string // the bundle folder, or ""
	index     string // the folder whose page this is, for a folder of pages (not a bundle); or ""
	resources []string
	lang      string // the language of a file named NAME.LANG.md
	orig      string // a translation's original file
}

// Load reads every page under root/dir. It never stops at the first problem.
func Load(root, dir string, opt Options) (*Set, diag.List) {
	var diags diag.List
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	if opt.Cache != nil {
		opt.Cache.begin(root)
	}
	var srcs []source
	var files []string
	if opt.Cache != nil {
		srcs, files = opt.Cache.walk(root, dir, &diags)
	} else {
		srcs, files = walk(root, dir, &diags)
	}
	srcs = translations(srcs, opt.Languages, &diags)
	conv := markdown.New()

	pages := make([]*Page, len(srcs))
	perPage := make([]diag.List, len(srcs))
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if opt.Cache != nil {
					pages[i] = opt.Cache.load(root, srcs[i], conv, opt, &perPage[i])
				} else {
					pages[i] = loadPage(root, srcs[i], conv, opt, &perPage[i])
				}
			}
		}()
	}
	for i := range srcs {
		next <- i
	}
	close(next)
	wg.Wait()
	if opt.Cache != nil {
		opt.Cache.end(srcs)
	}

	var git Git
	if opt.GitDates {
		git = datePages(root, dir, pages, opt.Private, opt.Cache)
	}
	if git == GitShallow {
		diags.Warnf(".git/shallow", 0, "history-shallow",
			"fetch the whole history: git fetch --unshallow (in GitHub Actions, actions/checkout with fetch-depth: 0)",
			"the site is a shallow clone of its repository: each page's history and last-updated date are partial, and the pages say so")
	}
	set := &Set{Root: root, Dir: dir, Files: files, Git: git}
	var trs []*Page
	for i, p := range pages {
		if p != nil && p.Draft {
			perPage[i] = draftDiags(perPage[i], opt.Drafts)
		}
		diags = append(diags, perPage[i]...)
		switch {
		case p == nil:
		case p.orig != "" && !p.Unreadable:
			if !p.Draft || opt.Drafts {
				trs = append(trs, p)
			}
		case p.orig != "":
		case p.Unreadable:
			set.Unreadable = append(set.Unreadable, p)
		case !p.Draft || opt.Drafts:
			set.Pages = append(set.Pages, p)
		default:
			set.Drafts = append(set.Drafts, p)
		}
	}
	checkDuplicates(set.Pages, &diags)
	checkIDs(set.Pages, &diags)
	if len(opt.Languages) > 0 {
		for _, p := range set.Pages {
			p.Lang = opt.Languages[0]
		}
		linkTranslations(set, trs, opt.Languages, opt, &diags)
	}
	if opt.GitDates && opt.Cache == nil {
		// Not in the dev server's edit loop: it compares the working tree
		// with git history on every load; build and check report it.
		checkIDHistory(root, dir, set.Pages, &diags)
	}
	return set, diags
}

// walk finds the pages and bundles under root/dir.
func walk(root, dir string, diags *diag.List) ([]source, []string) {
	base := filepath.Join(root, dir)
	var srcs []source
	var files []string
	bundles := map[string]string{} // bundle folder → its page file
	indexes := map[string]bool{}   // the page files of folders of pages
	// Folders under content/ whose names look like a mistyped kind's: their
	// pages are read as that kind, so that the one mistake is the folder's
	// name, not every field the kind has and a plain page lacks.
	typos := map[string]Kind{}
	kindOf := func(top string) Kind {
		if k, ok := typos[top]; ok {
			return k
		}
		return KindOfFolder(top)
	}
	rootAbs, _ := filepath.Abs(base)
	err := filepath.WalkDir(base, func(p string, d fs.DirEntry, err error) error {
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if err != nil {
			if p == base {
				return err // the content folder itself: reported below
			}
			diags.Errorf(rel, 0, "read", "check the file's permissions", "cannot read: %v", err)
			return nil
		}
		name := d.Name()
		if p != base && ignored(name) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			target, err := filepath.EvalSymlinks(p)
			abs, _ := filepath.Abs(target)
			if err != nil || !within(rootAbs, abs) {
				diags.Errorf(rel, 0, "symlink-outside", "copy the file into the content folder instead", "symbolic link points outside the content folder; it is not read")
				return nil
			}
			if fi, err := os.Stat(p); err == nil && fi.IsDir() {
				diags.Warnf(rel, 0, "symlink-dir", "move the folder into the content folder", "symbolic links to folders are not followed")
				return nil
			}
		}
		if d.IsDir() && filepath.Dir(p) == base {
			if k := FolderTypo(name); k != "" {
				typos[name] = k
				diags.Add(diag.Diagnostic{File: rel, Severity: diag.Error, Code: "kind-folder",
					Message: fmt.Sprintf("%s/ is not a kind's folder", name),
					Hint: fmt.Sprintf("did you mean %s/? Rename the folder; its pages are checked as %ss meanwhile (docs/content.md lists the kinds and their folders)",
						k.Folder(), k)})
			}
		}
		if d.IsDir() {
			kindFolder := filepath.Dir(p) == base && kindOf(name) != KindPage
			if p == base || kindFolder {
				return nil // a kind's folder is never a page of its own
			}
			index := folderIndex(p)
			if index == "" {
				return nil
			}
			contentRel := strings.TrimPrefix(rel, filepath.ToSlash(dir)+"/")
			top, _, _ := strings.Cut(contentRel, "/")
			section := path.Dir(contentRel)
			if section == "." {
				section = ""
			}
			src := source{file: rel + "/" + index, kind: kindOf(top), section: section}
			if src.kind == KindPage && hasOtherMarkdown(p, index) {
				// A folder of pages written for GitHub or a docs tool:
				// the index is the folder's page, the others are under it.
				src.index = rel
				indexes[src.file] = true
			} else {
				src.bundle = rel
				bundles[rel] = src.file
			}
			srcs = append(srcs, src)
			return nil
		}
		relDir := path.Dir(rel)
		inBundle := ""
		for b := relDir; b != "." && b != "/" && b != ""; b = path.Dir(b) {
			if bundles[b] != "" {
				inBundle = b
				break
			}
		}
		contentRel := strings.TrimPrefix(strings.TrimPrefix(rel, filepath.ToSlash(dir)), "/")
		top, _, _ := strings.Cut(contentRel, "/")
		if !strings.Contains(contentRel, "/") {
			top = ""
		}
		kind := kindOf(top)
		switch {
		case inBundle != "" && rel == bundles[inBundle], indexes[rel]:
		case inBundle != "":
			for i := range srcs {
				if srcs[i].bundle == inBundle {
					srcs[i].resources = append(srcs[i].resources, strings.TrimPrefix(rel, inBundle+"/"))
				}
			}
		case strings.HasSuffix(name, ".md"):
			section := path.Dir(contentRel)
			if section == "." {
				section = ""
			}
			if name == "_index.md" {
				diags.Warnf(rel, 0, "section-index", "lists are generated; put the text in site.yaml's statement or a plain page", "section index files are not used")
				return nil
			}
			srcs = append(srcs, source{file: rel, kind: kind, section: section})
		default:
			files = append(files, contentRel)
		}
		return nil
	})
	switch {
	case errors.Is(err, fs.ErrNotExist):
		diags.Errorf(filepath.ToSlash(dir), 0, "read", "create it and put the pages in it, or set content_dir in site.yaml to the folder that holds them",
			"the content folder %s/ does not exist", filepath.ToSlash(dir))
	case err != nil:
		diags.Errorf(filepath.ToSlash(dir), 0, "read", "check the folder's permissions", "cannot read the content folder: %v", err)
	}
	sort.Slice(srcs, func(i, j int) bool { return srcs[i].file < srcs[j].file })
	for i := range srcs {
		sort.Strings(srcs[i].resources)
	}
	return srcs, files
}

// folderIndex returns the name of a folder's page, index.md or else
// README.md (as GitHub shows a folder), or "" when it has neither.
func folderIndex(dir string) string {
	for _, name := range []string{"index.md", "README.md"} {
		if fi, err := os.Stat(filepath.Join(dir, name)); err == nil && fi.Mode().IsRegular() {
			return name
		}
	}
	return ""
}

// hasOtherMarkdown reports whether a folder holds, at any depth, a
// Markdown file other than its page index: then it is a folder of pages,
// not a bundle of one page and its files.
func hasOtherMarkdown(dir, index string) bool {
	found := false
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || found {
			return filepath.SkipAll
		}
		if p != dir && ignored(d.Name()) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.IsDir() && strings.HasSuffix(d.Name(), ".md") && p != filepath.Join(dir, index) && d.Name() != "_index.md" &&
			!isTranslationOf(d.Name(), index) {
			found = true
			return filepath.SkipAll
		}
		return nil
	})
	return found
}

// Ignored says whether a file or folder name is an editor's or the
// system's (a dotfile, a backup~, an #autosave#, a .swp, a JetBrains
// temporary), not content. Load skips such names.
func Ignored(name string) bool { return ignored(name) }

// ignored says whether a file is an editor's or the system's, not content.
func ignored(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~") ||
		strings.HasPrefix(name, "#") || strings.HasSuffix(name, ".swp") ||
		strings.HasSuffix(name, ".tmp") || strings.HasSuffix(name, "___jb_tmp___") ||
		strings.HasSuffix(name, "___jb_old___")
}

func within(dir, p string) bool {
	r, err := filepath.Rel(dir, p)
	return err == nil && r != ".." && !strings.HasPrefix(r, "../")
}

// loadPage reads, checks and converts one page. It returns nil when the page
// cannot be used at all; other problems are diagnostics on a usable page.
func loadPage(root string, s source, conv *markdown.Converter, opt Options, diags *diag.List) *Page {
	full := filepath.Join(root, filepath.FromSlash(s.file))
	fi, err := os.Stat(full)
	if err != nil {
		diags.Errorf(s.file, 0, "read", "check the file's permissions", "cannot read: %v", err)
		return nil
	}
	if fi.Size() > MaxFileSize {
		diags.Errorf(s.file, 0, "file-too-large", "split the page, or move large data out of content/", "file is %d MB; pages may be at most %d MB", fi.Size()>>20, MaxFileSize>>20)
		return nil
	}
	src, err := os.ReadFile(full)
	if err != nil {
		diags.Errorf(s.file, 0, "read", "check the file's permissions", "cannot read: %v", err)
		return nil
	}
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(src) {
		line, col := invalidUTF8(src)
		diags.Add(diag.Diagnostic{File: s.file, Line: line, Col: col, Severity: diag.Error, Code: "encoding",
			Message: "the file is not valid UTF-8", Hint: "save the file as UTF-8 in your editor"})
		return nil
	}
	if i := bytes.IndexByte(src, 0); i >= 0 {
		diags.Add(diag.Diagnostic{File: s.file, Line: bytes.Count(src[:i], []byte("\n")) + 1, Severity: diag.Error, Code: "encoding",
			Message: "the file contains a NUL byte", Hint: "this looks like a binary file; pages must be text"})
		return nil
	}
	// Line endings as editors, YAML and CommonMark count them: CRLF, and a
	// lone CR (old Mac files), are each one line break.
	src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	src = bytes.ReplaceAll(src, []byte("\r"), []byte("\n"))
	if len(bytes.TrimSpace(src)) == 0 {
		diags.Errorf(s.file, 0, "empty", "add front matter with at least a title, or delete the file", "the file is empty")
		return nil
	}
	m, err := splitMatter(src)
	if err != nil {
		var se *syntaxError
		if errors.As(err, &se) {
			msg := se.msg
			if se.format != "" {
				msg = se.format + " front matter: " + msg
			}
			diags.Add(diag.Diagnostic{File: s.file, Line: se.line, Col: se.col, Severity: diag.Error, Code: "fm-syntax",
				Message: msg, Hint: se.hint, Source: sourceLine(src, se.line)})
		} else {
			diags.Errorf(s.file, 0, "fm-syntax", "", "cannot read front matter: %v", err)
		}
		return unreadable(s)
	}
	// A file without front matter (a README, a page written for another
	// tool) is a page with no fields set: its title may come from its
	// first # heading.
	noMatter := m.root == nil
	if noMatter {
		m.root = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: 1, Column: 1}
	}

	p := &Page{File: s.file, Kind: s.kind, Bundle: s.bundle, Resources: s.resources, Section: s.section, Lines: map[string]int{}}
	if m.root.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(m.root.Content); i += 2 {
			k := m.root.Content[i]
			p.Lines[k.Value] = k.Line + m.lineOff
			if k.Value == "kind" {
				if kind, ok := ParseKind(m.root.Content[i+1].Value); ok {
					p.Kind = kind
				}
			}
		}
	}
	// The front matter's diagnostics wait for the body: a missing title
	// may be taken from its first heading.
	var fmDiags diag.List
	c := &checker{file: s.file, lineOff: m.lineOff, statuses: opt.Statuses, diags: &fmDiags, kind: p.Kind, orig: s.orig, now: opt.Now}
	fields := Fields(p.Kind)
	if s.orig != "" {
		fields = translationFields
		p.Lang, p.orig = s.lang, s.orig
	} else if p.Kind == KindPage && !opt.Strict {
		c.keep = map[string]any{}
	}
	c.object(m.root, fields, "")
	p.Refs = c.refs
	if len(c.keep) > 0 {
		p.Params = c.keep
	}
	if m.root.Kind == yaml.MappingNode {
		if err := m.root.Decode(&p.Meta); err != nil {
			diags.Errorf(s.file, m.lineOff, "fm-type", "", "cannot decode front matter: %v", err)
		}
	}
	p.Slug = slugOf(s)
	if p.SlugKey != "" {
		if ValidSlug(p.SlugKey) {
			p.Slug = p.SlugKey
		} else {
			diags.Errorf(s.file, p.Line("slug"), "fm-slug", fmt.Sprintf("use lowercase letters, digits and hyphens, such as %q", Slugify(p.SlugKey)), "slug %q is not valid", p.SlugKey)
		}
	}
	if !ValidSlug(p.Slug) {
		diags.Errorf(s.file, 0, "slug", "rename the file with lowercase letters, digits and hyphens", "cannot make a URL from the file name")
		return nil
	}
	for _, a := range p.Aliases {
		if !validAlias(a) {
			diags.Errorf(s.file, p.Line("aliases"), "fm-alias", "write an alias as a site path such as /old-name/", "alias %q is not a safe site path", a)
		}
	}
	p.Aliases = filterAliases(p.Aliases)
	if s.orig == "" {
		checkKind(p, opt, diags)
		checkAnonymity(p, m, diags)
	} else {
		p.matter = m // checked with its original's teller (linkTranslations)
	}

	untitled := strings.TrimSpace(p.Title) == ""
	doc, err := conv.Convert(m.body, markdown.Options{VideoID: p.VideoID(), TitleFromHeading: untitled})
	if err != nil {
		*diags = append(*diags, fmDiags...)
		diags.Errorf(s.file, m.bodyLine, "markdown", "", "cannot convert the body: %v", err)
		return nil
	}
	if untitled {
		fmDiags = slices.DeleteFunc(fmDiags, func(d diag.Diagnostic) bool {
			return d.Code == "fm-required" && strings.Contains(d.Message, "`title`") && (doc.Title != "" || noMatter)
		})
		p.Title = doc.Title
		if doc.Title == "" && noMatter {
			fmDiags.Errorf(s.file, 1, "fm-missing", "start the text with a # heading, which becomes the title, or with front matter: a `---` line, then `title: ...`, then another `---` line",
				"the page has no title: no front matter, and no # heading to take it from")
		}
	}
	*diags = append(*diags, fmDiags...)
	if opt.Spill != nil {
		if err := doc.Spill(opt.Spill); err != nil {
			diags.Errorf(s.file, 0, "spill", "check the free space beside the site's output folder", "%v", err)
			return nil
		}
	}
	for i := range doc.Links {
		doc.Links[i].Line += m.bodyLine - 1
	}
	for i := range doc.Citations {
		doc.Citations[i].Line += m.bodyLine - 1
	}
	for _, l := range doc.Links {
		if l.Image && strings.TrimSpace(l.Label) == "" {
			diags.Add(diag.Diagnostic{File: s.file, Line: l.Line, Col: l.Col, Severity: diag.Warning, Code: "image-alt",
				Message: fmt.Sprintf("image %s has no alternative text", l.Target),
				Hint:    "describe what it shows between the brackets: ![what the image shows](" + l.Target + ")"})
		}
	}
	p.Body = doc
	if p.Draft && strings.TrimSpace(p.Title) == "" {
		p.Title = p.Slug // shown in the preview until it has one
	}
	p.path = p.sitePath()
	return p
}

// draftDiags is what a draft's diagnostics become. A draft is work in
// progress: what it still lacks (a required field, an empty list) is a
// warning, and when drafts are left out of the site nothing in it fails
// the build.
func draftDiags(diags diag.List, included bool) diag.List {
	out := make(diag.List, len(diags))
	for i, d := range diags {
		if d.Severity == diag.Error && (!included || d.Code == "fm-required") {
			d.Severity = diag.Warning
			if !included {
				d.Hint = strings.TrimSpace(d.Hint + " (the page is a draft, left out of the site)")
			}
		}
		out[i] = d
	}
	return out
}

// unreadable is the page of a file whose front matter could not be read:
// known by its file name only, so that links to it are not reported as
// links to a page that does not exist (its own error says what is wrong).
func unreadable(s source) *Page {
	p := &Page{File: s.file, Kind: s.kind, Bundle: s.bundle, Resources: s.resources, Section: s.section, Unreadable: true, orig: s.orig}
	p.Slug = slugOf(s)
	p.path = p.sitePath()
	return p
}

// sourceLine returns line n (1-based) of src, for a diagnostic to show.
func sourceLine(src []byte, n int) string {
	if n <= 0 {
		return ""
	}
	return strings.TrimRight(firstLine(src[lineStart(src, n-1):]), " \t")
}

// checkKind applies the rules that span fields.
func checkKind(p *Page, opt Options, diags *diag.List) {
	f := p.File
	switch p.Kind {
	case KindLearning:
		if len(p.Initiatives) == 0 && len(p.Intents) == 0 {
			diags.Errorf(f, 1, "fm-required", "add `initiatives:` or `intents:` with the slugs this learning is about", "a learning needs initiatives or intents")
		}
		for _, e := range p.Evidence {
			n := 0
			for _, s := range []string{e.Narrative, e.Source, e.URL} {
				if s != "" {
					n++
				}
			}
			if n != 1 {
				diags.Errorf(f, p.Line("evidence"), "fm-evidence", "give each evidence item one of narrative, source (with at) or url", "an evidence item must cite exactly one story, source or link")
			}
		}
	case KindInitiative:
		if !p.Start.IsZero() && !p.End.IsZero() && p.End.Before(p.Start.Time) {
			diags.Errorf(f, p.Line("end"), "fm-dates", "check the two dates", "end (%s) is before start (%s)", p.End, p.Start)
		}
		for i := 1; i < len(p.StatusHistory); i++ {
			if p.StatusHistory[i].Date.Before(p.StatusHistory[i-1].Date.Time) {
				diags.Warnf(f, p.Line("status_history"), "fm-dates", "list status changes oldest first", "status_history is not in date order")
				break
			}
		}
		if n := len(p.StatusHistory); n > 0 && p.StatusHistory[n-1].Status != p.Status && p.Status != "" {
			diags.Warnf(f, p.Line("status"), "status-history", "add the latest change to status_history", "status is %q but the last status_history entry says %q", p.Status, p.StatusHistory[n-1].Status)
		}
	case KindSource:
		if p.Type == "" && p.VideoID() == "" {
			diags.Errorf(f, 1, "fm-required", "add `type:` (video, report, talk, article, dataset, podcast), or `video_id:` for a recording", "a source needs a type")
		}
		if p.Type == "" && p.VideoID() != "" {
			p.Type = "video"
		}
	case KindNarrative:
		checkConsent(p, opt, diags)
		if m := p.Media; m != nil {
			switch m.Type {
			case "image":
				if strings.TrimSpace(m.Alt) == "" {
					diags.Errorf(f, p.Line("media"), "media-alt", "describe what the image shows in `alt:`", "an image needs alternative text")
				}
			case "audio", "video":
				if strings.TrimSpace(m.Transcript) == "" {
					diags.Errorf(f, p.Line("media"), "media-transcript", "add `transcript:` with what is said", "%s media needs a transcript", m.Type)
				}
			}
			if m.Type == "video" && m.VideoID == "" && m.Src == "" {
				diags.Errorf(f, p.Line("media"), "media-src", "add `video_id:` or `src:`", "video media needs a video_id or a src")
			}
			if m.Type != "video" && m.Src == "" {
				diags.Errorf(f, p.Line("media"), "media-src", "add `src:` with a file beside the page or an https address", "%s media needs a src", m.Type)
			}
		}
	}
	for _, src := range []string{imageSrc(p), mediaSrc(p)} {
		if src != "" && !strings.Contains(src, "://") && !p.HasResource(src) {
			hint := "put the file beside the page: make the page a bundle (slug/index.md) with the file in its folder"
			if s := diag.Suggest(src, p.Resources); s != "" {
				hint = fmt.Sprintf("did you mean `%s`?", s)
			}
			diags.Errorf(f, 1, "file-missing", hint, "file %q is not in the page's folder", src)
		}
	}
}

func checkConsent(p *Page, opt Options, diags *diag.List) {
	c := p.Consent
	line := p.Line("consent")
	switch {
	case p.Draft && (len(c.Scope) == 0 || c.Given.IsZero()):
		// A draft's missing consent is only a warning, but the story is
		// still never shown without it, not even in the preview.
		p.Withheld = "no consent recorded yet"
	case !c.Withdrawn.IsZero() && !c.Withdrawn.After(opt.Now):
		p.Withheld = "consent withdrawn on " + c.Withdrawn.String()
	case !c.Expires.IsZero() && !c.Expires.After(opt.Now):
		p.Withheld = "consent expired on " + c.Expires.String()
	case len(c.Scope) > 0 && !c.Allows("site"):
		p.Withheld = "consent does not cover publication on the site"
	}
	if p.Withheld != "" {
		diags.Warnf(p.File, line, "consent-withheld", "the story stays in git but is not published; remove references to it if it should not be cited", "story not published: %s", p.Withheld)
	} else if !c.Expires.IsZero() && c.Expires.Before(opt.Now.AddDate(0, 0, 60)) {
		diags.Warnf(p.File, line, "consent-expiring", "ask the teller to renew consent, or plan to unpublish", "consent expires on %s", c.Expires)
	}
}

func imageSrc(p *Page) string {
	if p.Image != nil {
		return p.Image.Src
	}
	return ""
}

func mediaSrc(p *Page) string {
	if p.Media != nil {
		return p.Media.Src
	}
	return ""
}

// HasResource reports whether a bundle holds the file name.
func (p *Page) HasResource(name string) bool {
	for _, r := range p.Resources {
		if r == name {
			return true
		}
	}
	return false
}

func checkDuplicates(pages []*Page, diags *diag.List) {
	seen := map[string]*Page{}
	for _, p := range pages {
		key := p.Path()
		if first, ok := seen[key]; ok {
			diags.Errorf(p.File, p.Line("slug"), "slug-duplicate", fmt.Sprintf("rename one of them or set a different `slug:`; the other is %s", first.File),
				"two pages have the URL /%s", key)
			continue
		}
		seen[key] = p
	}
}

func slugOf(s source) string {
	name := path.Base(s.file)
	if s.bundle != "" {
		name = path.Base(s.bundle)
	} else if s.lang != "" {
		name, _ = splitLang(name) // NAME.LANG.md is NAME's
	}
	if s.index != "" {
		name = path.Base(s.index)
	}
	return Slugify(strings.TrimSuffix(name, ".md"))
}

// Slugify makes a URL slug from a title or file name: lowercase ASCII
// letters and digits, words joined by single hyphens.
func Slugify(s string) string {
	out := slugWords(s)
	// A slug is a path segment; keep it within what file systems and ValidSlug accept.
	if len(out) > maxSlug {
		out = out[:maxSlug]
		if i := strings.LastIndexByte(out, '-'); i > maxSlug/2 {
			out = out[:i]
		}
		out = strings.TrimRight(out, "-")
	}
	return out
}

// slugWords is s in a slug's words, however long.
func slugWords(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		case r < utf8.RuneSelf:
			dash = true
		default:
			if a, ok := fold[r]; ok {
				if dash && b.Len() > 0 {
					b.WriteByte('-')
				}
				dash = false
				b.WriteString(a)
			} else {
				dash = true
			}
		}
	}
	return b.String()
}

// maxSlug is the longest slug trellis makes or accepts.
const maxSlug = 200

var fold = map[rune]string{'à': "a", 'á': "a", 'â': "a", 'ä': "ae", 'å': "a", 'ã': "a", 'æ': "ae", 'ç': "c", 'è': "e", 'é': "e", 'ê': "e", 'ë': "e",
	'ì': "i", 'í': "i", 'î': "i", 'ï': "i", 'ñ': "n", 'ò': "o", 'ó': "o", 'ô': "o", 'ö': "oe", 'õ': "o", 'ø': "o", 'ù': "u", 'ú': "u", 'û': "u",
	'ü': "ue", 'ý': "y", 'ÿ': "y", 'ß': "ss", 'œ': "oe", 'ł': "l", 'ś': "s", 'ź': "z", 'ż': "z", 'č': "c", 'š': "s", 'ž': "z", 'ř': "r", 'ě': "e", 'ő': "o", 'ű': "u"}

// ValidSlug reports whether s is a slug trellis can publish safely.
func ValidSlug(s string) bool {
	if s == "" || len(s) > maxSlug || s[0] == '-' {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

// validAlias accepts a site path made only of slug-safe segments.
func validAlias(a string) bool {
	a = strings.Trim(a, "/")
	if a == "" {
		return false
	}
	for _, seg := range strings.Split(a, "/") {
		if seg == "" || seg == "." || seg == ".." || strings.ContainsAny(seg, "%\\?#") {
			return false
		}
		for _, r := range seg {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.') {
				return false
			}
		}
	}
	return true
}

func filterAliases(as []string) []string {
	var out []string
	for _, a := range as {
		if validAlias(a) {
			out = append(out, strings.Trim(a, "/")+"/")
		}
	}
	return out
}

// InvalidUTF8 returns the line and byte column of the first byte of b that
// is not UTF-8.
func InvalidUTF8(b []byte) (line, col int) { return invalidUTF8(b) }

func invalidUTF8(b []byte) (line, col int) {
	line, col = 1, 1
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		if r == utf8.RuneError && n <= 1 {
			return
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col += n
		}
		b = b[n:]
	}
	return
}
