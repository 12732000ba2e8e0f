package render

// Plural formats a count with the theme's string for its plural form in
// its language: key + ".one", ".few", ... and ".other" as the fallback,
// each with %d for the number ("count.learning.one": "%d learning"). The
// forms are CLDR's, by golang.org/x/text (locale.Table.Plural).
func (t *Theme) Plural(key string, n int) string { return t.table.Plural(key, n) }

// Plural is the theme's Plural in the site's language.
func (s *Site) Plural(key string, n int) string { return s.theme.Plural(key, n) }
