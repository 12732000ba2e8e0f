package render_test

import (
	"bytes"
	"encoding/binary"
	"image/png"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// TestEveryPageDeclaresAnIcon: a page that declares no icon makes the
// browser ask for /favicon.ico, and a missing one is an error in the
// console of every page. Every HTML file of the example site, the 404 page
// and the redirect pages of aliases included, declares icons in its head,
// and each names a file of the output.
func TestEveryPageDeclaresAnIcon(t *testing.T) {
	out := build(t, "../..")
	pages, aliases := 0, 0
	for _, name := range out.Names() {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		pages++
		if bytes.Contains(out.Files[name], []byte(`http-equiv="refresh"`)) {
			aliases++
		}
		doc, err := html.Parse(bytes.NewReader(out.Files[name]))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var icons []string
		var svg bool
		var find func(*html.Node, bool)
		find = func(n *html.Node, inHead bool) {
			if n.Type == html.ElementNode && n.Data == "link" && inHead {
				var rel, href, typ string
				for _, a := range n.Attr {
					switch a.Key {
					case "rel":
						rel = a.Val
					case "href":
						href = a.Val
					case "type":
						typ = a.Val
					}
				}
				if rel == "icon" {
					icons = append(icons, href)
					svg = svg || typ == "image/svg+xml"
				}
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				find(c, inHead || (n.Type == html.ElementNode && n.Data == "head"))
			}
		}
		find(doc, false)
		if len(icons) == 0 || !svg {
			t.Errorf("%s declares the icons %q in its head, want an SVG icon at least", name, icons)
		}
		for _, href := range icons {
			if _, ok := out.Files[strings.TrimPrefix(href, "/")]; !ok || !strings.HasPrefix(href, "/assets/favicon.") {
				t.Errorf("%s: the icon %s is not a theme asset of the output", name, href)
			}
		}
	}
	if pages < 20 || aliases == 0 || out.Files["404.html"] == nil {
		t.Fatalf("%d pages, %d of them redirects, 404.html %v: the example site does not cover every kind of page", pages, aliases, out.Files["404.html"] != nil)
	}
}

// TestFaviconICO: the build writes /favicon.ico, an ICO file of one entry
// holding the theme's PNG icon, for whatever asks for it without reading a
// page (a browser showing a feed, a bookmark manager).
func TestFaviconICO(t *testing.T) {
	out := build(t, "../..")
	ico := out.Files["favicon.ico"]
	if len(ico) < 22 {
		t.Fatalf("favicon.ico is %d bytes", len(ico))
	}
	var head struct {
		Reserved, Type, Count uint16
		W, H, Colors, _       uint8
		Planes, Bits          uint16
		Size, Offset          uint32
	}
	if err := binary.Read(bytes.NewReader(ico), binary.LittleEndian, &head); err != nil {
		t.Fatal(err)
	}
	if head.Reserved != 0 || head.Type != 1 || head.Count != 1 || head.Offset != 22 || int(head.Offset+head.Size) != len(ico) {
		t.Fatalf("favicon.ico has the header %+v for %d bytes", head, len(ico))
	}
	data := ico[head.Offset:]
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("favicon.ico's image is not a PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() != int(head.W) || b.Dy() != int(head.H) {
		t.Errorf("favicon.ico says %d×%d, its image is %v", head.W, head.H, b)
	}
	var asset []byte
	for _, name := range out.Names() {
		if strings.HasPrefix(name, "assets/favicon.") && strings.HasSuffix(name, ".png") {
			asset = out.Files[name]
		}
	}
	if !bytes.Equal(data, asset) {
		t.Error("favicon.ico does not hold the theme's favicon.png")
	}
}
