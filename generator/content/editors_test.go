package content_test

import (
	"reflect"
	"testing"

	"github.com/trellis-ssg/trellis/generator/content"
	"github.com/trellis-ssg/trellis/generator/diag"
)

// A folder whose name is one slip away from a kind's is taken for that
// kind (and reported once by Load); a folder of plain pages with a name of
// its own is not.
func TestFolderTypo(t *testing.T) {
	for name, want := range map[string]content.Kind{
		"initative": content.KindInitiative, "initatives": content.KindInitiative, "Initiatives": content.KindInitiative,
		"initiative": content.KindInitiative, "organizations": content.KindOrganisation, "narrative": content.KindNarrative,
		"decisons": content.KindDecision, "desicions": content.KindDecision, "intens": content.KindIntent,
		"initiatives": "", "about": "", "docs": "", "events": "", "courses": "", "resources": "", "stories": "",
		"projects": "", "guides": "", "news": "", "notes": "", "team": "",
	} {
		if got := content.FolderTypo(name); got != want {
			t.Errorf("FolderTypo(%q) = %q, want %q", name, got, want)
		}
	}
}

// Front matter keys a plain page's schema does not know are kept in
// Params without a word; check --strict (Options.Strict) warns about each.
func TestPlainPageKeepsUnknownKeys(t *testing.T) {
	files := map[string]string{
		"content/docs/install.md":  "---\ntitle: Install\nnav_order: 2\nlayout: default\n---\nText.\n",
		"content/initiatives/x.md": "---\ntitle: X\nsummary: S\nstatus: idea\nintents: [a]\nnav_order: 2\n---\n",
	}
	dir := writeSite(t, files)
	set, diags := content.Load(dir, "content", opts())
	want := diag.List{{File: "content/initiatives/x.md", Line: 6, Col: 1, Severity: diag.Warning, Code: "fm-unknown-field",
		Message: "unknown field `nav_order`", Hint: "remove it, or see the initiative fields in docs/content.md"}}
	if !reflect.DeepEqual(diags, want) {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", diags, want)
	}
	p := page(t, set, "content/docs/install.md")
	if !reflect.DeepEqual(p.Params, map[string]any{"nav_order": 2, "layout": "default"}) {
		t.Errorf("Params = %v", p.Params)
	}

	o := opts()
	o.Strict = true
	_, diags = content.Load(dir, "content", o)
	if got := withCode(diags, "fm-unknown-field"); len(got) != 3 || got[0].File != "content/docs/install.md" || got[0].Line != 3 {
		t.Errorf("with Strict, want the two keys of the plain page and the initiative's reported, got:\n%s", diags)
	}
}
