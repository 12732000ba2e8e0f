package render

import (
	"bytes"
	"encoding/csv"
	"strconv"

	"github.com/trellis-ssg/trellis/generator/content"
	"github.com/trellis-ssg/trellis/generator/money"
	"github.com/trellis-ssg/trellis/generator/opendata"
)

// MoneyPath is the site path of the funding overview.
const MoneyPath = "money/"

// Figure is one money figure on a page: the amount, how it is written and
// the funding lines it adds up (money.Scope), which the page carries in a
// data-money attribute so that a reader's tool, or a test, can add it up
// again from data/funding.csv.
type Figure struct {
	Value float64
	Text  string
	Scope string
}

// Ledger is the portfolio's funding lines, read once per build.
func (s *Site) Ledger() *money.Ledger {
	s.moneyOnce.Do(func() { s.ledger = money.New(s.PF) })
	return s.ledger
}

func (s *Site) figure(v float64, currency string, sc money.Scope) Figure {
	return Figure{Value: v, Text: s.theme.table.Money(v, currency), Scope: sc.String()}
}

// Funds is a page's money: one row per stage that has money, one column
// per currency, and the total of all stages, each named.
type Funds struct {
	Currencies []string
	Rows       []FundsRow
	Total      FundsRow
	// Shared is, on an intent's page, its share when every initiative's
	// money is split evenly among the intents it serves; Serving counts its
	// initiatives that also serve other intents.
	Shared  []Figure
	Serving int
}

// FundsRow is one stage's figures, by currency (a zero Figure for none).
type FundsRow struct {
	Label string
	Cells []Figure
}

// FundsOf is the money of a view: an initiative's, an intent's (its
// initiatives'), a funder's, a pooled fund's page, the list of
// initiatives and a taxonomy term's page. Nil when there is none.
func (s *Site) FundsOf(v *View) *Funds {
	var sc money.Scope
	switch {
	case v.Page != nil && v.Page.Kind == content.KindInitiative:
		sc.Initiative = v.Page.StableID()
	case v.Page != nil && v.Page.Kind == content.KindIntent:
		sc.Intent = v.Page.StableID()
	case v.Page != nil && v.Page.Kind == content.KindOrganisation:
		sc.Source = v.Page.StableID()
	case v.Page != nil && v.Page.Kind == content.KindPage:
		sc.Pool = v.Page.Slug
		if len(s.Ledger().Select(sc)) == 0 {
			return nil
		}
	case v.Name == "list" && v.Kind == content.KindInitiative, v.Name == "money":
	case v.Name == "term":
		sc.Term = v.Tax + "/" + v.Term
	default:
		return nil
	}
	f := s.funds(sc)
	if f != nil && sc.Intent != "" {
		f.Serving = s.Ledger().SharedInitiatives(sc.Intent)
		shared := sc
		shared.Share = true
		for _, sum := range s.Ledger().Sum(shared) {
			f.Shared = append(f.Shared, s.figure(sum.All, sum.Currency, shared.WithCurrency(sum.Currency)))
		}
	}
	return f
}

func (s *Site) funds(sc money.Scope) *Funds {
	sums := s.Ledger().Sum(sc)
	if len(sums) == 0 {
		return nil
	}
	f := &Funds{Total: FundsRow{Label: s.T("money.all")}}
	for _, sum := range sums {
		f.Currencies = append(f.Currencies, sum.Currency)
		f.Total.Cells = append(f.Total.Cells, s.figure(sum.All, sum.Currency, sc.WithCurrency(sum.Currency)))
	}
	for i := range money.Stages {
		row := FundsRow{Label: s.T(stageKey(i))}
		has := false
		for _, sum := range sums {
			if sum.Has(i) {
				has = true
				row.Cells = append(row.Cells, s.figure(sum.Stage[i], sum.Currency, sc.With(i, sum.Currency)))
			} else {
				row.Cells = append(row.Cells, Figure{})
			}
		}
		if has {
			f.Rows = append(f.Rows, row)
		}
	}
	return f
}

