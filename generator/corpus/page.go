package corpus

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
)

// fm builds YAML front matter. Free text is always double-quoted (Go's
// quoting of ASCII text is valid YAML), so no generated word can break it.
type fm struct{ b strings.Builder }

func (f *fm) raw(indent int, key, v string) {
	f.b.WriteString(strings.Repeat(" ", indent))
	f.b.WriteString(key)
	f.b.WriteString(": ")
	f.b.WriteString(v)
	f.b.WriteByte('\n')
}
func (f *fm) text(indent int, key, v string) { f.raw(indent, key, strconv.Quote(v)) }
func (f *fm) list(indent int, key string, vs []string) {
	f.raw(indent, key, "["+strings.Join(vs, ", ")+"]")
}
func (f *fm) textList(indent int, key string, vs []string) {
	q := make([]string, len(vs))
	for i, v := range vs {
		q[i] = strconv.Quote(v)
	}
	f.list(indent, key, q)
}
func (f *fm) open(indent int, key string) {
	f.b.WriteString(strings.Repeat(" ", indent) + key + ":\n")
}

// item starts a list item: "  - key: value".
func (f *fm) item(indent int, key, v string) { f.raw(indent, "- "+key, v) }

// date is a day between 2019-01-01 and the end of 2025, as YYYY-MM-DD.
func date(day int) string {
	y, d := 2019, day
	for {
		n := 365
		if y%4 == 0 {
			n = 366
		}
		if d < n {
			break
		}
		d -= n
		y++
	}
	mdays := []int{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}
	if y%4 == 0 {
		mdays[1] = 29
	}
	m := 0
	for d >= mdays[m] {
		d -= mdays[m]
		m++
	}
	return fmt.Sprintf("%04d-%02d-%02d", y, m+1, d+1)
}

const lastDay = 7*365 + 1 // 2025-12-31

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// some returns k distinct elements of xs (fewer when xs is short), in a random order.
func some[T any](r *rand.Rand, xs []T, k int, not ...T) []T {
	var out []T
	if k > len(xs) {
		k = len(xs)
	}
	for tries := 0; len(out) < k && tries < 4*k+8; tries++ {
		x := xs[r.IntN(len(xs))]
		if containsAny(out, x) || containsAny(not, x) {
			continue
		}
		out = append(out, x)
	}
	return out
}

func containsAny[T any](xs []T, x T) bool {
	for _, y := range xs {
		if any(y) == any(x) {
			return true
		}
	}
	return false
}

func slugs(es []*entry) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.slug
	}
	return out
}

func moment(r *rand.Rand) string {
	return fmt.Sprintf("%02d:%02d:%02d", r.IntN(2), r.IntN(60), r.IntN(60))
}

