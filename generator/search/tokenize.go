package search

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
)

// FoldTable is the diacritic fold table, shared verbatim with search.js (a
// test checks that the script carries the same literal): space-separated
// groups "to:from", each lowercase letter of from matching as to. Text is
// lowercased and stripped of combining marks (Unicode Mn) before folding, so
// decomposed input ("e" + U+0301) folds the same as precomposed ("é").
const FoldTable = "a:àáâãäåāăą ae:æ c:çćĉċč d:ðďđ e:èéêëēĕėęě g:ĝğġģ h:ĥħ i:ìíîïĩīĭįı ij:ĳ j:ĵ k:ķĸ l:ĺļľŀł n:ñńņňŉŋ o:òóôõöøōŏő oe:œ r:ŕŗř s:śŝşšſș ss:ß t:ţťŧț th:þ u:ùúûüũūŭůűų w:ŵ y:ýÿŷ z:źżž σ:ς"

var fold = func() map[rune]string {
	m := map[rune]string{}
	for _, g := range strings.Fields(FoldTable) {
		to, from, _ := strings.Cut(g, ":")
		for _, r := range from {
			m[r] = to
		}
	}
	return m
}()

// StopWords are the English words too common to index or search for. They
// apply only to a site whose language is English; meta.json carries the
// list the browser uses.
var StopWords = []string{
	"an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "has", "have", "he", "her", "his",
	"in", "into", "is", "it", "its", "of", "on", "or", "our", "she", "so", "that", "the", "their", "them",
	"then", "there", "these", "they", "this", "those", "to", "was", "we", "were", "which", "will", "with",
	"you", "your",
}

const (
	minTerm = 2  // runes; shorter words are not indexed
	maxTerm = 40 // runes; longer "words" (hashes, pasted URLs) are not indexed
)

// normalize lowercases s, drops combining marks and folds diacritics.
func normalize(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if r < utf8.RuneSelf {
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
			b.WriteByte(byte(r))
			continue
		}
		r = unicode.ToLower(r)
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		if f, ok := fold[r]; ok {
			b.WriteString(f)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func wordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r) }

// words splits normalised text into runs of letters, digits and marks.
func words(s string) []string {
	return strings.FieldsFunc(normalize(s), func(r rune) bool { return !wordRune(r) })
}

// analyzer turns text into index terms the way search.js turns a query into
// search keys.
type analyzer struct {
	english bool
	stop    map[string]bool
	stems   sync.Map // word → stem: a site has far fewer words than occurrences
}

func newAnalyzer(language string) *analyzer {
	a := &analyzer{stop: map[string]bool{}}
	lang := strings.ToLower(language)
	if lang == "en" || strings.HasPrefix(lang, "en-") || strings.HasPrefix(lang, "en_") {
		a.english = true
		for _, w := range StopWords {
			a.stop[w] = true
		}
	}
	return a
}

// keep reports whether a normalised word is searchable at all.
func (a *analyzer) keep(w string) bool {
	n := utf8.RuneCountInString(w)
	return n >= minTerm && n <= maxTerm && !a.stop[w]
}

// Stemmer names the stemming meta.json announces for English sites: the
// Snowball English ("Porter2") stemmer as published in 2005, which
// kljensen/snowball implements and search.js carries in its own code. Both
// are checked against the Snowball project's own test vocabulary of that
// algorithm (testdata/snowball-english.txt).
const Stemmer = "snowball-english-2005"

// stem reduces a normalised word to its stem on an English site, so that
// "stopped", "stopping" and "stops" find "stop", and "benchs" "benches".
// Only words of ASCII letters and digits are stemmed (the stemmer knows
// English suffixes; a word with other letters left after folding is not
// English): search.js does exactly the same.
func (a *analyzer) stem(w string) string {
	if !a.english {
		return w
	}
	for i := 0; i < len(w); i++ {
		if c := w[i]; !('a' <= c && c <= 'z' || '0' <= c && c <= '9') {
			return w
		}
	}
	if s, ok := a.stems.Load(w); ok {
		return s.(string)
	}
	s := english.Stem(w, true)
	a.stems.Store(strings.Clone(w), s)
	return s
}

// terms returns the index terms of text, in order, with repeats.
func (a *analyzer) terms(text string) []string {
	var out []string
	for _, w := range words(text) {
		if a.keep(w) {
			out = append(out, a.stem(w))
		}
	}
	return out
}

// shardKey is the first two runes of a term.
func shardKey(term string, n int) string {
	i := 0
	for j := range term {
		if i == n {
			return term[:j]
		}
		i++
	}
	return term
}

// shardFile is the file name of a shard key: the key itself when it is
// plain ASCII letters and digits, else "_" and the hex of its UTF-8 bytes,
// so that no host has to deal with non-ASCII file names.
func shardFile(key string) string {
	for i := 0; i < len(key); i++ {
		c := key[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			const hex = "0123456789abcdef"
			b := []byte{'_'}
			for j := 0; j < len(key); j++ {
				b = append(b, hex[key[j]>>4], hex[key[j]&15])
			}
			return string(b)
		}
	}
	return key
}
