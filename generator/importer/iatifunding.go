package importer

import (
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/trellis-ssg/trellis/generator/diag"
)

// How an activity's money becomes funding lines. IATI records events (a
// commitment, then disbursements against it); a funding line records an
// amount from a funder and how far it has gone (planned, committed,
// disbursed). So:
//
//   - a disbursement (type 3) or incoming funds (1) is a disbursed line;
//   - a commitment (2, or incoming 11) is a committed line for what of it
//     no disbursement from the same provider, in the same currency, covers:
//     first a disbursement of the same amount in the same year (trellis's
//     own export writes a disbursed line as exactly such a pair), then the
//     other disbursements, oldest commitment first;
//   - a pledge (12, 13) or a planned disbursement is a planned line;
//   - other transactions (expenditure, interest, loan repayment…) are not
//     funding.
//
// The provider is the funder; a transaction that goes out of the activity
// (2, 3, 12) or a planned disbursement without one comes from the
// reporting organisation. The year is trellis:year, where trellis's export
// had to date a line before its year (a transaction may not be dated in the
// future), else the value date's, else the transaction date's.

// iatiMoney is what a transaction or planned disbursement says.
type iatiMoney struct {
	at               pos
	order            int
	kind             string // "commitment", "disbursement", "planned"
	source, key      string // how rows refer to the funder; the funder as matched
	amount           float64
	currency, year   string
	instrument, pool string
	left             float64 // of a commitment, what no disbursement covers
	paired           bool
}

// flow is what a transaction is to funding ("commitment", "disbursement",
// "planned"), and whether its money goes out of the activity.
type flow struct {
	kind string
	out  bool
}

// iatiFlow maps TransactionType codes to what they are to funding, and
// whether the money goes out of the activity (so that its provider is,
// when not named, the reporting organisation).
var iatiFlow = map[string]flow{
	"1": {"disbursement", false}, "2": {"commitment", true}, "3": {"disbursement", true},
	"11": {"commitment", false}, "12": {"planned", true}, "13": {"planned", false},
}

// flow is what the transaction is to funding; false when it is none.
func (t *xTransaction) flow() (flow, bool) {
	if t.Type == nil {
		return flow{}, false
	}
	f, ok := iatiFlow[t.Type.Code]
	return f, ok
}

func (r *iatiReader) fundingLines(a *xActivity, owner string, diags *diag.List) {
	var ms []*iatiMoney
	add := func(at pos, kind string, out bool, m xMoney, date string, what string) {
		provider, v, ext := m.Provider, m.Value, m.xLine
		var src, key string
		switch {
		case provider != nil && (strings.TrimSpace(provider.Ref) != "" || r.text(provider.Narratives, a) != ""):
			src = r.addOrg(provider, a, rankProvider, at)
			key = strings.TrimSpace(provider.Ref)
			if key == "" {
				key = "name:" + norm(r.text(provider.Narratives, a))
			}
		case out && a.ReportingOrg != nil:
			src = r.addOrg(a.ReportingOrg, a, rankReporting, at)
			key = strings.TrimSpace(a.ReportingOrg.Ref)
		default:
			diags.Add(diag.Diagnostic{File: r.acts.File, Line: at.line, Col: at.col, Severity: diag.Warning, Code: "iati-no-provider",
				Message: "the " + what + " names no provider organisation, so it names no funder: it is not imported as a funding line",
				Hint:    "add a <provider-org> with the funder's ref or name"})
			return
		}
		amount, _ := strconv.ParseFloat(strings.TrimSpace(v.Amount), 64)
		y := ext.Year
		if y == "" {
			y = yearOf(firstOf(strings.TrimSpace(v.ValueDate), date))
		}
		ms = append(ms, &iatiMoney{at: at, order: len(ms), kind: kind, source: src, key: key, amount: amount, left: amount,
			currency: strings.ToUpper(firstOf(strings.TrimSpace(v.Currency), a.Currency)), year: y, instrument: ext.Instrument, pool: ext.Pool})
	}
	for j, p := range a.Planned {
		if p.Value != nil {
			add(a.where("planned-disbursement", j), "planned", true, p.xMoney, p.Start.date(), "planned disbursement")
		}
	}
	for j, t := range a.Transactions {
		if f, ok := t.flow(); ok && t.Value != nil {
			add(a.where("transaction", j), f.kind, f.out, t.xMoney, t.Date.date(), "transaction")
		}
	}
	lines := pairMoney(ms)
	for _, m := range lines {
		stage := map[string]string{"commitment": "committed", "disbursement": "disbursed", "planned": "planned"}[m.kind]
		amount := m.amount
		if m.kind == "commitment" {
			amount = m.left
		}
		r.funding.Rows = append(r.funding.Rows, Row{Line: m.at.line, Cells: []Cell{
			{Text: owner, Line: m.at.line, Col: m.at.col}, {Text: m.source, Line: m.at.line, Col: m.at.col},
			{Text: FormatNumber(amount), Line: m.at.line, Col: m.at.col}, {Text: m.currency, Line: m.at.line, Col: m.at.col},
			{Text: m.year, Line: m.at.line, Col: m.at.col}, {Text: stage, Line: m.at.line, Col: m.at.col},
			{Text: m.instrument, Line: m.at.line, Col: m.at.col}, {Text: m.pool, Line: m.at.line, Col: m.at.col}}})
	}
}

// pairMoney returns the funding lines of an activity's money, in the order
// of the file: disbursements and planned money as they are, commitments
// for what disbursements leave of them (see above).
func pairMoney(ms []*iatiMoney) []*iatiMoney {
	same := func(c, d *iatiMoney) bool { return c.key == d.key && c.currency == d.currency }
	var commitments []*iatiMoney
	for _, m := range ms {
		if m.kind == "commitment" {
			commitments = append(commitments, m)
		}
	}
	// A disbursement of a commitment's amount in its year is that
	// commitment, disbursed.
	for _, d := range ms {
		if d.kind != "disbursement" {
			continue
		}
		for _, c := range commitments {
			if !c.paired && c.left == c.amount && same(c, d) && c.amount == d.amount && c.year == d.year {
				c.paired, d.paired, c.left = true, true, 0
				d.order = c.order // the line stands where its commitment did
				d.instrument, d.pool = firstOf(d.instrument, c.instrument), firstOf(d.pool, c.pool)
				break
			}
		}
	}
	// Other disbursements cover what is left of commitments, oldest first.
	older := append([]*iatiMoney(nil), commitments...)
	sort.SliceStable(older, func(i, j int) bool { return older[i].year < older[j].year })
	for _, d := range ms {
		if d.kind != "disbursement" || d.paired {
			continue
		}
		rest := d.amount
		for _, c := range older {
			if rest <= 0 {
				break
			}
			if same(c, d) && c.left > 0 {
				used := math.Min(rest, c.left)
				c.left = cents(c.left - used)
				rest = cents(rest - used)
			}
		}
	}
	var out []*iatiMoney
	for _, m := range ms {
		if m.kind != "commitment" || m.left > 0 {
			out = append(out, m)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].order < out[j].order })
	return out
}

// cents rounds an amount to hundredths, as money is written.
func cents(v float64) float64 { return math.Round(v*100) / 100 }

// yearOf is the year of an ISO date.
func yearOf(date string) string {
	if len(date) >= 4 {
		return date[:4]
	}
	return ""
}
