package main

import (
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/trellis-ssg/trellis/internal/testsite"
)

func iatiSite(t *testing.T, lang string) string {
	return testsite.Write(t, map[string]string{
		"site.yaml":                     "title: IATI import\nbase_url: https://iati.example/\nlanguage: " + lang + "\n",
		"content/intents/safe-water.md": "---\ntitle: Safe water\nsummary: Everyone drinks safe water.\n---\n",
	})
}

// TestImportIATI: activities become initiatives, organisations come from
// reporting, participating and provider organisations with their refs and
// roles, transactions in two currencies become funding lines, and of
// several narratives the one in the site's language is kept.
func TestImportIATI(t *testing.T) {
	in := filepath.Join("testdata", "import", "iati-activities.xml")
	site := iatiSite(t, "en")
	r := runCmd("import", "iati", in, "--intent", "safe-water", "--source", site)
	if r.code != 0 {
		t.Fatalf("import iati: %v", r)
	}
	got := tree(t, filepath.Join(site, "content"))
	if len(got) != 7 {
		t.Errorf("wrote %d files, want 3 initiatives, 3 organisations and the intent: %v", len(got), keys(got))
	}
	water := got["initiatives/clean-water-for-schools.md"]
	for _, want := range []string{
		"id: XM-DAC-99-WATER-1", "summary: Drinking fountains in twenty schools.", "status: piloting", "systems: [water]", "places: [Senegal, Thiès region]",
		"  - org: rainfall-foundation\n    role: funding", "  - org: water-agency\n    role: accountable", "  - org: schools-network\n    role: implementing",
		"start: 2024-09-15", "end: 2027-06-30",
		"  - source: rainfall-foundation\n    amount: 150000\n    currency: EUR\n    year: 2024\n    stage: committed",
		"  - source: rainfall-foundation\n    amount: 80000.5\n    currency: USD\n    year: 2025\n    stage: disbursed",
		"contact: water@agency.example",
	} {
		if !strings.Contains(water, want) {
			t.Errorf("clean-water-for-schools.md lacks %q:\n%s", want, water)
		}
	}
	if strings.Contains(water, "1000") {
		t.Error("an expenditure transaction became a funding line")
	}
	if !strings.Contains(got["initiatives/rainwater-harvesting.md"], "status: completed") ||
		!strings.Contains(got["initiatives/rainwater-harvesting.md"], "  - to: clean-water-for-schools\n    relation: complements") {
		t.Errorf("rainwater-harvesting.md:\n%s", got["initiatives/rainwater-harvesting.md"])
	}
	if !strings.Contains(got["initiatives/water-kiosks-pay-as-you-go.md"], "title: Water kiosks & \"pay as you go\"") ||
		!strings.Contains(got["initiatives/water-kiosks-pay-as-you-go.md"], "relation: part-of") {
		t.Errorf("water-kiosks:\n%s", got["initiatives/water-kiosks-pay-as-you-go.md"])
	}
	if got["organisations/rainfall-foundation.md"] != "---\ntitle: Rainfall Foundation\ntype: philanthropy\norg_id: GB-CHC-1234567\n---\n" {
		t.Errorf("rainfall-foundation.md:\n%s", got["organisations/rainfall-foundation.md"])
	}
	if c := runCmd("check", "--source", site); c.code != 0 {
		t.Errorf("check: %v", c)
	}

	// A French site keeps the French narratives.
	fr := iatiSite(t, "fr")
	if r := runCmd("import", "iati", in, "--intent", "safe-water", "--source", fr); r.code != 0 {
		t.Fatalf("import into a French site: %v", r)
	}
	b, _ := os.ReadFile(filepath.Join(fr, "content/initiatives/eau-potable-pour-les-ecoles.md"))
	if !strings.Contains(string(b), "summary: Des fontaines dans vingt écoles.") || !strings.Contains(string(b), "places: [Sénégal") {
		t.Errorf("French site:\n%s", b)
	}
	if _, err := os.Stat(filepath.Join(fr, "content/initiatives/recuperation-de-l-eau-de-pluie.md")); err != nil {
		t.Errorf("the second activity's French title was not used: %v", keys(tree(t, fr)))
	}

	// The status mapping is overridable.
	over := iatiSite(t, "en")
	m := writeFile(t, t.TempDir(), "status.yaml", "kind: initiative\ncolumns:\n  status:\n    field: status\n    values:\n      \"2\": scaling\n")
	if r := runCmd("import", "iati", in, "--intent", "safe-water", "--map", m, "--source", over); r.code != 0 {
		t.Fatalf("import with a status mapping: %v", r)
	}
	b, _ = os.ReadFile(filepath.Join(over, "content/initiatives/clean-water-for-schools.md"))
	if !strings.Contains(string(b), "status: scaling") {
		t.Errorf("status mapping not applied:\n%s", b)
	}
}