func stageKey(i int) string {
	if money.Stages[i] == "" {
		return "money.stage.none"
	}
	return "money.stage." + money.Stages[i]
}

// MoneyTable is a table of the funding overview, and the CSV file of
// exactly its rows.
type MoneyTable struct {
	ID, Title, About string
	Head             []string // the first column's head, then one per column
	Rows             []MoneyRow
	CSV              string // site path of its CSV file
	csvHead          []string
	csvRows          [][]string
}

// MoneyRow is a row of a MoneyTable.
type MoneyRow struct {
	Label string
	URL   string
	// Lang is the language of a page linked in another language than the
	// site's (an untranslated page, see Site.Foreign); "" otherwise.
	Lang  string
	Cells []MoneyCell
}

// MoneyCell is a cell: text (linked when URL is set), or a money figure.
type MoneyCell struct {
	Text, URL, Lang string
	Figure          *Figure
}

// MoneyTables are the tables of the funding overview, made for its page
// and not kept: its CSV files are made again from the ledger, a table at a
// time (moneyCSV), so that no build holds a row per funding line with its
// written figures to its end.
func (s *Site) MoneyTables() []MoneyTable {
	var out []MoneyTable
	s.eachMoneyTable(true, func(t MoneyTable) { out = append(out, t) })
	return out
}

// eachMoneyTable makes the overview's tables one after another and gives
// each to fn, with the rows its page shows when figures is set (each cell
// a written Figure), and always with the rows of its CSV file.
func (s *Site) eachMoneyTable(figures bool, fn func(MoneyTable)) {
	l := s.Ledger()
	if len(l.Lines) == 0 {
		return
	}
	unstaged := l.Sum(money.Scope{}).Unstaged()
	stageCols := []int{0, 1, 2}
	if unstaged {
		stageCols = append(stageCols, 3)
	}
	breakdown := func(id, title, about string, gs []money.Group) MoneyTable {
		t := MoneyTable{ID: id, Title: s.T(title), About: s.T(about), CSV: MoneyPath + id + ".csv"}
		t.Head = []string{s.T(title + ".head")}
		for _, i := range stageCols {
			t.Head = append(t.Head, s.T(stageKey(i)))
		}
		t.Head = append(t.Head, s.T("money.all"))
		t.csvHead = append([]string{t.Head[0], s.T("money.currency")}, t.Head[1:]...)
		for _, g := range gs {
			label := g.Label
			switch {
			case g.Scope.Pool == "-":
				label = s.T("money.direct")
			case g.Scope.Year < 0:
				label = s.T("money.year.none")
			}
			url := ""
			if g.Page != nil {
				url = s.URL(g.Page)
			}
			for _, sum := range g.Sums {
				csvRow := []string{label, sum.Currency}
				for _, i := range stageCols {
					csvRow = append(csvRow, number(sum.Stage[i]))
				}
				t.csvRows = append(t.csvRows, append(csvRow, number(sum.All)))
				if !figures {
					continue
				}
				row := MoneyRow{Label: label, URL: url, Lang: s.Foreign(g.Page)}
				for _, i := range stageCols {
					f := s.figure(sum.Stage[i], sum.Currency, g.Scope.With(i, sum.Currency))
					row.Cells = append(row.Cells, MoneyCell{Figure: &f})
				}
				f := s.figure(sum.All, sum.Currency, g.Scope.WithCurrency(sum.Currency))
				row.Cells = append(row.Cells, MoneyCell{Figure: &f})
				t.Rows = append(t.Rows, row)
			}
		}
		return t
	}
	fn(breakdown("funders", "money.funders", "money.funders.about", l.Funders()))
	fn(breakdown("pools", "money.pools", "money.pools.about", l.Pools()))
	fn(breakdown("intents", "money.intents", "money.intents.about", l.Intents(false)))
	fn(breakdown("intents-shared", "money.shared", "money.shared.about", l.Intents(true)))
	fn(breakdown("years", "money.years", "money.years.about", l.Years()))
	lines := MoneyTable{ID: "lines", Title: s.T("money.lines"), About: s.T("money.lines.about"), CSV: MoneyPath + "lines.csv",
		Head: []string{s.T("kind.initiative"), s.T("funding.source"), s.T("funding.year"), s.T("funding.stage"), s.T("funding.pool"), s.T("funding.amount")}}
	lines.csvHead = append(append([]string(nil), lines.Head[:5]...), s.T("money.currency"), lines.Head[5])
	for _, ln := range l.Lines {
		src, srcURL, srcLang := ln.SourceName, "", ""
		if ln.Source != nil {
			src, srcURL, srcLang = ln.Source.Title, s.URL(ln.Source), s.Foreign(ln.Source)
		}
		year := ""
		if ln.Year != 0 {
			year = strconv.Itoa(ln.Year)
		}
		stage := s.T(stageKey(stageIndexOf(ln.Stage)))
		pool := ln.Pool
		if pool == "" {
			pool = s.T("money.direct")
		}
		lines.csvRows = append(lines.csvRows, []string{ln.Initiative.Title, src, year, stage, pool, ln.Currency, number(ln.Amount)})
		if !figures {
			continue
		}
		f := s.LineFigure(ln)
		row := MoneyRow{Label: ln.Initiative.Title, URL: s.URL(ln.Initiative), Lang: s.Foreign(ln.Initiative),
			Cells: []MoneyCell{{Text: src, URL: srcURL, Lang: srcLang}, {Text: year}, {Text: stage}, {Text: pool}, {Figure: &f}}}
		lines.Rows = append(lines.Rows, row)
	}
	fn(lines)
}