// page writes one page: front matter, then body.
func (g *gen) page(r *rand.Rand, e *entry) []byte {
	var f fm
	f.b.WriteString("---\n")
	f.text(0, "title", e.title)
	var links []*entry // pages the body should mention: those the front matter names
	day := r.IntN(lastDay - 400)
	switch e.folder {
	case "":
		f.text(0, "summary", sentence(r, 12, 20))
		f.raw(0, "date", date(day))
		f.raw(0, "weight", strconv.Itoa(e.index+1))
		links = some(r, g.intents, 2)
	case "organisations":
		f.raw(0, "id", fmt.Sprintf("ORG-%05d", e.index+1))
		f.text(0, "summary", sentence(r, 12, 24))
		f.raw(0, "type", pick(r, orgTypes))
		f.raw(0, "org_id", fmt.Sprintf("XM-DAC-%d-%d", 10+r.IntN(80), e.index+1))
		f.raw(0, "website", "https://"+e.slug+".example.org/")
		if e.index > 2 && r.IntN(3) == 0 {
			parent := g.orgs[r.IntN(e.index)]
			f.raw(0, "parent", parent.slug)
			links = append(links, parent)
		}
		f.list(0, "tags", some(r, tags, 1+r.IntN(2)))
	case "sources":
		f.raw(0, "id", fmt.Sprintf("SRC-%05d", e.index+1))
		f.text(0, "summary", sentence(r, 12, 24))
		if vid := g.videoIDs[e.index]; vid != "" {
			f.raw(0, "video_id", vid)
		} else {
			f.raw(0, "type", pick(r, sourceTypes))
		}
		f.raw(0, "url", "https://library.example.org/"+e.slug)
		pub := pick(r, g.orgs)
		f.raw(0, "publisher", pub.slug)
		links = append(links, pub)
		f.raw(0, "date", date(day))
		f.raw(0, "transcript", "https://library.example.org/"+e.slug+"/transcript")
		f.list(0, "tags", some(r, tags, 1+r.IntN(2)))
	case "intents":
		f.raw(0, "id", fmt.Sprintf("INT-%05d", e.index+1))
		f.text(0, "summary", sentence(r, 14, 28))
		roots := max(1, len(g.intents)/4)
		if e.index >= roots {
			// An earlier intent: parents never form a cycle.
			parent := g.intents[r.IntN(e.index)]
			f.raw(0, "parent", parent.slug)
			links = append(links, parent)
		}
		f.raw(0, "horizon", strconv.Itoa(pick(r, []int{2030, 2035, 2040, 2050})))
		f.list(0, "systems", some(r, systems, 1+r.IntN(3)))
		owners := some(r, g.orgs, 1+r.IntN(2))
		f.list(0, "owners", slugs(owners))
		links = append(links, owners...)
		f.raw(0, "color", pick(r, colors))
		f.raw(0, "weight", strconv.Itoa(e.index+1))
		f.open(0, "signals")
		for i := 0; i < 1+r.IntN(3); i++ {
			f.item(2, "text", strconv.Quote(sentence(r, 6, 12)))
			f.text(4, "indicator", phrase(r, 4, 8))
			f.text(4, "baseline", fmt.Sprintf("%d (%d)", r.IntN(100), 2019+r.IntN(4)))
			f.text(4, "target", fmt.Sprintf("%d by %d", r.IntN(100), 2028+r.IntN(6)))
			f.raw(4, "direction", pick(r, directions))
		}
		f.list(0, "tags", some(r, tags, 1+r.IntN(3)))
	case "initiatives":
		links = g.initiative(r, &f, e, day)
	case "learnings":
		f.raw(0, "id", fmt.Sprintf("LRN-%05d", e.index+1))
		f.text(0, "summary", sentence(r, 12, 24))
		f.raw(0, "date", date(day+300))
		inits := some(r, g.inits, 1+r.IntN(2))
		f.list(0, "initiatives", slugs(inits))
		links = append(links, inits...)
		if r.IntN(2) == 0 {
			ints := some(r, g.intents, 1)
			f.list(0, "intents", slugs(ints))
			links = append(links, ints...)
		}
		f.raw(0, "type", pick(r, learningTypes))
		f.raw(0, "confidence", pick(r, levels))
		f.open(0, "evidence")
		for i := 0; i < 1+r.IntN(3); i++ {
			switch r.IntN(3) {
			case 0:
				n := pick(r, g.narratives)
				f.item(2, "narrative", n.slug)
				links = append(links, n)
			case 1:
				s := pick(r, g.sources)
				f.item(2, "source", s.slug)
				f.text(4, "at", moment(r))
				links = append(links, s)
			default:
				f.item(2, "url", "https://evidence.example.org/"+e.slug+"/"+strconv.Itoa(i))
				f.text(4, "title", phrase(r, 3, 7))
			}
		}
		if r.IntN(2) == 0 {
			ds := some(r, g.decisions, 1+r.IntN(2))
			f.list(0, "informs", slugs(ds))
			links = append(links, ds...)
		}
		f.list(0, "tags", some(r, tags, 1+r.IntN(2)))
	case "decisions":
		f.raw(0, "id", fmt.Sprintf("DEC-%05d", e.index+1))
		f.text(0, "summary", sentence(r, 12, 24))
		f.raw(0, "date", date(day+200))
		f.raw(0, "outcome", pick(r, outcomes))
		inits := some(r, g.inits, 1+r.IntN(2))
		f.list(0, "initiatives", slugs(inits))
		links = append(links, inits...)
		if r.IntN(2) == 0 {
			ints := some(r, g.intents, 1)
			f.list(0, "intents", slugs(ints))
			links = append(links, ints...)
		}
		f.text(0, "context", sentence(r, 15, 30))
		f.text(0, "rationale", sentence(r, 15, 30))
		if r.IntN(5) != 0 {
			ls := some(r, g.learnings, 1+r.IntN(2))
			f.list(0, "learnings", slugs(ls))
			links = append(links, ls...)
		}
		if r.IntN(2) == 0 {
			ns := some(r, g.narratives, 1)
			f.list(0, "narratives", slugs(ns))
			links = append(links, ns...)
		}
		by := pick(r, g.orgs)
		f.raw(0, "decided_by", by.slug)
		links = append(links, by)
		if e.index > 0 && r.IntN(4) == 0 {
			f.raw(0, "supersedes", g.decisions[r.IntN(e.index)].slug)
		}
		f.raw(0, "review_by", date(day+565))
	case "narratives":
		links = g.narrative(r, &f, e, day)
	}
	f.b.WriteString("---\n\n")
	g.body(r, &f.b, e, links)
	return []byte(f.b.String())
}

