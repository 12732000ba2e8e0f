package importer

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/trellis-ssg/trellis/generator/content"
	"github.com/trellis-ssg/trellis/generator/diag"
)

// render writes every record as a content file: a new page, or an
// existing one with the mapped fields changed.
func (im *importer) render() []File {
	var files []File
	dir := strings.Trim(path.Clean(filepath.ToSlash(im.cfg.ContentDir)), "/")
	for _, r := range im.recs {
		dedupeRefs(r)
		var f File
		var err error
		if r.page != nil {
			f, err = im.update(r)
		} else {
			f, err = im.create(r, dir)
		}
		if err != nil {
			im.writeFailed(r.file, r.line, err)
			continue
		}
		page := f.Path
		if r.page != nil {
			page = r.page.File
		}
		files = append(files, im.translationFiles(r, page)...)
		if f.Path == "" {
			continue // an update that changes nothing
		}
		f.From = r.from()
		files = append(files, f)
	}
	slices.SortFunc(files, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	return files
}

// writeFailed reports a value that could not be encoded so that it reads
// back the same: a bug, not the input's fault.
func (im *importer) writeFailed(file string, line int, err error) {
	im.diags.Add(diag.Diagnostic{File: file, Line: line, Severity: diag.Error, Code: "import-write", Message: err.Error(),
		Hint: "report this: the value could not be written so that it reads back the same"})
}

// create writes a new page: title and id first, then the fields in the
// order the kind's schema lists them, then the body.
func (im *importer) create(r *record, dir string) (File, error) {
	root := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	var names []string
	add := func(name string, v *yaml.Node) {
		root.Content = append(root.Content, str(name), v)
		names = append(names, name)
	}
	add("title", str(r.title))
	if r.id != "" {
		add("id", str(r.id))
	}
	for _, f := range content.Fields(r.kind) {
		if f.Name == "title" || f.Name == "id" || f.Name == "slug" {
			continue
		}
		if v := r.fields[f.Name]; v != nil {
			add(f.Name, v)
		}
	}
	var body []byte
	if r.body != nil {
		body = []byte("\n" + strings.TrimRight(*r.body, "\n") + "\n")
	}
	data, err := pageBytes(root, body)
	if err != nil {
		return File{}, err
	}
	name := r.slug + ".md"
	if !content.ValidSlug(r.slug) || name != path.Base(name) {
		return File{}, fmt.Errorf("unsafe file name %q", name)
	}
	return File{Path: path.Join(dir, r.kind.Folder(), name), Data: data, New: true, Fields: names}, nil
}

// update changes the mapped fields of an existing page's YAML front
// matter in its node tree, so that comments, order and every other field
// stay, and keeps the body unless a column is mapped to it.
func (im *importer) update(r *record) (File, error) {
	full := filepath.Join(im.set.Root, filepath.FromSlash(r.page.File))
	src, err := os.ReadFile(full)
	if err != nil {
		return File{}, err
	}
	src = bytes.ReplaceAll(bytes.TrimPrefix(src, []byte("\xef\xbb\xbf")), []byte("\r\n"), []byte("\n"))
	head, body, ok := splitYAML(src)
	if !ok {
		return File{}, fmt.Errorf("%s does not start with YAML front matter (---); import can only update YAML front matter", r.page.File)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(head, &doc); err != nil {
		return File{}, fmt.Errorf("%s: cannot read its front matter: %v", r.page.File, err)
	}
	var root *yaml.Node
	if len(doc.Content) == 0 {
		root = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
		doc = yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{root}}
	} else {
		root = doc.Content[0]
	}
	if root.Kind != yaml.MappingNode {
		return File{}, fmt.Errorf("%s: its front matter is not a mapping", r.page.File)
	}
	var changed []string
	fields := r.mappedTopFields
	if r.title != "" && r.title != r.page.Title {
		r.fields["title"] = str(r.title)
		fields = append([]string{"title"}, fields...)
	}
	for _, name := range fields {
		v := r.fields[name]
		i := slices.IndexFunc(root.Content, func(n *yaml.Node) bool { return n.Value == name })
		for i >= 0 && i%2 == 1 {
			j := slices.IndexFunc(root.Content[i+1:], func(n *yaml.Node) bool { return n.Value == name })
			if j < 0 {
				i = -1
			} else {
				i += 1 + j
			}
		}
		switch {
		case v == nil && i >= 0:
			root.Content = slices.Delete(root.Content, i, i+2)
			changed = append(changed, name)
		case v == nil:
		case i >= 0:
			if !sameValue(root.Content[i+1], v) {
				v.HeadComment, v.LineComment, v.FootComment = root.Content[i+1].HeadComment, root.Content[i+1].LineComment, root.Content[i+1].FootComment
				root.Content[i+1] = v
				changed = append(changed, name)
			}
		default:
			root.Content = append(root.Content, str(name), v)
			changed = append(changed, name)
		}
	}
	newBody := body
	if r.body != nil && strings.TrimSpace(*r.body) != strings.TrimSpace(string(body)) {
		newBody = []byte("\n" + strings.TrimRight(*r.body, "\n") + "\n")
		changed = append(changed, bodyField)
	}
	if len(changed) == 0 {
		return File{}, nil
	}
	data, err := pageBytes(&doc, newBody)
	if err != nil {
		return File{}, err
	}
	return File{Path: r.page.File, Data: data, Fields: changed}, nil
}

// pageBytes writes a page: its front matter between --- lines, then body.
func pageBytes(fm *yaml.Node, body []byte) ([]byte, error) {
	y, err := encode(fm)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	b.WriteString("---\n")
	b.Write(y)
	b.WriteString("---\n")
	b.Write(body)
	return b.Bytes(), nil
}

// splitYAML splits a file into its YAML front matter and its body (what
// follows the closing line).
func splitYAML(src []byte) (head, body []byte, ok bool) {
	if !bytes.HasPrefix(src, []byte("---\n")) {
		return nil, nil, false
	}
	rest := src[4:]
	off := 0
	for {
		nl := bytes.IndexByte(rest[off:], '\n')
		line := rest[off:]
		if nl >= 0 {
			line = rest[off : off+nl]
		}
		if t := bytes.TrimRight(line, " \t"); string(t) == "---" || string(t) == "..." {
			end := len(rest)
			if nl >= 0 {
				end = off + nl + 1
			}
			return rest[:off], rest[end:], true
		}
		if nl < 0 {
			return nil, nil, false
		}
		off += nl + 1
	}
}

// encode writes front matter through the YAML encoder and reads it back:
// whatever a cell held (quotes, newlines, "---", "&anchor", "!tag", "#"),
// it must come back as the same value, or nothing is written.
func encode(n *yaml.Node) ([]byte, error) {
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(n); err != nil {
		return nil, err
	}
	enc.Close()
	out := b.Bytes()
	var back yaml.Node
	if err := yaml.Unmarshal(out, &back); err != nil {
		return nil, fmt.Errorf("the front matter would not read back: %v", err)
	}
	want := n
	if want.Kind == yaml.DocumentNode {
		want = want.Content[0]
	}
	if len(back.Content) != 1 || !sameValue(back.Content[0], want) {
		return nil, errors.New("a value would not read back as written")
	}
	for _, l := range strings.Split(string(out), "\n") {
		if delimiter(l) {
			return nil, errors.New("a value would end the front matter early")
		}
	}
	return out, nil
}

// delimiter says whether a line, trimmed, would open or close front matter.
func delimiter(l string) bool {
	t := strings.TrimSpace(l)
	return t == "---" || t == "..." || t == "+++"
}

// sameValue compares two node trees by their values, not their styles.
func sameValue(a, b *yaml.Node) bool {
	var x, y any
	if a.Decode(&x) != nil || b.Decode(&y) != nil {
		return false
	}
	return a.Kind == b.Kind && reflect.DeepEqual(x, y)
}

// dedupeRefs drops repeated references in lists, which an entity table and
// an edge list may both give.
func dedupeRefs(r *record) {
	for _, n := range r.fields {
		if n == nil || n.Kind != yaml.SequenceNode {
			continue
		}
		seen := map[string]bool{}
		out := n.Content[:0]
		for _, c := range n.Content {
			key := c.Value
			if c.Kind == yaml.MappingNode {
				var parts []string
				for _, x := range c.Content {
					parts = append(parts, x.Value)
				}
				key = "\x00" + strings.Join(parts, "\x00")
			}
			if c.Kind == yaml.ScalarNode || c.Kind == yaml.MappingNode && len(c.Content) <= 4 {
				if seen[key] {
					continue
				}
				seen[key] = true
			}
			out = append(out, c)
		}
		n.Content = out
	}
}

// Write writes the files into the site at dir, all or none: each is written
// beside its place first, and only when all are written are they moved into
// place; a failure puts back what was there. It never writes outside the
// content folder, whatever a path says, and never replaces a file that
// appeared since Prepare unless the file is an update.
func Write(dir, contentDir string, files []File) error {
	contentDir = strings.Trim(path.Clean(filepath.ToSlash(contentDir)), "/")
	if err := os.MkdirAll(filepath.Join(dir, filepath.FromSlash(contentDir)), 0o755); err != nil {
		return err
	}
	root, err := os.OpenRoot(filepath.Join(dir, filepath.FromSlash(contentDir)))
	if err != nil {
		return err
	}
	defer root.Close()
	type step struct {
		rel, tmp, bak string
		new           bool
	}
	var steps []step
	cleanup := func() {
		for _, s := range steps {
			root.Remove(s.tmp)
		}
	}
	for _, f := range files {
		rel, ok := strings.CutPrefix(f.Path, contentDir+"/")
		if !ok || !fs.ValidPath(rel) || strings.Contains(rel, "\\") {
			cleanup()
			return fmt.Errorf("refusing to write %s: it is not inside %s/", f.Path, contentDir)
		}
		if err := root.MkdirAll(path.Dir(rel), 0o755); err != nil {
			cleanup()
			return err
		}
		tmp := path.Join(path.Dir(rel), ".import-"+path.Base(rel)+".tmp")
		w, err := root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			cleanup()
			return err
		}
		_, err = w.Write(f.Data)
		if cerr := w.Close(); err == nil {
			err = cerr
		}
		steps = append(steps, step{rel: rel, tmp: tmp, bak: path.Join(path.Dir(rel), ".import-"+path.Base(rel)+".bak"), new: f.New})
		if err != nil {
			cleanup()
			return err
		}
		if _, err := root.Lstat(rel); f.New && err == nil {
			cleanup()
			return fmt.Errorf("%s appeared while importing; nothing was written", f.Path)
		}
	}
	done := 0
	rollback := func() {
		for _, s := range steps[:done] {
			if s.new {
				root.Remove(s.rel)
			} else {
				root.Rename(s.bak, s.rel)
			}
		}
		cleanup()
	}
	for _, s := range steps {
		if !s.new {
			if err := root.Rename(s.rel, s.bak); err != nil {
				rollback()
				return err
			}
		}
		if err := root.Rename(s.tmp, s.rel); err != nil {
			if !s.new {
				root.Rename(s.bak, s.rel)
			}
			rollback()
			return err
		}
		done++
	}
	for _, s := range steps {
		if !s.new {
			root.Remove(s.bak)
		}
	}
	return nil
}
