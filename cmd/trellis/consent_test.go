package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestNewNarrativeFailsCheckUntilConsentIsWritten: `new narrative` writes
// the consent block with every field present, empty and explained; check
// fails on the story until a person writes the scope and the date consent
// was given, and only then passes.
func TestNewNarrativeFailsCheckUntilConsentIsWritten(t *testing.T) {
	dir := writeSite(t, goodSite())
	var out, errb bytes.Buffer
	if code := run([]string{"new", "--source", dir, "narrative", "Waiting at the bus stop"}, &out, &errb); code != 0 {
		t.Fatalf("new: exit %d: %s", code, errb.String())
	}
	rel := strings.TrimSpace(out.String())
	file := filepath.Join(dir, filepath.FromSlash(rel))
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for _, field := range []string{"scope", "given", "expires", "withdrawn", "record"} {
		if !regexp.MustCompile(`(?m)^  ` + field + `:\s+# \S`).Match(src) {
			t.Errorf("the consent block lacks an empty, explained `%s:`:\n%s", field, src)
		}
	}
	if regexp.MustCompile(`\d{4}-\d{2}-\d{2}`).Match(consentBlock(src)) || bytes.Contains(consentBlock(src), []byte("[site")) {
		t.Errorf("the tool filled in consent itself:\n%s", consentBlock(src))
	}

	check := func() (int, map[string]bool) {
		t.Helper()
		var out, errb bytes.Buffer
		code := run([]string{"check", "--source", dir, "--format", "json"}, &out, &errb)
		var diags []struct{ File, Severity, Code, Message string }
		if err := json.Unmarshal(out.Bytes(), &diags); err != nil {
			t.Fatalf("check output is not JSON: %v\n%s", err, out.String())
		}
		errs := map[string]bool{}
		for _, d := range diags {
			if d.Severity == "error" && d.File == rel {
				errs[d.Message] = true
			}
		}
		return code, errs
	}
	edit := func(field, value string) {
		t.Helper()
		re := regexp.MustCompile(`(?m)^(\s*` + regexp.QuoteMeta(field) + `:)[^#\n]*`)
		src = re.ReplaceAll(src, []byte("${1} "+value+" "))
		if err := os.WriteFile(file, src, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	steps := []struct {
		field, value string
		want         []string // the story's errors after the edit
	}{
		{"", "", []string{"`teller` is empty", "`consent.scope` is empty", "`consent.given` is empty"}},
		{"teller", "Ruth", []string{"`consent.scope` is empty", "`consent.given` is empty"}},
		{"scope", "[site, quote]", []string{"`consent.given` is empty"}},
		{"given", "2025-06-01", nil},
	}
	for _, s := range steps {
		if s.field != "" {
			edit(s.field, s.value)
		}
		code, errs := check()
		for _, w := range s.want {
			if !errs[w] {
				t.Errorf("after setting %s: no error %q; got %v", s.field, w, errs)
			}
		}
		if len(errs) != len(s.want) {
			t.Errorf("after setting %s: errors %v, want %v", s.field, errs, s.want)
		}
		if wantCode := map[bool]int{true: 1, false: 0}[len(s.want) > 0]; code != wantCode {
			t.Errorf("after setting %s: check exit %d, want %d", s.field, code, wantCode)
		}
	}
}

// consentBlock is the consent mapping of a new page's front matter.
func consentBlock(src []byte) []byte {
	_, after, _ := bytes.Cut(src, []byte("\nconsent:"))
	var block []byte
	for i, line := range bytes.Split(after, []byte("\n")) {
		if i > 0 && !bytes.HasPrefix(line, []byte("  ")) {
			break
		}
		block = append(append(block, line...), '\n')
	}
	return block
}
