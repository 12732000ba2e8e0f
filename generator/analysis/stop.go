package analysis

import "strings"

// stopWords are English words that say nothing about what a page is
// about, left out of the suggestions' comparison on an English site (the
// search index keeps most of them: a reader may search for "not"). The
// list is the function words of English and the commonest verbs and
// adverbs of report prose.
var stopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`
a about above after again against all almost along already also although always am among an and another any anyone anything are around as
at away back be became because become been before being below between both but by came can cannot come could did do does doing done down
during each either else enough even ever every few first for found from further get gets getting give given go goes going gone got had has
have having he her here hers herself him himself his how however i if in including instead into is it its itself just know last later least
less let like made make makes many may me means might more most much must my myself near need needs never new next no none nor not nothing
now of off often on once one only onto or other others otherwise our ours ourselves out over own per put quite rather really said same say
says see seen several shall she should since so some something still such take taken than that the their theirs them themselves then there
these they thing things this those though through thus to together too took toward towards under until up upon us use used using very was
way ways we well went were what whatever when where whether which while who whom whose why will with within without would yet you your yours
yourself yourselves
`) {
		m[w] = true
	}
	return m
}()

// english reports whether a site language is English.
func english(lang string) bool {
	l := strings.ToLower(lang)
	return l == "en" || strings.HasPrefix(l, "en-") || strings.HasPrefix(l, "en_")
}
