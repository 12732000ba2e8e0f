package main

import (
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// needXMLLint skips a test that needs libxml2's xmllint where it is not
// installed, and fails it in CI, where .ci/run installs it.
func needXMLLint(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("xmllint"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("xmllint is not installed: .ci/run installs libxml2-utils")
		}
		t.Skip("xmllint is not installed (apt-get install libxml2-utils)")
	}
}

// iatiFile is an IATI file of the given version holding the activities.
func iatiFile(version string, activities ...string) string {
	return `<?xml version="1.0" encoding="UTF-8"?>
<iati-activities version="` + version + `">` + strings.Join(activities, "") + `
</iati-activities>
`
}

// A <tag> is IATI 2.03: the 2.01 and 2.02 schemas do not have it. It
// stands on line 22 of iatiFile, in its second activity (lines 13 to 23).
const tag2 = `
  <tag vocabulary="1" code="1"><narrative>Water</narrative></tag>`

// TestImportIATISchema: with xmllint installed, a file is validated
// against the IATI XML Schema of the version it declares, and each error
// is reported at its XML line; the file is imported only when valid, or
// with --lenient its valid activities only.
func TestImportIATISchema(t *testing.T) {
	needXMLLint(t)
	import1 := func(t *testing.T, body string, args ...string) (result, string, map[string]string) {
		t.Helper()
		site := iatiSite(t, "en")
		before := tree(t, filepath.Join(site, "content"))
		dir := t.TempDir()
		in := writeFile(t, dir, "a.xml", body)
		r := runCmd(append([]string{"import", "iati", in, "--intent", "safe-water", "--source", site}, args...)...)
		r.stderr = strings.ReplaceAll(r.stderr, dir+string(filepath.Separator), "")
		after := tree(t, filepath.Join(site, "content"))
		if r.code != 0 && !maps.Equal(before, after) {
			t.Error("a failed import wrote files")
		}
		return r, site, after
	}
	match := func(t *testing.T, r result, want ...string) {
		t.Helper()
		for _, w := range want {
			if !regexp.MustCompile(w).MatchString(r.stderr) {
				t.Errorf("stderr does not match %s:\n%s", w, r.stderr)
			}
		}
	}

	// The same activities are valid IATI 2.03 and invalid 2.01.
	two := []string{iatiActivity("XM-DAC-99-1", "Wells", ""), iatiActivity("XM-DAC-99-2", "Kiosks", tag2)}
	if r, _, got := import1(t, iatiFile("2.03", two...)); r.code != 0 || len(got) != 4 {
		t.Errorf("a valid 2.03 file: wrote %v: %v", keys(got), r)
	}
	r, _, _ := import1(t, iatiFile("2.01", two...))
	if r.code != 1 {
		t.Errorf("a file that breaks the schema of its version: exit %d, want 1", r.code)
	}
	match(t, r, `a\.xml:22: error iati-invalid: activity XM-DAC-99-2 breaks the IATI 2\.01 XML Schema: Element 'tag': This element is not expected`,
		`Import failed: 1 error`)

	// --lenient leaves the invalid activity out, with a warning at its line.
	r, _, got := import1(t, iatiFile("2.01", two...), "--lenient")
	if r.code != 0 {
		t.Fatalf("--lenient: %v", r)
	}
	match(t, r, `a\.xml:22: warning iati-invalid: activity XM-DAC-99-2 breaks the IATI 2\.01 XML Schema: Element 'tag': .*; the activity is skipped`)
	if got["initiatives/wells.md"] == "" || got["initiatives/kiosks.md"] != "" {
		t.Errorf("--lenient wrote %v, want wells and not kiosks", keys(got))
	}

	// A required element missing, in 2.02: the schema says what it expected.
	noDescription := strings.Replace(iatiActivity("XM-DAC-99-3", "Pumps", ""), "\n  <description><narrative>Fine.</narrative></description>", "", 1)
	r, _, _ = import1(t, iatiFile("2.02", noDescription))
	match(t, r, `a\.xml:7: error iati-invalid: activity XM-DAC-99-3 breaks the IATI 2\.02 XML Schema: Element 'participating-org': This element is not expected\. Expected is .*description`)

	// Only the first errors are listed, the rest counted.
	var many []string
	for i := range 25 {
		many = append(many, strings.Replace(iatiActivity("XM-DAC-99-1"+string(rune('a'+i)), "Well "+string(rune('a'+i)), ""), `role="2"`, `role="2" bad="x"`, 1))
	}
	r, _, _ = import1(t, iatiFile("2.03", many...))
	if n := strings.Count(r.stderr, "error iati-invalid: activity"); n != 20 {
		t.Errorf("%d errors listed one by one, want the first 20:\n%s", n, r.stderr)
	}
	match(t, r, `a\.xml: error iati-invalid: and 5 more problems; only the first 20 are listed`)

	// An error outside any activity fails the file, even with --lenient.
	r, _, _ = import1(t, strings.Replace(iatiFile("2.03", two[0]), `version="2.03"`, `version="2.03" linked-data-default="x" bad="x"`, 1), "--lenient")
	if r.code != 1 {
		t.Errorf("an error outside the activities with --lenient: exit %d, want 1", r.code)
	}
	match(t, r, `a\.xml:2: error iati-invalid: the file breaks the IATI 2\.03 XML Schema: Element 'iati-activities', attribute 'bad'`)

	// Several activities on one line: an error there names none of them.
	oneLine := iatiFile("2.03", strings.ReplaceAll(two[0], "\n", ""), strings.ReplaceAll(strings.Replace(two[1], `code="2"`, `code="2" bad="x"`, 1), "\n", ""))
	r, _, _ = import1(t, oneLine, "--lenient")
	match(t, r, `a\.xml:2: error iati-invalid: the file breaks the IATI 2\.03 XML Schema: .*'bad'.*\n\s+hint: this line holds several activities`)
	if r.code != 1 {
		t.Errorf("an error on a line of several activities with --lenient: exit %d, want 1", r.code)
	}
}

