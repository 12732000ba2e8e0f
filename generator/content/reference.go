package content

import (
	"fmt"
	"strings"
)

// Reference writes the content reference for editors as Markdown, from the
// same schema the validator uses, so that the documentation cannot drift
// from what trellis accepts.
func Reference() string {
	var b strings.Builder
	b.WriteString("<!-- Generated from generator/content/schema.go by `go test ./generator/content -run TestReference -update`. Do not edit. -->\n\n")
	b.WriteString("# Content reference\n\n")
	b.WriteString("A page's kind comes from its folder under `content/` (`content/initiatives/x.md` is an initiative) or from `kind:`. ")
	b.WriteString("A page is `slug.md`, or a bundle `slug/index.md` with its images beside it. Front matter is YAML (`---`), TOML (`+++`) or JSON (`{`). ")
	b.WriteString("A single value where a list is expected is read as a list of one. References are slugs; `kind/slug` is accepted in wiki-links.\n\n")
	b.WriteString("A folder of plain pages written for GitHub or a docs tool builds as it is: a folder's `index.md`, or else its `README.md`, is the folder's page when the folder holds other Markdown files, which are pages under it (with only pictures and other files beside it, it is a bundle). ")
	b.WriteString("A page without `title` takes the text of its first `# heading`, which is then not repeated, and a file needs no front matter at all when its heading gives the title. ")
	b.WriteString("Front matter keys a plain page's table below does not list are kept for themes without a warning; `trellis check --strict` lists them. ")
	b.WriteString("A page marked `draft: true` is checked, but what it lacks is a warning, and it is published only by `trellis build --drafts` and shown by `trellis serve`.\n\n")
	for _, k := range append([]Kind{KindPage}, Kinds...) {
		folder := k.Folder()
		if folder == "" {
			folder = "any other folder"
		} else {
			folder = "`content/" + folder + "/`"
		}
		fmt.Fprintf(&b, "## %s\n\nFolder: %s.\n\n", k, folder)
		b.WriteString("| field | type | required | meaning |\n|---|---|---|---|\n")
		for _, f := range Fields(k) {
			writeField(&b, "", f)
		}
		b.WriteString("\n")
	}
	return b.String()
}

func writeField(b *strings.Builder, prefix string, f Field) {
	req := ""
	if f.Required {
		req = "yes"
	}
	fmt.Fprintf(b, "| `%s%s` | %s | %s | %s |\n", prefix, f.Name, typeName(f.Type), req, strings.ReplaceAll(f.Doc, "|", "\\|"))
	t := f.Type
	sub := prefix + f.Name + "."
	if t.Kind == TList {
		t = *t.Elem
		sub = prefix + f.Name + "[]."
	}
	if t.Kind == TObject {
		for _, c := range t.Fields {
			writeField(b, sub, c)
		}
	}
}

func typeName(t Type) string {
	switch t.Kind {
	case TString:
		return "text"
	case TText:
		return "long text"
	case TInt:
		return "whole number"
	case TNumber:
		return "number"
	case TBool:
		return "true/false"
	case TDate:
		return "date (YYYY-MM-DD)"
	case TTimestamp:
		return "moment (HH:MM:SS)"
	case TURL:
		return "https URL"
	case TEmail:
		return "email"
	case TEnum:
		return "one of " + strings.Join(t.Enum, ", ")
	case TStatus:
		return "a status (site.yaml `statuses`)"
	case TRef:
		names := make([]string, len(t.Ref))
		for i, k := range t.Ref {
			names[i] = string(k)
		}
		return "slug of " + strings.Join(names, "/")
	case TList:
		return "list of " + typeName(*t.Elem)
	case TObject:
		if t.Short != "" {
			return "object (or just its `" + t.Short + "`)"
		}
		return "object"
	case TPath:
		return "file beside the page, or URL"
	}
	return "?"
}
