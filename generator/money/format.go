package money

import (
	"math"
	"strconv"
	"strings"
)

// Format is the one way money is written, so that it can follow a
// language: digits grouped by Group, cents after Decimal, and the amount
// put into the currency's pattern ("€{amount}", "{amount} {currency}").
// The render stage makes it from the theme's strings (number.group,
// number.decimal, money.EUR …, money.other).
type Format struct {
	Group, Decimal string
	// Pattern gives a currency's pattern, "" for none (then Other).
	Pattern func(currency string) string
	Other   string
	// Short suffixes, for labels in pictures: thousands, millions, billions.
	Thousand, Million, Billion string
}

// English is the format of the default theme's English strings, for
// callers without a theme (pictures, tests).
var English = Format{Group: ",", Decimal: ".", Other: "{amount} {currency}", Thousand: "k", Million: "m", Billion: "bn",
	Pattern: func(c string) string {
		switch c {
		case "EUR":
			return "€{amount}"
		case "GBP":
			return "£{amount}"
		case "USD":
			return "${amount}"
		}
		return ""
	}}

// Amount writes amount in currency: "€1,200,000"; cents only when there
// are any ("€353,333.33", a share of an even split).
func (f Format) Amount(amount float64, currency string) string {
	cents := int64(math.Round(math.Abs(amount) * 100))
	s := f.group(strconv.FormatInt(cents/100, 10))
	if c := cents % 100; c != 0 {
		s += f.Decimal + strconv.FormatInt(100+c, 10)[1:]
	}
	if amount < 0 && cents != 0 {
		return "−" + f.put(s, currency)
	}
	return f.put(s, currency)
}

// Short writes amount rounded for a label: "€1.2m", "€35k", "€900".
func (f Format) Short(amount float64, currency string) string {
	a := math.Abs(amount)
	var s string
	switch {
	case a >= 1e9:
		s = strings.Replace(strconv.FormatFloat(math.Round(a/1e8)/10, 'f', -1, 64), ".", f.Decimal, 1) + f.Billion
	case a >= 1e6:
		s = strings.Replace(strconv.FormatFloat(math.Round(a/1e5)/10, 'f', -1, 64), ".", f.Decimal, 1) + f.Million
	case a >= 1e4:
		s = strconv.FormatFloat(math.Round(a/1e3), 'f', -1, 64) + f.Thousand
	default:
		return f.Amount(amount, currency)
	}
	if amount < 0 {
		return "−" + f.put(s, currency)
	}
	return f.put(s, currency)
}

func (f Format) group(digits string) string {
	var b strings.Builder
	for i, r := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteString(f.Group)
		}
		b.WriteRune(r)
	}
	return b.String()
}

func (f Format) put(amount, currency string) string {
	p := ""
	if f.Pattern != nil {
		p = f.Pattern(currency)
	}
	if p == "" {
		p = f.Other
	}
	if currency == "" {
		p = "{amount}"
	}
	return strings.NewReplacer("{amount}", amount, "{currency}", currency).Replace(p)
}
