// Package locale is one language's words and formats: the theme's strings
// table for that language (themes/<name>/i18n/<lang>.yaml) with CLDR's
// plural rules, number and currency formats from golang.org/x/text. It is
// not a pipeline stage but what the stages that write text in the site's
// language share: render's templates, the visual stage's pictures and the
// search index's labels all read a Table, so that no Go code writes words
// of its own.
//
// A table is flat YAML, one key per string. A string counted by a number
// has one key per CLDR plural form the language uses (key.zero, key.one,
// key.two, key.few, key.many, key.other), each with %d where the number
// goes; Plural picks the form. Dates are the patterns date.long and
// date.month with {day}, {month} and {year}, and the names month.1 to
// month.12 (month.short.1 to month.short.12 for short dates); money is
// the pattern money.symbol ("{symbol}{amount}", "{amount} {symbol}") or
// money.code, with the currency's symbol from CLDR.
package locale

import (
	"fmt"
	"io/fs"
	"math"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/currency"
	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
	"golang.org/x/text/message"
	"golang.org/x/text/number"
	"gopkg.in/yaml.v3"

	"github.com/trellis-ssg/trellis/themes"
)

// Base is the language every table falls back to for a string it lacks,
// and whose table every other must match key for key.
const Base = "en"

// Table is one language's strings and formats.
type Table struct {
	lang    string
	tag     language.Tag
	strings map[string]string
	printer *message.Printer
	// Found is false when no theme layer has a table for the language or
	// its base language: every string is then the base language's.
	Found bool
}

// Layered is a theme's file system made of layers, the default theme
// first: a site's own strings add to and override the default theme's.
type Layered interface {
	Layers() []fs.FS
}

// File is the path of a language's table in a theme.
func File(lang string) string { return "i18n/" + lang + ".yaml" }

// Load reads the table of lang from a theme: the base language's strings,
// then those of lang's base language (pt for pt-br) and of lang itself,
// each from every layer of fsys in order.
func Load(fsys fs.FS, lang string) (*Table, error) {
	layers := []fs.FS{fsys}
	if l, ok := fsys.(Layered); ok {
		layers = l.Layers()
	}
	tag, err := language.Parse(lang)
	if err != nil {
		tag = language.Und
	}
	t := &Table{lang: lang, tag: tag, strings: map[string]string{}, printer: message.NewPrinter(tag)}
	names := []string{Base}
	b, _, _ := strings.Cut(lang, "-")
	if b != Base && b != lang {
		names = append(names, b)
	}
	if lang != Base {
		names = append(names, lang)
	}
	t.Found = b == Base
	for _, name := range names {
		for _, l := range layers {
			src, err := fs.ReadFile(l, File(name))
			if err != nil {
				continue
			}
			var m map[string]string
			if err := yaml.Unmarshal(src, &m); err != nil {
				return nil, fmt.Errorf("theme: %s: %w", File(name), err)
			}
			for k, v := range m {
				t.strings[k] = v
			}
			if name != Base {
				t.Found = true
			}
		}
	}
	if len(t.strings) == 0 {
		return nil, fmt.Errorf("theme: %s: %w", File(Base), fs.ErrNotExist)
	}
	return t, nil
}

// English is the default theme's English table, for pictures and indexes
// made without a site (tests, tools).
var English = func() *Table {
	t, err := Load(themes.Default, Base)
	if err != nil {
		panic(err)
	}
	return t
}()

// Lang is the table's language code.
func (t *Table) Lang() string { return t.lang }

// Has reports whether the table has a string for key.
func (t *Table) Has(key string) bool {
	_, ok := t.strings[key]
	return ok
}

// Keys are the table's keys, unordered.
func (t *Table) Keys() []string {
	out := make([]string, 0, len(t.strings))
	for k := range t.strings {
		out = append(out, k)
	}
	return out
}

// T returns the string for key, or the key itself when there is none.
func (t *Table) T(key string) string {
	if s, ok := t.strings[key]; ok {
		return s
	}
	return key
}

// Tf formats the string for key with args (fmt verbs), numbers written
// the language's way.
func (t *Table) Tf(key string, args ...any) string { return t.printer.Sprintf(t.T(key), args...) }

// forms name CLDR's plural forms as the table's keys end.
var forms = map[plural.Form]string{plural.Zero: "zero", plural.One: "one", plural.Two: "two", plural.Few: "few", plural.Many: "many", plural.Other: "other"}

// Form is the CLDR plural form of the count n in the table's language:
// "zero", "one", "two", "few", "many" or "other".
func (t *Table) Form(n int) string {
	if n < 0 {
		n = -n
	}
	return forms[plural.Cardinal.MatchPlural(t.tag, n%10000000, 0, 0, 0, 0)]
}

