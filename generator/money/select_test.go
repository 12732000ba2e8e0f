package money_test

import (
	"fmt"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/trellis-ssg/trellis/generator"
	"github.com/trellis-ssg/trellis/generator/content"
	"github.com/trellis-ssg/trellis/generator/corpus"
	"github.com/trellis-ssg/trellis/generator/money"
)

func TestMain(m *testing.M) {
	code := m.Run()
	corpus.RemoveCached()
	os.Exit(code)
}

// Select finds a scope's lines through the ledger's indexes (by
// initiative, funder, pooled fund and intent) instead of checking every
// line, which made a portfolio's money figures cost pages × lines. On the
// example site and a generated portfolio, every scope a page asks for
// selects exactly the lines, in the same order, that checking every line
// selects.
func TestSelectMatchesScan(t *testing.T) {
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	gen, err := corpus.Cached(400, 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, src := range []string{"../../", gen} {
		pf, diags := generator.Load(generator.Options{Source: src, Now: now})
		if diags.HasErrors() {
			t.Fatalf("%s: %v", src, diags)
		}
		l := money.New(pf)
		if len(l.Lines) < 10 {
			t.Fatalf("%s: %d funding lines, too few to test", src, len(l.Lines))
		}
		scopes := []money.Scope{{}, {Year: -1}, {Stage: "-"}, {Pool: "-"}, {Source: "nobody"}, {Intent: "INT-NONE"}}
		for _, ln := range l.Lines {
			scopes = append(scopes,
				money.Scope{Initiative: ln.Initiative.StableID()},
				money.Scope{Initiative: ln.Initiative.StableID(), Line: ln.N},
				money.Scope{Source: ln.SourceID()}.WithCurrency(ln.Currency),
				money.Scope{Pool: ln.PoolKey(), Year: ln.Year},
				money.Scope{Source: ln.SourceID(), Pool: ln.PoolKey()},
			)
			for _, in := range ln.Intents {
				scopes = append(scopes, money.Scope{Intent: in.StableID()}, money.Scope{Intent: in.StableID(), Share: true}.With(0, ln.Currency))
			}
		}
		for _, in := range pf.Of(content.KindIntent) {
			scopes = append(scopes, money.Scope{Intent: in.StableID()})
		}
		// A page's own figures check its own lines, not the ledger's.
		for _, ln := range l.Lines {
			s := money.Scope{Initiative: ln.Initiative.StableID()}
			if n, own := money.Examined(l, s), len(money.Scan(l, s)); n != own {
				t.Errorf("%s: Select(%s) checks %d of %d lines, for the initiative's %d", src, s, n, len(l.Lines), own)
			}
		}
		for _, s := range scopes {
			got, want := l.Select(s), money.Scan(l, s)
			if !slices.EqualFunc(got, want, func(a, b money.Line) bool { return fmt.Sprint(a) == fmt.Sprint(b) }) {
				t.Errorf("%s: Select(%s) gives %d lines, checking every line %d", src, s, len(got), len(want))
			}
		}
	}
}
