package search

// Analyzer is the index's analysis of text, for other stages that compare
// pages by their words (generator/analysis): the same words, folding, stop
// words and stemming as the search index, so that the two never disagree
// about what a word is.
type Analyzer struct{ a *analyzer }

// NewAnalyzer returns the analyzer of a site in language (a BCP 47 code):
// English sites drop stop words and stem with Snowball.
func NewAnalyzer(language string) *Analyzer { return &Analyzer{newAnalyzer(language)} }

// Each calls f with every searchable word of text, in order: the word as
// normalised (lowercase, diacritics folded) and its index term (its stem
// on an English site).
func (an *Analyzer) Each(text string, f func(word, term string)) {
	for _, w := range words(text) {
		if an.a.keep(w) {
			f(w, an.a.stem(w))
		}
	}
}
