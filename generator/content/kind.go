package content

import (
	"strings"

	"github.com/trellis-ssg/trellis/generator/diag"
)

// Kind is what a page is: one of the portfolio's entity kinds, or a plain page.
type Kind string

// The kinds of page. A page's kind comes from its folder under content/ and
// can be set with `kind:` in front matter.
const (
	KindPage         Kind = "page"
	KindIntent       Kind = "intent"
	KindInitiative   Kind = "initiative"
	KindLearning     Kind = "learning"
	KindDecision     Kind = "decision"
	KindNarrative    Kind = "narrative"
	KindSource       Kind = "source"
	KindOrganisation Kind = "organisation"
)

// Kinds lists the entity kinds in the order the site presents them.
var Kinds = []Kind{KindIntent, KindInitiative, KindLearning, KindDecision, KindNarrative, KindSource, KindOrganisation}

// Folder is the content folder, and the URL segment, of a kind.
func (k Kind) Folder() string {
	switch k {
	case KindPage:
		return ""
	case KindOrganisation:
		return "organisations"
	}
	return string(k) + "s"
}

// KindOfFolder returns the kind whose folder is name, or KindPage.
func KindOfFolder(name string) Kind {
	for _, k := range Kinds {
		if k.Folder() == name {
			return k
		}
	}
	return KindPage
}

// ParseKind returns the kind named s ("initiative" or its folder "initiatives").
func ParseKind(s string) (Kind, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "page" {
		return KindPage, true
	}
	for _, k := range Kinds {
		if string(k) == s || k.Folder() == s {
			return k, true
		}
	}
	return "", false
}

// FolderTypo returns the kind whose folder name looks mistyped as name
// (`initative`, `Organizations`, `narrative`), or "" when name is a kind's
// folder or not close to any: such a folder holds plain pages. Only near
// misses count, so that a docs folder such as `courses` or `events` is not
// taken for a kind.
func FolderTypo(name string) Kind {
	if KindOfFolder(name) != KindPage {
		return ""
	}
	var words, sameStart []string
	byWord := map[string]Kind{}
	for _, k := range Kinds {
		for _, w := range []string{k.Folder(), string(k)} {
			words = append(words, w)
			byWord[w] = k
			if name != "" && strings.EqualFold(w[:1], name[:1]) {
				sameStart = append(sameStart, w)
			}
		}
	}
	// One slip anywhere, or two in a long name that starts right
	// (`desicions`), but not `resources` for sources.
	w := diag.SuggestWithin(name, words, 1)
	if w == "" && len(name) >= 8 {
		w = diag.SuggestWithin(name, sameStart, 2)
	}
	return byWord[w]
}

// synonyms are the plain words editors use for the kinds.
var synonyms = map[string]Kind{
	"goal": KindIntent, "aim": KindIntent, "mission": KindIntent, "objective": KindIntent,
	"project": KindInitiative, "programme": KindInitiative, "program": KindInitiative, "pilot": KindInitiative, "experiment": KindInitiative,
	"lesson": KindLearning, "insight": KindLearning,
	"story": KindNarrative, "stories": KindNarrative, "testimony": KindNarrative,
	"recording": KindSource, "video": KindSource, "talk": KindSource, "report": KindSource,
	"org": KindOrganisation, "organization": KindOrganisation, "partner": KindOrganisation, "funder": KindOrganisation,
	"pages": KindPage,
}

// KindOfWord returns the kind an editor means by a word: a kind's name or
// folder (as ParseKind), or a plain word for it — story for narrative,
// project for initiative, org or organization for organisation — singular
// or plural. It is for `trellis new`; front matter's `kind:` takes only the
// kinds' own names.
func KindOfWord(s string) (Kind, bool) {
	if k, ok := ParseKind(s); ok {
		return k, true
	}
	w := strings.ToLower(strings.TrimSpace(s))
	if k, ok := synonyms[w]; ok {
		return k, true
	}
	if k, ok := synonyms[strings.TrimSuffix(w, "s")]; ok {
		return k, true
	}
	return "", false
}