func stageIndexOf(stage string) int {
	for i, st := range money.Stages {
		if st == stage {
			return i
		}
	}
	return 3
}

// number writes an amount for a CSV file: plain digits, cents if any.
func number(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// moneyCSV writes the overview's tables as CSV files, each exactly the
// rows its table shows, cells made safe for spreadsheets: the money by
// stage at its top, then MoneyTables.
func (s *Site) moneyCSV(out Output) error {
	var failed errs
	write := func(path string, head []string, rows [][]string) {
		var b bytes.Buffer
		w := csv.NewWriter(&b)
		safe := func(row []string) []string {
			r := make([]string, len(row))
			for i, c := range row {
				r[i] = opendata.SafeCell(c)
			}
			return r
		}
		failed.add(w.Write(safe(head)))
		for _, r := range rows {
			failed.add(w.Write(safe(r)))
		}
		w.Flush()
		failed.add(w.Error())
		failed.add(out.WriteFile(s.Config.Prefix()+path, b.Bytes()))
	}
	if f := s.funds(money.Scope{}); f != nil {
		head := append([]string{s.T("money.stage")}, f.Currencies...)
		var rows [][]string
		for _, r := range append(append([]FundsRow(nil), f.Rows...), f.Total) {
			row := []string{r.Label}
			for _, c := range r.Cells {
				if c.Scope == "" {
					row = append(row, "")
				} else {
					row = append(row, number(c.Value))
				}
			}
			rows = append(rows, row)
		}
		write(stagesCSV, head, rows)
	}
	s.eachMoneyTable(false, func(t MoneyTable) { write(t.CSV, t.csvHead, t.csvRows) })
	return failed.err()
}

// stagesCSV is the CSV file of the funding overview's money by stage.
const stagesCSV = MoneyPath + "stages.csv"

// Number is the figure's amount as plain digits, for its data element.
func (f Figure) Number() string { return number(f.Value) }

// FundingLines are an initiative's funding lines, in the order written.
func (s *Site) FundingLines(p *content.Page) []money.Line {
	return s.Ledger().Select(money.Scope{Initiative: p.StableID()})
}

// LineFigure is a funding line's amount as a figure.
func (s *Site) LineFigure(ln money.Line) Figure {
	return s.figure(ln.Amount, ln.Currency, money.Scope{Initiative: ln.Initiative.StableID(), Line: ln.N})
}

// StagesCSV is where the funding overview's money by stage is as CSV, for
// templates.
func (s *Site) StagesCSV() string { return stagesCSV }
