package content

import (
	"fmt"
	"path"
	"strings"
	"unicode"

	"github.com/trellis-ssg/trellis/generator/diag"
)

// StableID is the page's key in the open data: its `id` when front matter
// sets one, otherwise an id generated from its kind and its first slug,
// "initiative/bike-library".
//
// The first slug is what a rename keeps: renaming a page changes its slug,
// and the old URL goes into `aliases` so that links keep working. So the
// generated id takes the slug of the first alias that lies in the page's
// own folder (aliases are listed oldest first), and the current slug only
// when there is none. The same files always give the same id, and a rename
// that records its old URL keeps it.
func (p *Page) StableID() string {
	if p.ID != "" {
		return p.ID
	}
	return string(p.Kind) + "/" + p.firstSlug()
}

// firstSlug is the slug of the page's oldest URL in its own folder.
func (p *Page) firstSlug() string {
	folder := p.Kind.Folder()
	if p.Kind == KindPage {
		folder = p.Section
	}
	for _, a := range p.Aliases {
		a = strings.Trim(a, "/")
		dir, base := path.Dir(a), path.Base(a)
		if dir == "." {
			dir = ""
		}
		if dir == folder && ValidSlug(base) {
			return base
		}
	}
	return p.Slug
}

// validID reports whether an id can be a key in every data file: it starts
// with a letter or digit (so no spreadsheet reads it as a formula) and holds
// only letters, digits and - _ . : / (so it never needs quoting, and never
// holds the ';' that separates the ids of a list in the CSV files).
func validID(id string) bool {
	for i, r := range id {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
		case i > 0 && strings.ContainsRune("-_.:/", r):
		default:
			return false
		}
	}
	return id != ""
}

// checkIDs reports an id that is not a valid key, and two pages with the
// same stable id, naming both files. Pages whose id comes from an alias are
// judged last, so that an alias naming another page's address is reported
// on the page that has the alias.
func checkIDs(pages []*Page, diags *diag.List) {
	seen := map[string]*Page{}
	var fromAlias []*Page
	check := func(p *Page) {
		id := p.StableID()
		first, ok := seen[id]
		if !ok {
			seen[id] = p
			return
		}
		hint := fmt.Sprintf("give one of them another `id:`; the other is %s", first.File)
		line := p.Line("id")
		switch {
		case p.ID == "" && p.firstSlug() != p.Slug:
			line = p.Line("aliases")
			hint = fmt.Sprintf("this page has no `id:` and its first alias in %s/ names %s's address; give this page an `id:`, or fix the alias", p.Kind.Folder(), first.File)
		case p.ID == "":
			hint = fmt.Sprintf("this page has no `id:`, and its generated id is the one %s has; give one of them another `id:`", first.File)
		}
		diags.Errorf(p.File, line, "id-duplicate", hint, "id %q is used by %s and %s", id, first.File, p.File)
	}
	for _, p := range pages {
		switch {
		case p.ID != "" && !validID(p.ID):
			diags.Errorf(p.File, p.Line("id"), "id-invalid", "start it with a letter or digit and use only letters, digits and - _ . : /, such as INI-0042",
				"id %q cannot be a key in the open data", p.ID)
		case p.ID == "" && p.firstSlug() != p.Slug:
			fromAlias = append(fromAlias, p)
		default:
			check(p)
		}
	}
	for _, p := range fromAlias {
		check(p)
	}
}