// TestImportIATIWithoutXMLLint: without xmllint, a warning says the file
// was not validated against the schema, and the checks of the elements
// import reads still report what the schema requires of them, at their
// line and column.
func TestImportIATIWithoutXMLLint(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	site := iatiSite(t, "en")
	dir := t.TempDir()
	good := writeFile(t, dir, "good.xml", iatiFile("2.03", iatiActivity("XM-DAC-99-1", "Wells", "")))
	r := runCmd("import", "iati", good, "--intent", "safe-water", "--source", site)
	if r.code != 0 || !strings.Contains(r.stderr, "warning iati-schema-not-checked: the file was not validated against the IATI 2.03 XML Schema: xmllint is not installed") {
		t.Errorf("a valid file without xmllint: %v", r)
	}
	bad := strings.Replace(iatiActivity("XM-DAC-99-2", "Pumps", ""), `<activity-date iso-date="2025-01-01" type="2"/>`,
		`<activity-date iso-date="1 May 2025" type="2"/>`+"\n  <transaction><transaction-type code=\"3\"/><value value-date=\"2025-02-01\">10</value></transaction>", 1)
	bad = strings.Replace(bad, `role="2"`, `role="7"`, 1)
	in := writeFile(t, dir, "bad.xml", iatiFile("2.03", bad))
	site = iatiSite(t, "en")
	r = runCmd("import", "iati", in, "--intent", "safe-water", "--source", site)
	if r.code != 1 {
		t.Errorf("exit %d, want 1", r.code)
	}
	for _, want := range []string{
		`bad.xml:10:3: error iati-invalid: activity XM-DAC-99-2 has an activity-date "1 May 2025" that is not an ISO date`,
		`bad.xml:11:3: error iati-invalid: activity XM-DAC-99-2 has a <transaction> without a <transaction-date>`,
	} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	// Codes are checked when the schema is: role 7 is reported once the
	// activity follows the schema.
	fixed := strings.Replace(iatiActivity("XM-DAC-99-2", "Pumps", ""), `role="2"`, `role="7"`, 1)
	in = writeFile(t, dir, "codes.xml", iatiFile("2.03", fixed))
	r = runCmd("import", "iati", in, "--intent", "safe-water", "--source", site)
	if !strings.Contains(r.stderr, `codes.xml:8:3: error iati-invalid: activity XM-DAC-99-2 has a participating-org role "7" that is not in the OrganisationRole codelist (1 to 4)`) {
		t.Errorf("a role outside the codelist without xmllint: %v", r)
	}
}
