package content

import (
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// measure is a signal's value as written: "61%", "61 %", "1,200 people",
// "0.4": a number and, after it, its unit.
var measure = regexp.MustCompile(`^\s*([-+−]?[0-9][0-9,]*(?:\.[0-9]+)?)\s*([^\s(0-9][^(]*?)?\s*(?:\(.*\))?\s*$`)

// ParseMeasure splits a value as written into its number and unit
// ("61%" → 61, "%"); ok is false when it does not start with a number.
func ParseMeasure(s string) (v float64, unit string, ok bool) {
	m := measure.FindStringSubmatch(s)
	if m == nil {
		return 0, "", false
	}
	num := strings.ReplaceAll(strings.Replace(m[1], "−", "-", 1), ",", "")
	v, err := strconv.ParseFloat(num, 64)
	if err != nil {
		return 0, "", false
	}
	return v, strings.TrimSpace(m[2]), true
}

// SignalUnit is the signal's unit: its unit field, or else the
// baseline's ("31% (2023)" is in %), or else the target's.
func (s Signal) SignalUnit() string {
	if s.Unit != "" {
		return strings.TrimSpace(s.Unit)
	}
	for _, v := range []string{s.Baseline, s.Target} {
		if f := strings.Fields(v); len(f) > 0 {
			if _, u, ok := ParseMeasure(f[0]); ok && u != "" {
				return u
			}
		}
	}
	return ""
}

// signals checks the observations of an intent's signals, which the schema
// alone cannot: each value is a number in the signal's unit, and no
// measurement is dated after now.
func (c *checker) signals(list *yaml.Node) {
	if list.Kind != yaml.SequenceNode {
		return
	}
	for _, sig := range list.Content {
		if sig.Kind != yaml.MappingNode {
			continue
		}
		var s Signal
		_ = sig.Decode(&s)
		unit := s.SignalUnit()
		obs := mapValue(sig, "observations")
		if obs == nil || obs.Kind != yaml.SequenceNode {
			continue
		}
		for _, o := range obs.Content {
			if d := mapValue(o, "date"); d != nil && d.Tag != "!!null" && !c.now.IsZero() {
				if t, err := ParseDate(strings.TrimSpace(d.Value)); err == nil && t.After(c.now) {
					c.errorf(d, "signal-future", "an observation records what was measured: give the date it was measured, or leave it out until then",
						"observation dated %s, after today (%s)", d.Value, c.now.Format("2006-01-02"))
				}
			}
			v := mapValue(o, "value")
			if v == nil || v.Tag == "!!null" {
				continue
			}
			_, u, ok := ParseMeasure(v.Value)
			switch {
			case !ok:
				c.errorf(v, "signal-value", "write a number, with the signal's unit or none, such as 61 or 61%", "observation value %q is not a number", v.Value)
			case u != "" && unit != "" && !strings.EqualFold(u, unit):
				c.errorf(v, "signal-unit", "write it in "+unit+", or set the signal's `unit:`", "observation value %q is in %s, but the signal is measured in %s", v.Value, u, unit)
			}
		}
	}
}

// mapValue returns the value of key in mapping n, or nil.
func mapValue(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// year is a four-digit year in a baseline or target ("(2023)", "by 2030").
var year = regexp.MustCompile(`\b(1[89][0-9]{2}|2[0-9]{3})\b`)

// ParseMark reads a baseline or target as written, "31% (2023)" or "50%
// by 2030": the number it starts with and the last year written after it
// (0 when there is none); ok is false when it does not start with a number.
func ParseMark(s string) (v float64, yr int, ok bool) {
	f := strings.Fields(s)
	if len(f) == 0 {
		return 0, 0, false
	}
	if v, _, ok = ParseMeasure(f[0]); !ok {
		return 0, 0, false
	}
	if ys := year.FindAllString(strings.Join(f[1:], " "), -1); len(ys) > 0 {
		yr, _ = strconv.Atoi(ys[len(ys)-1])
	}
	return v, yr, true
}
