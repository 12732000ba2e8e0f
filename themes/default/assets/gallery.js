// Instant filtering of the story gallery. Without JavaScript the filter
// links lead to pre-rendered pages; with it, the same links filter the cards
// in place and the address bar keeps the filter so it can be shared.
(function () {
  "use strict";
  var box = document.querySelector("[data-gallery-filters]");
  var list = document.querySelector(".gallery");
  // Only the gallery's index has the filters; filter pages load no script.
  if (!box || !list || !window.history || !history.replaceState) return;
  var cards = Array.prototype.slice.call(list.children);
  var count = document.querySelector("[data-gallery-count]");
  var template = count ? count.textContent.replace(/\d+/, "{n}") : "";

  function apply(facet, value) {
    var shown = 0;
    cards.forEach(function (card) {
      var values = (card.getAttribute("data-" + facet) || "").split(" ");
      var match = !facet || values.indexOf(value) >= 0;
      card.hidden = !match;
      if (match) shown++;
    });
    box.querySelectorAll("a[data-facet]").forEach(function (a) {
      if (a.getAttribute("data-facet") === facet && a.getAttribute("data-value") === value) {
        a.setAttribute("aria-current", "true");
      } else {
        a.removeAttribute("aria-current");
      }
    });
    if (count) count.textContent = template.replace("{n}", shown);
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

  var params = new URLSearchParams(location.search);
  ["intent", "initiative", "theme", "place"].forEach(function (f) {
    if (params.get(f)) apply(f, params.get(f));
  });
})();
