package content

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os/exec"
	"path"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/trellis-ssg/trellis/generator/diag"
)

// checkIDHistory warns about every page whose stable id differs from the
// one the same file (followed through a rename) had in git's previous
// commit: data users key on ids, and a changed one breaks their joins.
// The working tree is compared with HEAD~1, so an editor sees the warning
// before committing, and CI on the commit that made the change (on a pull
// request's merge commit, the first parent is the target branch). Outside
// a checkout, or without an earlier commit, it says nothing.
func checkIDHistory(root, dir string, pages []*Page, diags *diag.List) {
	base := "HEAD~1"
	if exec.Command("git", "-C", root, "rev-parse", "--verify", "-q", base+"^{commit}").Run() != nil {
		base = "HEAD"
		if exec.Command("git", "-C", root, "rev-parse", "--verify", "-q", base+"^{commit}").Run() != nil {
			return
		}
	}
	out, err := exec.Command("git", "-C", root, "diff", "--relative", "--name-status", "-M", "-z", base, "--", dir).Output()
	if err != nil {
		return
	}
	byFile := map[string]*Page{}
	for _, p := range pages {
		byFile[p.File] = p
	}
	type change struct {
		old string
		p   *Page
	}
	var changes []change
	fields := strings.Split(string(out), "\x00")
	for i := 0; i < len(fields); {
		status := fields[i]
		if status == "" {
			break
		}
		switch status[0] {
		case 'R', 'C':
			if i+2 >= len(fields) {
				return
			}
			if p := byFile[fields[i+2]]; p != nil && status[0] == 'R' {
				changes = append(changes, change{fields[i+1], p})
			}
			i += 3
		default:
			if i+1 >= len(fields) {
				return
			}
			if p := byFile[fields[i+1]]; p != nil && status[0] == 'M' {
				changes = append(changes, change{fields[i+1], p})
			}
			i += 2
		}
	}
	if len(changes) == 0 {
		return
	}
	// The previous versions, all through one git process.
	var req bytes.Buffer
	for _, c := range changes {
		fmt.Fprintf(&req, "%s:./%s\n", base, c.old)
	}
	cmd := exec.Command("git", "-C", root, "cat-file", "--batch")
	cmd.Stdin = &req
	blobs, err := cmd.Output()
	if err != nil {
		return
	}
	r := bufio.NewReader(bytes.NewReader(blobs))
	commit := base
	if h, err := exec.Command("git", "-C", root, "rev-parse", "--short", base).Output(); err == nil {
		commit = strings.TrimSpace(string(h))
	}
	for _, c := range changes {
		head, err := r.ReadString('\n')
		if err != nil {
			return
		}
		parts := strings.Fields(head)
		if len(parts) != 3 {
			continue // "missing"
		}
		size, _ := strconv.Atoi(parts[2])
		src := make([]byte, size+1) // and the newline after it
		if _, err := io.ReadFull(r, src); err != nil {
			return
		}
		was := previousID(dir, c.old, src[:size])
		now := c.p.StableID()
		if was == "" || was == now {
			continue
		}
		hint := fmt.Sprintf("data users who keyed on %q lose this page; put back `id: %s`, or keep the change if it is meant", was, was)
		if c.p.ID == "" {
			hint = fmt.Sprintf("the page has no `id:`, so its id comes from its first address; set `id: %s` to keep it (and list the old address in `aliases`, so that links keep working too)", was)
		}
		line := c.p.Line("id")
		if c.p.ID == "" {
			line = 1
		}
		diags.Warnf(c.p.File, line, "id-changed", hint, "the page's id is %q; in commit %s it was %q", now, commit, was)
	}
}

// previousID is the stable id a page had in an earlier version of its
// file, src at file (relative to the site folder); "" when that version
// does not parse.
func previousID(dir, file string, src []byte) string {
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	src = bytes.ReplaceAll(src, []byte("\r"), []byte("\n"))
	m, err := splitMatter(src)
	if err != nil || m.root == nil || m.root.Kind != yaml.MappingNode {
		return ""
	}
	var id, slug, kind string
	var aliases []string
	for i := 0; i+1 < len(m.root.Content); i += 2 {
		k, v := m.root.Content[i].Value, m.root.Content[i+1]
		switch {
		case k == "aliases" && v.Kind == yaml.ScalarNode:
			aliases = []string{v.Value}
		case k == "aliases":
			v.Decode(&aliases)
		case v.Kind != yaml.ScalarNode:
		case k == "id":
			id = strings.TrimSpace(v.Value)
		case k == "slug":
			slug = strings.TrimSpace(v.Value)
		case k == "kind":
			kind = v.Value
		}
	}
	rel := strings.TrimPrefix(strings.TrimPrefix(file, dir), "/")
	top, _, nested := strings.Cut(rel, "/")
	s := source{file: file, kind: KindPage}
	if nested {
		s.kind = KindOfFolder(top)
	}
	s.section = path.Dir(rel)
	if nested && path.Base(file) == "index.md" {
		s.bundle = path.Dir(file)
		s.section = path.Dir(s.section)
	}
	if s.section == "." {
		s.section = ""
	}
	p := &Page{Kind: s.kind, Slug: slugOf(s), Section: s.section}
	if k, ok := ParseKind(kind); ok {
		p.Kind = k
	}
	if ValidSlug(slug) {
		p.Slug = slug
	}
	p.ID = id
	p.Aliases = filterAliases(aliases)
	return p.StableID()
}
