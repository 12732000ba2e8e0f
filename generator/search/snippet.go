package search

import (
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/trellis-ssg/trellis/generator/content"
	"github.com/trellis-ssg/trellis/generator/portfolio"
)

// Passages: under each result search.js shows the sentence of the page
// that has the most of the query's words, cut around the first of them,
// instead of the page's summary. A page's sentences are in x/<n>.json,
// downloaded only for the results shown. Snippet is the same choice in Go.
const (
	snippetLen    = 220 // the longest passage shown, in characters
	snippetBefore = 60  // characters kept before the first word found, when cut
	snippetShort  = 90  // a sentence this short takes the next one with it
)

// passageText is what x/<n>.json holds for p: its short texts and body as
// sentences, at most passageLen characters.
func passageText(pf *portfolio.Portfolio, p *content.Page) []string {
	out := []string{}
	n := 0
	for _, t := range append(shortTexts(p), pf.Text(p)) {
		for _, s := range sentences(t) {
			l := utf8.RuneCountInString(s)
			if n+l > passageLen {
				return out
			}
			n += l
			out = append(out, s)
		}
	}
	return out
}

// Snippet is the passage search.js shows under page's result for query q,
// or "" when no sentence of the page has a word of the query (then the
// result's excerpt stays).
func (ix *Index) Snippet(page int, q string) (string, error) {
	var ss []string
	name := fmt.Sprintf("search/x/%d.json", page)
	if err := json.Unmarshal(ix.byKey[name], &ss); err != nil {
		return "", fmt.Errorf("%s: %w", name, err)
	}
	return snippet(ix.analyzer(), ss, ix.ParseQuery(q)), nil
}

// token is a word of a sentence: its first character and its end, in
// characters.
type token struct{ at, end int }

func tokens(rs []rune) []token {
	var out []token
	for i := 0; i < len(rs); {
		if !wordRune(rs[i]) {
			i++
			continue
		}
		j := i
		for j < len(rs) && wordRune(rs[j]) {
			j++
		}
		out = append(out, token{i, j})
		i = j
	}
	return out
}

// matchWord returns the index of the query word a token matches, or -1.
func matchWord(an *analyzer, tok string, ws []Word) int {
	t := normalize(tok)
	k := an.stem(t)
	for i, w := range ws {
		if k == w.Key || w.Prefix && strings.HasPrefix(t, w.Raw) {
			return i
		}
	}
	return -1
}

func snippet(an *analyzer, ss []string, ws []Word) string {
	if len(ws) == 0 {
		return ""
	}
	best, bestN := -1, 0
	for i, s := range ss {
		rs := []rune(s)
		seen := map[int]bool{}
		for _, t := range tokens(rs) {
			if m := matchWord(an, string(rs[t.at:t.end]), ws); m >= 0 {
				seen[m] = true
			}
		}
		if len(seen) > bestN {
			best, bestN = i, len(seen)
		}
	}
	if best < 0 {
		return ""
	}
	text := ss[best]
	if utf8.RuneCountInString(text) < snippetShort && best+1 < len(ss) {
		text += " " + ss[best+1]
	}
	rs := []rune(text)
	if len(rs) <= snippetLen {
		return text
	}
	first := 0
	for _, t := range tokens(rs) {
		if matchWord(an, string(rs[t.at:t.end]), ws) >= 0 {
			first = t.at
			break
		}
	}
	start, pre := 0, ""
	if first > snippetBefore {
		start = first - snippetBefore
		for start < first && rs[start-1] != ' ' {
			start++
		}
		pre = "…"
	}
	end, post := start+snippetLen, ""
	if end < len(rs) {
		for end > first && rs[end] != ' ' {
			end--
		}
		post = "…"
	} else {
		end = len(rs)
	}
	return pre + strings.TrimSpace(string(rs[start:end])) + post
}
