// Package analysis reads the finished portfolio for sense-making: each
// page's public history (its status changes and decisions merged with the
// commits that changed its file), the portfolio's health (how complete and
// current its record is), and, for editors only, the connections between
// pages that nobody has made yet.
//
// It sits beside visual, search and opendata: it takes a linked
// portfolio.Portfolio and returns values, writing nothing. render shows
// the history and the health on the public site; suggestions go only to
// `trellis suggest` and the dev server's panel, never to a built site.
package analysis
