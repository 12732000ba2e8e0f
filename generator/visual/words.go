package visual

import (
	"strings"
	"time"

	"github.com/trellis-ssg/trellis/generator/locale"
)

// Words are the texts of a picture in the site's language: its titles,
// descriptions, legends, table headings and the accessible names of its
// links, with counts, money and dates written the language's way. They
// come from the theme's strings table (a *locale.Table); nothing here
// writes words of its own. English is the default.
type Words interface {
	// T is the text for a key ("status.piloting", "map.legend.status").
	T(key string) string
	// Tf formats the text for a key with args (fmt verbs).
	Tf(key string, args ...any) string
	// Plural is the text for a count ("count.learning", 2 → "2 learnings").
	Plural(key string, n int) string
	// Number writes a count.
	Number(n int) string
	// Money writes an amount in full, MoneyShort for a label.
	Money(amount float64, currency string) string
	MoneyShort(amount float64, currency string) string
	// Date writes a date; MonthShort a month and year for a label.
	Date(t time.Time) string
	MonthShort(t time.Time) string
	// LanguageName names a language in the words' language: "Saesneg".
	LanguageName(code string) string
}

// English are the default theme's English words, for pictures drawn
// without a site (tests, tools).
var English Words = locale.English

// countWords says how many learnings, decisions and stories there are, the
// counts that are not zero joined by sep: "2 learnings · 1 story".
func (b *builder) countWords(l, d, s int, sep string) string {
	var parts []string
	for _, c := range []struct {
		key string
		n   int
	}{{"count.learning", l}, {"count.decision", d}, {"count.narrative", s}} {
		if c.n > 0 {
			parts = append(parts, b.words.Plural(c.key, c.n))
		}
	}
	return strings.Join(parts, sep)
}

func first(w []Words) Words {
	if len(w) > 0 && w[0] != nil {
		return w[0]
	}
	return English
}

// has reports whether w has a string for key (T gives the key back when
// it has none).
func has(w Words, key string) bool { return w.T(key) != key }

// word is a vocabulary value as it stands in a sentence ("piloting"): the
// table's word.<kind>.<value>, or the value itself (a site's own status).
func word(w Words, kind, v string) string {
	if v == "" {
		return ""
	}
	if k := "word." + kind + "." + v; has(w, k) {
		return w.T(k)
	}
	return v
}

// label is a vocabulary value as a label ("Piloting"): the table's
// <kind>.<value>, or the value with a capital (a site's own status).
func label(w Words, kind, v string) string {
	if k := kind + "." + v; v != "" && has(w, k) {
		return w.T(k)
	}
	return viewLabel(v)
}