func (g *gen) initiative(r *rand.Rand, f *fm, e *entry, day int) []*entry {
	var links []*entry
	f.raw(0, "id", fmt.Sprintf("INI-%05d", e.index+1))
	f.text(0, "summary", sentence(r, 14, 30))
	// The status history climbs the vocabulary, then may end in a pause,
	// stop or completion; status is its last step.
	final := r.IntN(len(statuses))
	var steps []string
	if final <= 5 {
		for s := max(0, final-1-r.IntN(3)); s <= final; s++ {
			steps = append(steps, statuses[s])
		}
	} else {
		for s := r.IntN(2); s <= 2+r.IntN(3); s++ {
			steps = append(steps, statuses[s])
		}
		steps = append(steps, statuses[final])
	}
	status := steps[len(steps)-1]
	f.raw(0, "status", status)
	ints := some(r, g.intents, 1+r.IntN(2))
	f.list(0, "intents", slugs(ints))
	links = append(links, ints...)
	f.raw(0, "facet", pick(r, facets))
	f.text(0, "stage", sentence(r, 4, 10))
	f.list(0, "systems", some(r, systems, 1+r.IntN(2)))
	f.textList(0, "places", some(r, places, 1+r.IntN(3)))
	lead := pick(r, g.orgs)
	f.raw(0, "lead", lead.slug)
	links = append(links, lead)
	f.open(0, "partners")
	for _, o := range some(r, g.orgs, 1+r.IntN(3), lead) {
		f.item(2, "org", o.slug)
		f.raw(4, "role", pick(r, partnerRoles))
	}
	f.raw(0, "start", date(day))
	if status == "stopped" || status == "completed" {
		f.raw(0, "end", date(day+300+r.IntN(300)))
	}
	f.open(0, "status_history")
	d := day
	for i, s := range steps {
		f.item(2, "status", s)
		f.raw(4, "date", date(d))
		if i > 0 && (r.IntN(4) != 0 || s == "scaling" || s == "stopped") {
			dec := pick(r, g.decisions)
			f.raw(4, "decision", dec.slug)
			links = append(links, dec)
		}
		d += 30 + r.IntN(120)
	}
	f.open(0, "funding")
	pool := pick(r, pools)
	for i := 0; i < 1+r.IntN(4); i++ {
		src := pick(r, g.orgs)
		f.item(2, "source", src.slug)
		f.raw(4, "amount", strconv.Itoa((5+r.IntN(400))*1000))
		f.raw(4, "currency", "EUR")
		f.raw(4, "year", strconv.Itoa(2019+r.IntN(7)))
		f.raw(4, "instrument", pick(r, instruments))
		f.raw(4, "stage", pick(r, fundingStages))
		if r.IntN(3) == 0 {
			f.text(4, "pool", pool)
		}
	}
	if r.IntN(3) != 0 {
		f.open(0, "risks")
		for i := 0; i < 1+r.IntN(3); i++ {
			f.item(2, "type", pick(r, riskTypes))
			f.raw(4, "level", pick(r, levels))
			f.text(4, "note", sentence(r, 10, 20))
		}
	}
	if len(g.inits) > 1 && r.IntN(3) != 0 {
		f.open(0, "related")
		for _, o := range some(r, g.inits, 1+r.IntN(3), e) {
			f.item(2, "to", o.slug)
			f.raw(4, "relation", pick(r, relations))
			links = append(links, o)
		}
	}
	f.open(0, "questions")
	for i := 0; i < 1+r.IntN(2); i++ {
		f.b.WriteString("  - " + strconv.Quote(strings.TrimSuffix(sentence(r, 6, 14), ".")+"?") + "\n")
	}
	f.raw(0, "contact", "team-"+strconv.Itoa(e.index+1)+"@initiatives.example.org")
	f.list(0, "tags", some(r, tags, 1+r.IntN(3)))
	if r.IntN(5) == 0 {
		f.open(0, "image")
		f.raw(2, "src", "https://images.example.org/"+e.slug+".jpg")
		f.text(2, "alt", sentence(r, 6, 12))
		f.text(2, "caption", sentence(r, 4, 8))
	}
	if r.IntN(10) == 0 {
		f.list(0, "aliases", []string{"/old/projects/" + e.slug + "-legacy/"})
	}
	if r.IntN(4) == 0 {
		f.raw(0, "updated", date(day+400))
	}
	return links
}

