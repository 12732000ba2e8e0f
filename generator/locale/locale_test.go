package locale_test

import (
	"io/fs"
	"slices"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/trellis-ssg/trellis/generator/locale"
	"github.com/trellis-ssg/trellis/themes"
)

// Shipped are the languages the default theme has complete tables for.
var Shipped = []string{"en", "fr", "es", "de", "cy"}

var pluralForms = []string{"zero", "one", "two", "few", "many", "other"}

// raw reads a table of the default theme as it is written, without the
// English it falls back to.
func raw(t *testing.T, lang string) map[string]bool {
	t.Helper()
	tb, err := locale.Load(fstest.MapFS{"i18n/en.yaml": {Data: []byte("x: y\n")}, locale.File(lang): mustRead(t, locale.File(lang))}, lang)
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]bool{}
	for _, k := range tb.Keys() {
		if k != "x" || lang == "en" {
			keys[k] = true
		}
	}
	return keys
}

func mustRead(t *testing.T, name string) *fstest.MapFile {
	t.Helper()
	b, err := fs.ReadFile(themes.Default, name)
	if err != nil {
		t.Fatal(err)
	}
	return &fstest.MapFile{Data: b}
}

// split tells a plural key ("count.learning.few") from a plain one.
func split(key string) (base, form string) {
	i := strings.LastIndexByte(key, '.')
	if i > 0 && slices.Contains(pluralForms, key[i+1:]) {
		return key[:i], key[i+1:]
	}
	return key, ""
}

// formsOf are the plural forms a language's whole numbers take (CLDR).
func formsOf(tb *locale.Table) []string {
	seen := map[string]bool{}
	for n := 0; n <= 1000; n++ {
		seen[tb.Form(n)] = true
	}
	seen[tb.Form(1000000)] = true
	var out []string
	for _, f := range pluralForms {
		if seen[f] {
			out = append(out, f)
		}
	}
	return out
}

// TestTablesAreComplete: every table the default theme ships has every
// key of en.yaml, each counted string in every plural form its language
// uses, and no key en.yaml does not have.
func TestTablesAreComplete(t *testing.T) {
	en := raw(t, "en")
	bases := map[string]bool{} // the counted strings: those with an "other" form
	for k := range en {
		if b, f := split(k); f == "other" {
			bases[b] = true
		}
	}
	names, _ := fs.Glob(themes.Default, "i18n/*.yaml")
	for _, lang := range Shipped {
		if !slices.Contains(names, locale.File(lang)) {
			t.Errorf("the default theme has no %s", locale.File(lang))
		}
	}
	for _, name := range names {
		lang := strings.TrimSuffix(strings.TrimPrefix(name, "i18n/"), ".yaml")
		t.Run(lang, func(t *testing.T) {
			have := raw(t, lang)
			tb, err := locale.Load(themes.Default, lang)
			if err != nil {
				t.Fatal(err)
			}
			var missing, extra []string
			for k := range en {
				if b, f := split(k); !(f != "" && bases[b]) && !have[k] {
					missing = append(missing, k)
				}
			}
			for b := range bases {
				for _, f := range formsOf(tb) {
					if f == "many" && !have[b+".many"] && tb.Form(1000000) == "many" && tb.Form(6) != "many" {
						continue // only millions (French, Spanish): "other" reads right
					}
					if !have[b+"."+f] {
						missing = append(missing, b+"."+f)
					}
				}
			}
			for k := range have {
				if b, f := split(k); !en[k] && !(f != "" && bases[b]) {
					extra = append(extra, k)
				}
			}
			sort.Strings(missing)
			sort.Strings(extra)
			if len(missing) > 0 {
				t.Errorf("%s lacks %d strings: %s", locale.File(lang), len(missing), strings.Join(missing, ", "))
			}
			if len(extra) > 0 {
				t.Errorf("%s has strings en.yaml does not: %s", locale.File(lang), strings.Join(extra, ", "))
			}
		})
	}
}

// TestWelshPlurals: Welsh has six plural forms; the counted nouns mutate
// after the numbers that mutate them.
func TestWelshPlurals(t *testing.T) {
	cy, err := locale.Load(themes.Default, "cy")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		key  string
		n    int
		want string
	}{
		{"count.decision", 0, "0 penderfyniad"},
		{"count.decision", 1, "1 penderfyniad"},
		{"count.decision", 2, "2 benderfyniad"},
		{"count.decision", 3, "3 phenderfyniad"},
		{"count.decision", 5, "5 penderfyniad"},
		{"count.decision", 6, "6 phenderfyniad"},
		{"count.initiative", 1, "1 fenter"},
		{"count.initiative", 2, "2 fenter"},
		{"count.initiative", 5, "5 menter"},
		{"count.initiative", 1234, "1,234 menter"},
	} {
		if got := cy.Plural(c.key, c.n); got != c.want {
			t.Errorf("Plural(%s, %d) = %q, want %q", c.key, c.n, got, c.want)
		}
	}
	if got := strings.Join(formsOf(cy), " "); got != "zero one two few many other" {
		t.Errorf("Welsh forms: %s", got)
	}
}

// TestFormats: numbers, money and dates the language's way.
func TestFormats(t *testing.T) {
	load := func(lang string) *locale.Table {
		tb, err := locale.Load(themes.Default, lang)
		if err != nil {
			t.Fatal(err)
		}
		return tb
	}
	d := time.Date(2026, 3, 5, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct{ name, got, want string }{
		{"en money", load("en").Money(1200000, "EUR"), "€1,200,000"},
		{"en pounds", load("en").Money(35000.4, "GBP"), "£35,000"},
		{"en unknown currency", load("en").Money(1200, "XYZ"), "1,200 XYZ"},
		{"en short", load("en").MoneyShort(1234567, "EUR"), "€1.2m"},
		{"en short thousands", load("en").MoneyShort(35000, "USD"), "$35k"},
		{"fr money", load("fr").Money(1200000, "EUR"), "1\u00a0200\u00a0000\u00a0€"},
		{"de money", load("de").Money(1200000, "EUR"), "1.200.000\u00a0€"},
		{"es money", load("es").Money(1200000, "EUR"), "1.200.000\u00a0€"},
		{"cy money", load("cy").Money(1200000, "GBP"), "£1,200,000"},
		{"fr short", load("fr").MoneyShort(1234567, "EUR"), "1,2\u00a0M\u00a0€"},
		{"de date", load("de").Date(d), "5. März 2026"},
		{"es date", load("es").Date(d), "5 de marzo de 2026"},
		{"cy date", load("cy").Date(d), "5 Mawrth 2026"},
		{"fr number", load("fr").Number(1234), "1\u00a0234"},
		{"en in English, in Welsh", load("cy").LanguageName("en"), "Saesneg"},
		{"fr in French", load("fr").LanguageName("fr"), "français"},
	} {
		if c.got != c.want {
			t.Errorf("%s: %q, want %q", c.name, c.got, c.want)
		}
	}
}
