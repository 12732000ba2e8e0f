package visual

import (
	"fmt"
	"strings"
)

// Words are the texts of a picture that are in the site's language: the
// counted nouns of its nodes ("2 learnings") and the labels of its legend,
// from the theme's strings table. render's Site is one; English is the
// default.
type Words interface {
	// T is the text for a key ("status.piloting", "map.legend.status").
	T(key string) string
	// Plural is the text for a count ("count.learning", 2 → "2 learnings").
	Plural(key string, n int) string
}

// English are the default theme's English words, for pictures drawn
// without a theme (tests, tools).
var English Words = english{}

type english struct{}

var englishText = map[string]string{
	"map.legend.status": "Status", "map.legend.system": "Main system", "map.legend.lines": "Lines",
	"map.legend.other-systems": "other systems", "map.legend.parent": "intent inside intent",
}

var englishCount = map[string][2]string{
	"count.learning": {"learning", "learnings"}, "count.decision": {"decision", "decisions"},
	"count.narrative": {"story", "stories"}, "count.initiative": {"initiative", "initiatives"},
}

func (english) T(key string) string {
	if s, ok := englishText[key]; ok {
		return s
	}
	if st, ok := strings.CutPrefix(key, "status."); ok {
		return st
	}
	return key
}

func (english) Plural(key string, n int) string {
	w := englishCount[key]
	if n == 1 {
		return fmt.Sprintf("%d %s", n, w[0])
	}
	return fmt.Sprintf("%d %s", n, w[1])
}

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
	if len(w) > 0 {
		return w[0]
	}
	return nil
}