// TestImportIATIKnownOrganisations: an organisation the site already has
// (by org_id, or by name when its page has none) is referred to, not
// written again; one of the same name with another org_id is another
// organisation, and its page is in the way.
func TestImportIATIKnownOrganisations(t *testing.T) {
	in := filepath.Join("testdata", "import", "iati-activities.xml")
	site := testsite.Write(t, map[string]string{
		"site.yaml":                        "title: IATI import\nbase_url: https://iati.example/\nlanguage: en\n",
		"content/intents/safe-water.md":    "---\ntitle: Safe water\nsummary: Everyone drinks safe water.\n---\n",
		"content/organisations/agency.md":  "---\ntitle: The Water Agency of Senegal\norg_id: XM-DAC-99\nsummary: Ours, with its own words.\n---\n",
		"content/organisations/schools.md": "---\ntitle: Schools Network\n---\n",
	})
	r := runCmd("import", "iati", in, "--intent", "safe-water", "--source", site)
	if r.code != 0 {
		t.Fatalf("import: %v", r)
	}
	got := tree(t, filepath.Join(site, "content"))
	if got["organisations/agency.md"] != "---\ntitle: The Water Agency of Senegal\norg_id: XM-DAC-99\nsummary: Ours, with its own words.\n---\n" ||
		got["organisations/water-agency.md"] != "" || got["organisations/schools-network.md"] != "" || got["organisations/rainfall-foundation.md"] == "" {
		t.Errorf("organisations after the import: %v\n%s", keys(got), got["organisations/agency.md"])
	}
	water := got["initiatives/clean-water-for-schools.md"]
	if !strings.Contains(water, "  - org: agency\n    role: accountable") || !strings.Contains(water, "  - org: schools\n    role: implementing") {
		t.Errorf("the initiative does not refer to the site's organisations:\n%s", water)
	}
	clash := testsite.Write(t, map[string]string{
		"site.yaml":                                    "title: IATI import\nbase_url: https://iati.example/\nlanguage: en\n",
		"content/intents/safe-water.md":                "---\ntitle: Safe water\nsummary: Everyone drinks safe water.\n---\n",
		"content/organisations/rainfall-foundation.md": "---\ntitle: Rainfall Foundation\norg_id: GB-CHC-7654321\n---\n",
	})
	r = runCmd("import", "iati", in, "--intent", "safe-water", "--source", clash)
	if r.code != 1 || !strings.Contains(r.stderr, "content/organisations/rainfall-foundation.md already exists") {
		t.Errorf("an organisation of the same name with another org_id: %v", r)
	}
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

const billionLaughs = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<iati-activities version="2.03"><iati-activity><iati-identifier>X-1</iati-identifier>
<reporting-org ref="X"><narrative>X</narrative></reporting-org>
<title><narrative>&lol9;</narrative></title><activity-status code="2"/></iati-activity></iati-activities>
`

// TestImportIATIBad: files that are not valid IATI, and hostile XML, are
// refused with the XML line, exit 1 and nothing written; no entity is
// expanded and no external entity is read.
func TestImportIATIBad(t *testing.T) {
	secret := filepath.Join(t.TempDir(), "secret.txt")
	os.WriteFile(secret, []byte("TOP-SECRET-VALUE"), 0o644)
	xxe := `<?xml version="1.0"?>
<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file://` + secret + `">]>
<iati-activities version="2.03"><iati-activity><iati-identifier>X-1</iati-identifier>
<reporting-org ref="X"><narrative>X</narrative></reporting-org>
<title><narrative>&xxe;</narrative></title><description><narrative>d</narrative></description><activity-status code="2"/></iati-activity></iati-activities>
`
	undeclared := strings.Replace(xxe, "<!DOCTYPE foo [<!ENTITY xxe SYSTEM \"file://"+secret+"\">]>\n", "", 1)
	valid := iatiActivity("X-2", "Good one", "")
	cases := []struct {
		name, body string
		args       []string
		want       string
		code       int
	}{
		{"billion laughs", billionLaughs, nil, `a\.xml:2: error import-not-iati: the file declares a DTD`, 1},
		{"external entity", xxe, nil, `a\.xml:2: error import-not-iati: the file declares a DTD`, 1},
		{"undeclared entity", undeclared, nil, `a\.xml:\d+: error import-not-iati: not well-formed XML: .*entity`, 1},
		{"not XML", "title,summary\nx,y\n", nil, `a\.xml:1: error import-not-iati: (not well-formed XML|the file has no XML element)`, 1},
		{"empty", "", nil, `a\.xml: error import-empty`, 1},
		{"other root", `<?xml version="1.0"?><iati-organisations version="2.03"/>`, nil, `error import-not-iati: the root element is <iati-organisations>`, 1},
		{"IATI 1", `<iati-activities version="1.05"/>`, nil, `a\.xml:1: error iati-version: IATI version "1.05" is not supported`, 1},
		{"declared not UTF-8", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<iati-activities version=\"2.03\"/>", nil, `a\.xml:1: error import-not-iati: the file declares the encoding ISO-8859-1; IATI files are UTF-8`, 1},
		{"bytes not UTF-8", "<iati-activities version=\"2.03\">\n<iati-activity><title><narrative>Caf\xe9</narrative></title></iati-activity></iati-activities>", nil,
			`a\.xml:2: error import-not-iati: not well-formed XML: .*UTF-8`, 1},
		{"status not in the codelist", "<iati-activities version=\"2.03\">" + strings.Replace(valid, `code="2"`, `code="9"`, 1) + "\n</iati-activities>", nil,
			`a\.xml:8:3: error iati-invalid: activity X-2 has an activity-status code "9" that is not in the ActivityStatus codelist \(1 to 6\)`, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			site := iatiSite(t, "en")
			before := tree(t, site)
			dir := t.TempDir()
			in := writeFile(t, dir, "a.xml", c.body)
			r := runCmd(append([]string{"import", "iati", in, "--intent", "safe-water", "--source", site}, c.args...)...)
			if r.code != c.code {
				t.Errorf("exit %d, want %d: %v", r.code, c.code, r)
			}
			stderr := strings.ReplaceAll(r.stderr, dir+string(filepath.Separator), "")
			if !regexp.MustCompile(c.want).MatchString(stderr) {
				t.Errorf("stderr does not match %s:\n%s", c.want, stderr)
			}
			if strings.Contains(r.stdout+r.stderr, "TOP-SECRET") || strings.Contains(r.stdout+r.stderr, "lollol") {
				t.Error("an entity was expanded")
			}
			if !maps.Equal(before, tree(t, site)) {
				t.Error("a failed import wrote files")
			}
		})
	}
}

// iatiActivity is an activity that follows the IATI 2.01 to 2.03 schemas,
// on lines of its own (the first is blank), with extra elements after its
// sector.
func iatiActivity(id, title, extra string) string {
	return `
 <iati-activity default-currency="EUR" xml:lang="en">
  <iati-identifier>` + id + `</iati-identifier>
  <reporting-org ref="XM-DAC-99" type="10"><narrative>Water Agency</narrative></reporting-org>
  <title><narrative>` + title + `</narrative></title>
  <description><narrative>Fine.</narrative></description>
  <participating-org ref="XM-DAC-99" role="2"><narrative>Water Agency</narrative></participating-org>
  <activity-status code="2"/>
  <activity-date iso-date="2025-01-01" type="2"/>
  <sector vocabulary="1" code="14030"/>` + extra + `
 </iati-activity>`
}

// TestImportIATITranslations: on a site in several languages, an
// activity's title and description in another of the site's languages
// become the initiative's translation in it (NAME.LANG.md), which check
// reads as one; a narrative that is the page's own text is no translation,
// and a translation an editor has is kept on --update.
func TestImportIATITranslations(t *testing.T) {
	in := filepath.Join("testdata", "import", "iati-activities.xml")
	site := testsite.Write(t, map[string]string{
		"site.yaml":                     "title: IATI import\nbase_url: https://iati.example/\nlanguages:\n  en: {name: English}\n  fr: {name: Français}\n",
		"content/intents/safe-water.md": "---\ntitle: Safe water\nsummary: Everyone drinks safe water.\n---\n",
	})
	if r := runCmd("import", "iati", in, "--intent", "safe-water", "--source", site); r.code != 0 {
		t.Fatalf("import iati: %v", r)
	}
	got := tree(t, filepath.Join(site, "content"))
	want := map[string]string{
		"initiatives/clean-water-for-schools.fr.md": "---\ntitle: Eau potable pour les écoles\nsummary: Des fontaines dans vingt écoles.\n---\n",
		"initiatives/rainwater-harvesting.fr.md":    "---\ntitle: Récupération de l'eau de pluie\n---\n",
	}
	for name, body := range want {
		if got[name] != body {
			t.Errorf("%s:\n%s\nwant:\n%s", name, got[name], body)
		}
	}
	for name := range got {
		if strings.HasSuffix(name, ".fr.md") && want[name] == "" {
			t.Errorf("%s written: the activity has no French text of its own", name)
		}
	}
	if !strings.Contains(got["initiatives/clean-water-for-schools.md"], "title: Clean water for schools") {
		t.Errorf("the page is not in the site's default language:\n%s", got["initiatives/clean-water-for-schools.md"])
	}
	if c := runCmd("check", "--source", site); c.code != 0 || strings.Contains(c.stdout+c.stderr, ".fr.md") {
		t.Errorf("check: %v", c)
	}

	// The build publishes the translation as the French page.
	out := filepath.Join(t.TempDir(), "public")
	if b := runCmd("build", "--source", site, "--destination", out); b.code != 0 {
		t.Fatalf("build: %v", b)
	}
	if b, err := os.ReadFile(filepath.Join(out, "fr", "initiatives", "clean-water-for-schools", "index.html")); err != nil ||
		!strings.Contains(string(b), "Eau potable pour les écoles") || !strings.Contains(string(b), `lang="fr"`) {
		t.Errorf("the French page: %v\n%.400s", err, b)
	}

	// An editor's translation is kept; the import says so.
	edited := "---\ntitle: De l'eau potable dans les écoles\n---\n"
	writeFile(t, filepath.Join(site, "content", "initiatives"), "clean-water-for-schools.fr.md", edited)
	r := runCmd("import", "iati", in, "--intent", "safe-water", "--update", "--source", site)
	if r.code != 0 || !strings.Contains(r.stdout+r.stderr, "clean-water-for-schools.fr.md exists and is kept") {
		t.Errorf("import --update: %v", r)
	}
	if b, _ := os.ReadFile(filepath.Join(site, "content", "initiatives", "clean-water-for-schools.fr.md")); string(b) != edited {
		t.Errorf("the editor's translation was changed:\n%s", b)
	}

	// On a site in one language nothing but pages is written.
	one := iatiSite(t, "en")
	if r := runCmd("import", "iati", in, "--intent", "safe-water", "--source", one); r.code != 0 {
		t.Fatalf("import iati: %v", r)
	}
	for name := range tree(t, filepath.Join(one, "content")) {
		if strings.HasSuffix(name, ".fr.md") {
			t.Errorf("%s written on a site in one language", name)
		}
	}
}
