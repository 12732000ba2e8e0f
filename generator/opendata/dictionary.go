package opendata

import (
	"fmt"
	"sort"
	"strings"

	"github.com/trellis-ssg/trellis/generator/codelist"
)

// Dictionary is the data dictionary of the CSV files, docs/data.md: every
// file trellis can publish under data/, its key and its columns, written
// from the same definitions the files and their CSV on the Web metadata
// are made from.
func Dictionary() string {
	var b strings.Builder
	b.WriteString("<!-- Generated from generator/opendata by `go test ./generator/opendata -run TestDictionary -update`. Do not edit. -->\n\n")
	b.WriteString("# Open data dictionary\n\n")
	b.WriteString("A site publishes its portfolio under `data/`: `portfolio.json` with its JSON Schema `portfolio.schema.json`, " +
		"the CSV files below with their CSV on the Web metadata `csv-metadata.json`, a DCAT catalogue `catalog.jsonld` and, " +
		"when the site opts in, `iati-activities.xml`. Stories are in them only with their tellers' data-export consent; " +
		"consent records never are.\n\n")
	b.WriteString("## Keys\n\n")
	b.WriteString("Every entity has one stable id, the key in every file: the `id` column of `entities.csv` and of its kind's file, " +
		"every reference column, the `from` and `to` of `links.csv`, and every reference in `portfolio.json` (`fields`, " +
		"`links_to`, `linked_from`). Slugs and page addresses (`slug`, `page_url`) are ordinary columns: they change when a page is renamed, ids do not.\n\n")
	b.WriteString("The id is the page's `id` field. A page without one gets `kind/first-slug`, such as `initiative/bike-library`: " +
		"its kind and the slug of its oldest address, which is the first alias in the page's own folder (aliases are old " +
		"addresses, listed oldest first), or its slug when it has none. So the same files always give the same ids, and a " +
		"rename that records the old address in `aliases` (as it should, so that links keep working) keeps the id. " +
		"An id starts with a letter or digit and holds only letters, digits and `- _ . : /`. Two pages with one id are " +
		"an error naming both files; a page whose id differs from the one it had in git's previous commit gets a warning.\n\n")
	b.WriteString("## Reading the CSV files\n\n")
	fmt.Fprintf(&b, "- Columns are named after the front matter fields they hold; a field of an object is `object.field` "+
		"(`image.alt`), and each list of objects (an initiative's `funding`, `partners`, `risks`, ...) is a file of its own, "+
		"one row per item, whose first column is the id of the page it belongs to.\n")
	fmt.Fprintf(&b, "- The items of a list in one cell are joined with `%s`; the CSV on the Web metadata declares that separator on every list column. "+
		"Every list of references is also a set of rows of `links.csv` (with `field` naming the list), whose `from` and `to` are foreign keys into `entities.csv`.\n", Separator)
	b.WriteString("- Every single-valued reference column is a foreign key into the file of the kind it refers to.\n")
	b.WriteString("- Dates are `YYYY-MM-DD`. An empty cell is an empty value.\n")
	b.WriteString("- " + strings.Replace(neutralised, `^'+[=+\-@\t\r]`, "`^'+[=+\\-@\\t\\r]`", 1) + "\n\n")
	b.WriteString("## Files\n\n")
	for _, t := range tableDefs() {
		fmt.Fprintf(&b, "### %s\n\n%s. %s", t.name, t.title, t.about)
		if t.key != "" {
			fmt.Fprintf(&b, " Key: `%s`.", t.key)
		}
		b.WriteString("\n\n| column | type | list | refers to | meaning |\n|---|---|---|---|---|\n")
		for _, c := range t.cols {
			list := ""
			if c.list {
				list = "`" + Separator + "`"
			}
			ref := ""
			if c.ref != "" {
				ref = "`" + c.ref + "`"
			}
			fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s |\n", c.name, c.datatype, list, ref, strings.ReplaceAll(c.about, "|", "\\|"))
		}
		b.WriteString("\n")
	}
	b.WriteString("A file is published only when it has rows.\n\n")
	b.WriteString("## IATI sectors\n\n")
	b.WriteString("The IATI export (`iati.enabled` in site.yaml) gives each activity the DAC 5-digit sectors (IATI vocabulary 1) of its " +
		"initiative's `systems`, by this table, which `iati.sectors` in site.yaml extends and overrides (a system is matched whatever " +
		"its case and spacing). A system it does not map is a warning, or an error with `iati.strict`, unless `iati.sector_vocabulary` " +
		"also publishes the systems as the site's own vocabulary (98 or 99). See docs/opendata.md.\n\n")
	b.WriteString("| system | sector | name |\n|---|---|---|\n")
	systems := make([]string, 0, len(DefaultSectors))
	for s := range DefaultSectors {
		systems = append(systems, s)
	}
	sort.Strings(systems)
	for _, s := range systems {
		name, _ := codelist.Sector.Name(DefaultSectors[s])
		fmt.Fprintf(&b, "| %s | %s | %s |\n", s, DefaultSectors[s], name)
	}
	return b.String()
}
