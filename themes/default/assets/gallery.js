// Instant filtering of the story gallery. Without JavaScript the filter
// links lead to pre-rendered pages; with it, the same links filter the cards
// in place and the address bar keeps the filter so it can be shared. The
// active filter is shown (its list opened, its link marked) and announced;
// coming back to a filtered address (Back from a story, a shared link)
// restores it and puts focus on the results heading.
(function () {
  "use strict";
  var box = document.querySelector("[data-gallery-filters]");
  var list = document.querySelector(".gallery");
  // Only the gallery's index has the filters; filter pages load no script.
  if (!box || !list || !window.history || !history.replaceState) return;
  var cards = Array.prototype.slice.call(list.children);
  var count = document.querySelector("[data-gallery-count]");
  var live = document.querySelector("[data-gallery-live]");
  var template = count ? count.textContent.replace(/\d+/, "{n}") : "";

  function apply(facet, value) {
    var shown = 0;
    cards.forEach(function (card) {
      var values = (card.getAttribute("data-" + facet) || "").split(" ");
      var match = !facet || values.indexOf(value) >= 0;
      card.hidden = !match;
      if (match) shown++;
    });
    var said = "";
    box.querySelectorAll("a[data-facet]").forEach(function (a) {
      if (a.getAttribute("data-facet") === facet && a.getAttribute("data-value") === value) {
        a.setAttribute("aria-current", "true");
        // Shown: the facet's list opens; said: the facet and the value.
        var details = a.closest ? a.closest("details") : null;
        if (details) {
          details.open = true;
          var summary = details.querySelector("summary");
          said = (summary ? summary.textContent.trim() + ": " : "") + a.firstChild.textContent.trim();
        }
      } else {
        a.removeAttribute("aria-current");
      }
    });
    var text = template.replace("{n}", shown);
    if (count) count.textContent = text;
    if (live) live.textContent = said ? text + ". " + said : text;
  }

  // restore applies the filter of the address, if any, and focuses the
  // results heading: the reader is back where they left the list.
  function restore() {
    var params = new URLSearchParams(location.search), found = false;
    ["intent", "initiative", "theme", "place"].forEach(function (f) {
      if (!found && params.get(f)) {
        apply(f, params.get(f));
        found = true;
      }
    });
    if (found && count) count.focus();
  }

  box.addEventListener("click", function (e) {
    var a = e.target.closest ? e.target.closest("a[data-facet]") : null;
    if (!a || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    var facet = a.getAttribute("data-facet");
    var value = a.getAttribute("data-value");
    if (a.getAttribute("aria-current")) {
      apply("", "");
      history.replaceState(null, "", location.pathname);
      return;
    }
    apply(facet, value);
    history.replaceState(null, "", location.pathname + "?" + facet + "=" + encodeURIComponent(value));
  });

  restore();
  // Back to a page kept in the browser's memory: the script does not run
  // again, so restore the focus (and the filter, if the address changed).
  window.addEventListener("pageshow", function (e) {
    if (e.persisted) restore();
  });
})();
