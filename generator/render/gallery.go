package render

import (
	"sort"
	"strings"

	"github.com/trellis-ssg/trellis/generator/content"
	"github.com/trellis-ssg/trellis/generator/portfolio"
)

// Facet is one way to filter the story gallery: by intent, initiative,
// theme or place, with a pre-rendered page per value so that filtering
// works without JavaScript.
type Facet struct {
	Key    string // "intent", "initiative", "theme", "place"
	Label  string
	Values []FacetValue
}

// FacetValue is one filter of the gallery.
type FacetValue struct {
	Slug  string
	Label string
	Path  string // the filter page's site path
	Pages []*content.Page
}

// facetKeys are the gallery's filters, in the order shown.
var facetKeys = portfolio.StoryFacets

// GalleryFacets returns the gallery's filters with their stories.
func (s *Site) GalleryFacets() []Facet {
	s.facetsOnce.Do(func() { s.facets = s.galleryFacets() })
	return s.facets
}

func (s *Site) galleryFacets() []Facet {
	stories := s.PF.Of(content.KindNarrative)
	var out []Facet
	for _, key := range facetKeys {
		f := Facet{Key: key, Label: s.T("gallery.by-" + key)}
		byValue := map[string]*FacetValue{}
		for _, p := range stories {
			for _, v := range s.PF.StoryTerms(p, key) {
				fv := byValue[v.Slug]
				if fv == nil {
					fv = &FacetValue{Slug: v.Slug, Label: v.Label, Path: "narratives/" + key + "/" + v.Slug + "/"}
					byValue[v.Slug] = fv
				}
				fv.Pages = append(fv.Pages, p)
			}
		}
		for _, fv := range byValue {
			f.Values = append(f.Values, *fv)
		}
		sort.Slice(f.Values, func(i, j int) bool {
			return strings.ToLower(f.Values[i].Label) < strings.ToLower(f.Values[j].Label)
		})
		if len(f.Values) > 0 {
			out = append(out, f)
		}
	}
	return out
}

// StoryFilters returns a story's facet values as space-separated slugs per
// facet, for the gallery script's data attributes.
func (s *Site) StoryFilters(p *content.Page) map[string]string {
	m := map[string]string{}
	for _, key := range facetKeys {
		var slugs []string
		for _, v := range s.PF.StoryTerms(p, key) {
			slugs = append(slugs, v.Slug)
		}
		m[key] = strings.Join(slugs, " ")
	}
	return m
}
