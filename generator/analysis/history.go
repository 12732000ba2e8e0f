package analysis

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/trellis-ssg/trellis/generator/content"
	"github.com/trellis-ssg/trellis/generator/portfolio"
)

// ChangeKind says what a change in a page's history is.
type ChangeKind string

const (
	// ChangeStatus is a step of an initiative's status history.
	ChangeStatus ChangeKind = "status"
	// ChangeDecision is a decision about the page (or, on a decision's own
	// page, the decision itself).
	ChangeDecision ChangeKind = "decision"
	// ChangeSuperseded is, on a decision's page, the later decision that
	// changed it.
	ChangeSuperseded ChangeKind = "superseded"
	// ChangeRecorded is the date a learning, story or source was recorded.
	ChangeRecorded ChangeKind = "recorded"
	// ChangeCommit is a commit that changed the page's file.
	ChangeCommit ChangeKind = "commit"
)

// Change is one entry of a page's history.
type Change struct {
	ID   string // the entry's element id on the page, stable between builds
	Kind ChangeKind
	Date content.Date
	// Status is the status an initiative moved to (ChangeStatus).
	Status string
	// Decision is the decision recorded with a status change, the decision
	// about the page, or the later decision (ChangeSuperseded).
	Decision *content.Page
	// Adapts is the earlier decision that Decision changed (its
	// `supersedes`): a change of course, which the site shows as
	// adaptation, not failure.
	Adapts *content.Page
	// Commit is the commit (ChangeCommit). Its Subject is "" when the
	// page's messages are not shown (stories: a message may name the
	// teller).
	Commit *content.Commit
}

// History is a page's public history, newest first.
type History struct {
	Changes []Change
	// Earlier counts the changes left out beyond the limit asked for.
	Earlier int
	// Git says how much git history the commits come from: none (the
	// site is not kept in git, so the history is the front matter's
	// alone), full, or shallow (partial).
	Git content.Git
}

// NoGit reports that no git history was read: the history is what the
// page's front matter records, and the page says so.
func (h History) NoGit() bool { return h.Git == content.GitNone }

// Partial reports that the git history was cut short (a shallow clone).
func (h History) Partial() bool { return h.Git == content.GitShallow }

// HistoryOf is p's history: what its front matter records (status
// changes, decisions about it, the date it was recorded) merged with the
// public commits that changed its file, newest first, at most limit
// entries (all when limit <= 0). Stories show their commits' dates but
// not their messages, which may name the teller.
func HistoryOf(pf *portfolio.Portfolio, p *content.Page, limit int) History {
	h := History{Git: pf.Git}
	var cs []Change
	add := func(c Change) {
		if !c.Date.IsZero() {
			cs = append(cs, c)
		}
	}
	decisions := map[*content.Page]bool{}
	switch p.Kind {
	case content.KindInitiative:
		for _, st := range p.StatusHistory {
			c := Change{Kind: ChangeStatus, Date: st.Date, Status: st.Status}
			if d := pf.Page(content.KindDecision, st.Decision); d != nil {
				c.Decision, c.Adapts = d, supersedes(pf, d)
				decisions[d] = true
			}
			add(c)
		}
	case content.KindDecision:
		add(Change{Kind: ChangeDecision, Date: p.Date, Decision: p, Adapts: supersedes(pf, p)})
		for _, later := range pf.Referrers(p, content.KindDecision, "supersedes") {
			add(Change{Kind: ChangeSuperseded, Date: later.Date, Decision: later, Adapts: p})
		}
	case content.KindLearning, content.KindNarrative, content.KindSource:
		add(Change{Kind: ChangeRecorded, Date: p.Date})
	}
	if p.Kind != content.KindDecision {
		for _, d := range pf.Referrers(p, content.KindDecision) {
			if !decisions[d] {
				add(Change{Kind: ChangeDecision, Date: d.Date, Decision: d, Adapts: supersedes(pf, d)})
			}
		}
	}
	hide := p.Kind == content.KindNarrative
	for i := range p.Commits {
		c := p.Commits[i]
		if hide {
			c.Subject = ""
		}
		add(Change{Kind: ChangeCommit, Date: content.Date{Time: c.Date}, Commit: &c})
	}
	// Newest first; on one day, what the front matter records before the
	// commits that recorded it.
	slices.SortStableFunc(cs, func(a, b Change) int {
		da, db := day(a.Date.Time), day(b.Date.Time)
		if da != db {
			return strings.Compare(db, da)
		}
		if (a.Kind == ChangeCommit) != (b.Kind == ChangeCommit) {
			if a.Kind == ChangeCommit {
				return 1
			}
			return -1
		}
		return b.Date.Compare(a.Date.Time)
	})
	seen := map[string]int{}
	for i := range cs {
		id := changeID(cs[i])
		if n := seen[id]; n > 0 {
			seen[id] = n + 1
			id += "-" + strconv.Itoa(n+1)
		} else {
			seen[id] = 1
		}
		cs[i].ID = id
	}
	if limit > 0 && len(cs) > limit {
		h.Earlier = len(cs) - limit
		cs = cs[:limit]
	}
	h.Changes = cs
	return h
}

// Latest is the newest change of p's history, or nil.
func Latest(pf *portfolio.Portfolio, p *content.Page) *Change {
	h := HistoryOf(pf, p, 1)
	if len(h.Changes) == 0 {
		return nil
	}
	return &h.Changes[0]
}

// supersedes is the published decision d changed, or nil.
func supersedes(pf *portfolio.Portfolio, d *content.Page) *content.Page {
	if t := pf.Targets(d, "supersedes"); len(t) > 0 {
		return t[0]
	}
	return nil
}

func day(t time.Time) string { return t.UTC().Format("2006-01-02") }

// changeID names a change by what it is, so that a link to it (from the
// "What's changed" page, a feed reader) keeps working as the history grows.
func changeID(c Change) string {
	switch c.Kind {
	case ChangeCommit:
		h := c.Commit.Hash
		if len(h) > 12 {
			h = h[:12]
		}
		return "change-" + h
	case ChangeStatus:
		return "change-" + day(c.Date.Time) + "-" + content.Slugify(c.Status)
	case ChangeDecision, ChangeSuperseded:
		if c.Decision != nil {
			return "change-" + string(c.Kind) + "-" + c.Decision.Slug
		}
	}
	return "change-" + day(c.Date.Time) + "-" + string(c.Kind)
}
