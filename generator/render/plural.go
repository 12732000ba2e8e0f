package render

import (
	"fmt"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
)

// pluralForms name CLDR's plural forms as the strings table's keys end.
var pluralForms = map[plural.Form]string{plural.Zero: "zero", plural.One: "one", plural.Two: "two", plural.Few: "few", plural.Many: "many", plural.Other: "other"}

// Plural formats a count with the theme's string for its plural form in
// the site's language: key + ".one", ".few", ... and ".other" as the
// fallback, each with %d for the number ("count.learning.one": "%d
// learning"). The forms are CLDR's, by golang.org/x/text.
func (t *Theme) Plural(lang, key string, n int) string {
	tag, err := language.Parse(lang)
	if err != nil {
		tag = language.English
	}
	abs := n
	if abs < 0 {
		abs = -abs
	}
	form := plural.Cardinal.MatchPlural(tag, abs%10000000, 0, 0, 0, 0)
	s, ok := t.strings[key+"."+pluralForms[form]]
	if !ok {
		s = t.String(key + ".other")
	}
	return fmt.Sprintf(s, n)
}

// Plural is the theme's Plural in the site's language.
func (s *Site) Plural(key string, n int) string { return s.theme.Plural(s.Config.Language, key, n) }
