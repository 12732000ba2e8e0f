package opendata

import (
	"reflect"
	"strings"
	"sync"

	"github.com/trellis-ssg/trellis/generator/content"
	"github.com/trellis-ssg/trellis/generator/portfolio"
)

// omitted are front matter fields that are not data: how the page is built,
// or consent records that must never be published. title, id and slug are
// columns of their own.
var omitted = map[string]bool{"draft": true, "kind": true, "slug": true, "consent": true, "weight": true, "aliases": true,
	"featured": true, "title": true, "id": true, "videoId": true}

// Exported reports whether a page's data may be published: a story only
// with data-export consent.
func Exported(p *content.Page) bool {
	return p.Kind != content.KindNarrative || p.Consent.Allows("data-export")
}

// exporter turns pages into data: front matter values by their field names,
// every reference replaced by the stable id of the page it resolves to.
type exporter struct {
	pf       *portfolio.Portfolio
	pages    []*content.Page // the published pages, in the portfolio's order
	exported map[*content.Page]bool
	kinds    map[content.Kind][]content.Field // dataFields, made once a kind
}

// dataFieldsOf is dataFields(k), made once per export: the export asks
// for a kind's fields once per page and table.
func (x *exporter) dataFieldsOf(k content.Kind) []content.Field {
	fs, ok := x.kinds[k]
	if !ok {
		if x.kinds == nil {
			x.kinds = map[content.Kind][]content.Field{}
		}
		fs = dataFields(k)
		x.kinds[k] = fs
	}
	return fs
}

// dataFields are the fields of a kind that are published as data, in
// schema order.
func dataFields(k content.Kind) []content.Field {
	var out []content.Field
	for _, f := range content.Fields(k) {
		if !omitted[f.Name] {
			out = append(out, f)
		}
	}
	return out
}

// fields returns the page's front matter fields as data, by their front
// matter names, leaving out empty values, consent records and, for an
// anonymous or pseudonymous story, the teller. A reference becomes the id of its target;
// one that resolves to no published entity (a story without data-export
// consent, or a broken reference the site lets through) is left out.
func (x *exporter) fields(p *content.Page) map[string]any { return x.someFields(p, "") }

// field is the field name of p as fields gives it, made alone: the CSV
// table of a list of objects needs only that list of each page.
func (x *exporter) field(p *content.Page, name string) any { return x.someFields(p, name)[name] }

// someFields is fields, or the one field only when only is set.
func (x *exporter) someFields(p *content.Page, only string) map[string]any {
	targets := &refTargets{x: x, p: p}
	out := map[string]any{}
	mv := reflect.ValueOf(p.Meta)
	for _, f := range x.dataFieldsOf(p.Kind) {
		if only != "" && f.Name != only {
			continue
		}
		if f.Name == "teller" && p.Hidden() {
			continue
		}
		v, ok := fieldByTag(mv, f.Name)
		if !ok {
			continue
		}
		if d, ok := x.value(targets, f.Name, f.Type, v); ok {
			out[f.Name] = d
		}
	}
	if p.Kind == content.KindSource && p.VideoID() != "" && (only == "" || only == "video_id") {
		out["video_id"] = p.VideoID()
	}
	return out
}

// refTargets are the pages p's front matter references reach, by field
// and target as written, found on first need.
type refTargets struct {
	x *exporter
	p *content.Page
	m map[string]*content.Page
}

func (r *refTargets) to(field, target string) *content.Page {
	if r.m == nil {
		r.m = map[string]*content.Page{}
		for _, e := range r.x.pf.Out(r.p) {
			if e.Target != "" {
				r.m[e.Field+"\x00"+e.Target] = e.To
			}
		}
	}
	return r.m[field+"\x00"+target]
}

// fieldByTag returns the field of struct v whose yaml name is name,
// following pointers.
func fieldByTag(v reflect.Value, name string) (reflect.Value, bool) {
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return v, false
		}
		v = v.Elem()
	}
	t := v.Type()
	key := tagKey{t, name}
	i, ok := tagIndex.Load(key)
	if !ok {
		i = -1
		for n := 0; n < t.NumField(); n++ {
			if tag, _, _ := strings.Cut(t.Field(n).Tag.Get("yaml"), ","); tag == name {
				i = n
				break
			}
		}
		tagIndex.Store(key, i)
	}
	if i.(int) < 0 {
		return v, false
	}
	return v.Field(i.(int)), true
}

// tagIndex is, for a struct type and a yaml name, the index of the field
// of that name (-1 for none): found once, for every page of every export.
var tagIndex sync.Map

type tagKey struct {
	t    reflect.Type
	name string
}

// value is v (of front matter type t, written under path) as data: lists
// as []any, objects as map[string]any, dates as YYYY-MM-DD, references as
// ids. ok is false for an empty value.
func (x *exporter) value(targets *refTargets, path string, t content.Type, v reflect.Value) (any, bool) {
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return nil, false
		}
		v = v.Elem()
	}
	if v.IsZero() {
		return nil, false
	}
	switch t.Kind {
	case content.TList:
		var out []any
		for i := 0; i < v.Len(); i++ {
			if d, ok := x.value(targets, path, *t.Elem, v.Index(i)); ok {
				out = append(out, d)
			}
		}
		return out, len(out) > 0
	case content.TObject:
		out := map[string]any{}
		for _, sub := range t.Fields {
			fv, ok := fieldByTag(v, sub.Name)
			if !ok {
				continue
			}
			if d, ok := x.value(targets, path+"."+sub.Name, sub.Type, fv); ok {
				out[sub.Name] = d
			}
		}
		return out, len(out) > 0
	case content.TRef:
		to := targets.to(path, strings.TrimSpace(v.String()))
		if to == nil || !x.exported[to] {
			return nil, false
		}
		return to.StableID(), true
	case content.TDate:
		return v.Interface().(content.Date).String(), true
	}
	return v.Interface(), true
}
