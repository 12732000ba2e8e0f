package render

import (
	"sort"
	"strings"

	"github.com/trellis-ssg/trellis/generator/config"
)

// policy is the Content-Security-Policy every page of a trellis site works
// under, one directive a line: nothing inline, nothing from elsewhere but
// recordings the reader chooses to play.
var policy = []string{
	"default-src 'self'",
	"script-src 'self'",
	"style-src 'self'",
	"img-src 'self' data:",
	"media-src 'self' https:",
	"font-src 'self'",
	"connect-src 'self'",
	"object-src 'none'",
	"base-uri 'none'",
	"form-action 'self'",
	"frame-ancestors 'none'",
	"upgrade-insecure-requests",
}

// ContentSecurityPolicy is the policy as a response header sends it.
var ContentSecurityPolicy = strings.Join(policy, "; ")

// MetaContentSecurityPolicy is the policy as every page also carries it, in
// <meta http-equiv="Content-Security-Policy">, for hosts that ignore
// _headers (GitHub Pages, GitLab Pages). A meta element may not carry
// frame-ancestors, report-uri or sandbox (browsers ignore them there, and
// say so in the console); upgrade-insecure-requests is left to the header
// too, because in a page it would also send a preview on plain HTTP (a
// laptop or a phone on the local network) to https:// and break it, while
// every host the site is deployed to serves HTTPS anyway.
var MetaContentSecurityPolicy = metaPolicy()

func metaPolicy() string {
	var keep []string
	for _, d := range policy {
		name, _, _ := strings.Cut(d, " ")
		switch name {
		case "frame-ancestors", "report-uri", "report-to", "sandbox", "upgrade-insecure-requests":
			continue
		}
		keep = append(keep, d)
	}
	return strings.Join(keep, "; ")
}

// ReferrerPolicy is sent as a header and in <meta name="referrer">: other
// sites learn that a reader came from this one, never from which page (a
// story's address can say more than its teller would like).
const ReferrerPolicy = "strict-origin-when-cross-origin"

// SecurityHeaders are the response headers a host should send with every file.
var SecurityHeaders = [][2]string{
	{"Content-Security-Policy", ContentSecurityPolicy},
	{"X-Content-Type-Options", "nosniff"},
	{"Referrer-Policy", ReferrerPolicy},
	{"Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"},
	{"Cross-Origin-Opener-Policy", "same-origin"},
	{"X-Frame-Options", "DENY"},
}

// headersFile is the _headers file Netlify and Cloudflare Pages read: the
// security headers for every path, and long caching for fingerprinted assets.
//
// With embed.allow set, /embed/ may be framed by the listed origins and
// nothing else may be framed at all. Hosts merge the headers of every rule
// a path matches, so a /* rule's policy would still forbid framing /embed/:
// the policy and X-Frame-Options then go in rules of their own, one for
// each top-level file and folder of the site (tops) but embed/, and /*
// keeps the headers that are the same everywhere.
func headersFile(cfg *config.Config, tops []string) []byte {
	var b strings.Builder
	b.WriteString("# Response headers for hosts that read _headers (Netlify, Cloudflare Pages).\n/*\n")
	framing := func(name string) bool { return name == "Content-Security-Policy" || name == "X-Frame-Options" }
	embed := len(cfg.Embed.Allow) > 0
	for _, h := range SecurityHeaders {
		if !embed || !framing(h[0]) {
			b.WriteString("  " + h[0] + ": " + h[1] + "\n")
		}
	}
	if embed {
		base := strings.TrimSuffix(cfg.URL(""), "/")
		rule := func(p string) {
			b.WriteString(p + "\n")
			for _, h := range SecurityHeaders {
				if framing(h[0]) {
					b.WriteString("  " + h[0] + ": " + h[1] + "\n")
				}
			}
		}
		rule(base + "/")
		for _, t := range tops {
			switch {
			case t == "embed/" || t == "_headers":
			case strings.HasSuffix(t, "/"):
				rule(base + "/" + t + "*")
			default:
				rule(base + "/" + t)
			}
		}
		b.WriteString(base + "/embed/*\n  Content-Security-Policy: " + EmbedPolicy(cfg) + "\n")
	}
	b.WriteString(cfg.URL("assets/") + "*\n  Cache-Control: public, max-age=31536000, immutable\n")
	return []byte(b.String())
}

// EmbedPolicy is the Content-Security-Policy of the /embed/ pages: the
// site's, but for the origins that may frame them.
func EmbedPolicy(cfg *config.Config) string {
	var origins []string
	for _, o := range cfg.Embed.Allow {
		origins = append(origins, config.Origin(o))
	}
	return strings.Replace(ContentSecurityPolicy, "frame-ancestors 'none'", "frame-ancestors "+strings.Join(origins, " "), 1)
}

// topLevel lists the top-level files and folders (with a trailing slash)
// of a set of site paths, sorted, each once.
func topLevel(names []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, n := range names {
		top, _, folder := strings.Cut(strings.TrimPrefix(n, "/"), "/")
		if folder {
			top += "/"
		}
		if top != "" && top != "/" && !seen[top] {
			seen[top] = true
			out = append(out, top)
		}
	}
	sort.Strings(out)
	return out
}
