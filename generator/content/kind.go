package content

import "strings"

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