func (g *gen) narrative(r *rand.Rand, f *fm, e *entry, day int) []*entry {
	var links []*entry
	f.raw(0, "id", fmt.Sprintf("NAR-%05d", e.index+1))
	anon := pick(r, anonymities)
	teller := pick(r, firstNames) + " " + pick(r, lastNames)
	if anon == "anonymous" {
		teller = "A resident of " + pick(r, places)
	}
	f.text(0, "teller", teller)
	f.raw(0, "anonymity", anon)
	if anon == "pseudonym" {
		f.text(0, "pseudonym", pick(r, firstNames))
	}
	f.text(0, "teller_role", pick(r, roles)+", "+strconv.Itoa(18+r.IntN(70)))
	f.text(0, "quote", sentence(r, 12, 30))
	f.text(0, "place", pick(r, places))
	f.open(0, "consent")
	f.list(2, "scope", []string{"site", "quote", "media", "data-export"})
	f.raw(2, "given", date(day))
	f.open(0, "collected")
	f.raw(2, "method", pick(r, methods))
	f.raw(2, "date", date(day))
	by := pick(r, g.orgs)
	f.raw(2, "by", by.slug)
	links = append(links, by)
	switch r.IntN(4) {
	case 0:
		f.open(0, "media")
		f.raw(2, "type", "image")
		f.raw(2, "src", "https://images.example.org/"+e.slug+".jpg")
		f.text(2, "alt", sentence(r, 6, 12))
		f.text(2, "caption", sentence(r, 4, 8))
	case 1:
		f.open(0, "media")
		f.raw(2, "type", "video")
		f.raw(2, "video_id", videoID(r))
		f.text(2, "transcript", sentence(r, 20, 40))
	case 2:
		f.open(0, "media")
		f.raw(2, "type", "audio")
		f.raw(2, "src", "https://audio.example.org/"+e.slug+".mp3")
		f.text(2, "transcript", sentence(r, 20, 40))
	}
	inits := some(r, g.inits, 1+r.IntN(2))
	f.list(0, "initiatives", slugs(inits))
	links = append(links, inits...)
	if r.IntN(2) == 0 {
		ints := some(r, g.intents, 1)
		f.list(0, "intents", slugs(ints))
		links = append(links, ints...)
	}
	f.textList(0, "themes", some(r, themes, 1+r.IntN(3)))
	if r.IntN(3) == 0 {
		src := pick(r, g.sources)
		f.raw(0, "source", src.slug)
		f.text(0, "at", moment(r))
		links = append(links, src)
	}
	if r.IntN(10) == 0 {
		f.text(0, "content_note", "Mentions "+pick(r, []string{"illness", "bereavement", "debt", "an accident"})+".")
	}
	f.text(0, "moderation", "Lightly edited for length; read back to the teller before publication.")
	if e.index < 3 {
		f.raw(0, "featured", "true")
	}
	f.raw(0, "date", date(day+10))
	return links
}