// Plural formats a count with the string for its plural form (key.one,
// key.few, …, key.other as the fallback), the number written the
// language's way.
func (t *Table) Plural(key string, n int) string {
	s, ok := t.strings[key+"."+t.Form(n)]
	if !ok {
		s = t.T(key + ".other")
	}
	return t.printer.Sprintf(s, n)
}

// Number writes a whole number the language's way: 1,234 or 1 234.
func (t *Table) Number(n int) string { return t.printer.Sprint(number.Decimal(n)) }

// Decimal writes x with at most digits digits after the decimal point.
func (t *Table) Decimal(x float64, digits int) string {
	return t.printer.Sprint(number.Decimal(x, number.MaxFractionDigits(digits)))
}

// Money writes an amount rounded to a whole number in its currency (an
// ISO 4217 code), the language's way: €1,200,000 or 1 200 000 €. A
// currency CLDR has no symbol for is written with its code.
func (t *Table) Money(amount float64, code string) string {
	return t.money(t.amount(math.Round(amount)), amount < 0, code)
}

// MoneyShort writes an amount in a few characters for a label: €1.2m,
// €35k, €900, in the units of the strings number.thousand,
// number.million and number.billion.
func (t *Table) MoneyShort(amount float64, code string) string {
	a := math.Abs(amount)
	var s string
	switch {
	case a >= 1e9:
		s = strings.ReplaceAll(t.T("number.billion"), "{n}", t.Decimal(math.Round(a/1e8)/10, 1))
	case a >= 1e6:
		s = strings.ReplaceAll(t.T("number.million"), "{n}", t.Decimal(math.Round(a/1e5)/10, 1))
	case a >= 1e4:
		s = strings.ReplaceAll(t.T("number.thousand"), "{n}", t.Number(int(math.Round(a/1e3))))
	default:
		return t.Money(amount, code)
	}
	return t.money(s, amount < 0, code)
}

// amount is a whole amount without its sign, the language's way.
func (t *Table) amount(a float64) string {
	return t.printer.Sprint(number.Decimal(math.Abs(a), number.MaxFractionDigits(0)))
}

func (t *Table) money(amount string, neg bool, code string) string {
	pattern, symbol := t.T("money.code"), code
	if u, err := currency.ParseISO(code); err == nil {
		if s := t.printer.Sprint(currency.Symbol(u)); s != code {
			pattern, symbol = t.T("money.symbol"), s
		}
	}
	s := strings.NewReplacer("{symbol}", symbol, "{code}", code, "{amount}", amount).Replace(pattern)
	if neg {
		return t.T("number.minus") + s
	}
	return s
}

// Date writes a date the language's way: the pattern date.long.
func (t *Table) Date(d time.Time) string {
	if d.IsZero() {
		return ""
	}
	return fill(t.T("date.long"), strconv.Itoa(d.Day()), t.T("month."+strconv.Itoa(int(d.Month()))), strconv.Itoa(d.Year()))
}

// Month writes a month and year: the pattern date.month.
func (t *Table) Month(d time.Time) string {
	return fill(t.T("date.month"), "{day}", t.T("month."+strconv.Itoa(int(d.Month()))), strconv.Itoa(d.Year()))
}

// MonthShort writes a month and year briefly, for a label: the pattern
// date.month with the names month.short.1 … month.short.12.
func (t *Table) MonthShort(d time.Time) string {
	return fill(t.T("date.month"), "{day}", t.T("month.short."+strconv.Itoa(int(d.Month()))), strconv.Itoa(d.Year()))
}

// fill replaces {day}, {month} and {year} in a pattern, left to right.
func fill(pattern, day, month, year string) string {
	var b strings.Builder
	b.Grow(len(pattern) + len(month))
	for i := 0; i < len(pattern); {
		if pattern[i] == '{' {
			switch rest := pattern[i:]; {
			case strings.HasPrefix(rest, "{day}"):
				b.WriteString(day)
				i += len("{day}")
				continue
			case strings.HasPrefix(rest, "{month}"):
				b.WriteString(month)
				i += len("{month}")
				continue
			case strings.HasPrefix(rest, "{year}"):
				b.WriteString(year)
				i += len("{year}")
				continue
			}
		}
		b.WriteByte(pattern[i])
		i++
	}
	return b.String()
}

// LanguageName is the name of the language with code in the table's
// language ("Saesneg" for en in Welsh): the string language.<code> when
// the table has one, else CLDR's (golang.org/x/text/language/display).
func (t *Table) LanguageName(code string) string {
	if s, ok := t.strings["language."+code]; ok {
		return s
	}
	if tag, err := language.Parse(code); err == nil {
		if n := display.Tags(t.tag).Name(tag); n != "" {
			return n
		}
	}
	return code
}
