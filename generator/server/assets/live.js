// trellis serve: live reload and the error overlay. Served by the preview
// server only; never part of a built site. Everything shown is set with
// textContent, never as HTML.
(function () {
  "use strict";
  var me = document.currentScript;
  var build = me ? me.getAttribute("data-build") || "" : "";
  var key = "trellis-scroll:" + location.pathname;
  try {
    var y = sessionStorage.getItem(key);
    if (y !== null) {
      sessionStorage.removeItem(key);
      window.addEventListener("load", function () { window.scrollTo(0, parseInt(y, 10) || 0); });
    }
  } catch (e) { /* storage may be off */ }

  var overlay = null;

  function stylesheet() {
    if (document.getElementById("trellis-live-css")) return;
    var link = document.createElement("link");
    link.id = "trellis-live-css";
    link.rel = "stylesheet";
    link.href = "/__trellis/live.css";
    document.head.appendChild(link);
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function clear() {
    if (overlay) {
      overlay.remove();
      overlay = null;
    }
  }

  function show(report) {
    var list = (report && report.diagnostics) || [];
    var errors = list.filter(function (d) { return d.severity === "error"; });
    clear();
    if (errors.length === 0) return;
    stylesheet();
    overlay = el("div", "trellis-overlay");
    overlay.id = "trellis-overlay";
    overlay.setAttribute("role", "alertdialog");
    overlay.setAttribute("aria-labelledby", "trellis-overlay-title");
    var box = el("div", "trellis-box");
    var title = el("h2", "trellis-title", "The site has " + errors.length + (errors.length === 1 ? " error" : " errors") + " — showing the last good build");
    title.id = "trellis-overlay-title";
    box.appendChild(title);
    var ol = el("ol", "trellis-problems");
    list.forEach(function (d) {
      var li = el("li", "trellis-" + (d.severity === "error" ? "error" : "warning"));
      var where = d.file + (d.line ? ":" + d.line + (d.column ? ":" + d.column : "") : "");
      var p = el("p", "trellis-where", where + " ");
      p.appendChild(el("span", "trellis-code", d.severity + " " + d.code));
      li.appendChild(p);
      li.appendChild(el("p", "trellis-message", d.message));
      if (d.excerpt) {
        var pre = el("pre", "trellis-excerpt");
        pre.appendChild(el("code", null, d.excerpt));
        li.appendChild(pre);
      }
      if (d.hint) li.appendChild(el("p", "trellis-hint", "hint: " + d.hint));
      ol.appendChild(li);
    });
    box.appendChild(ol);
    var close = el("button", "trellis-close", "Close");
    close.type = "button";
    close.addEventListener("click", clear);
    box.appendChild(close);
    overlay.appendChild(box);
    document.body.appendChild(overlay);
    close.focus();
  }

  function reload() {
    try { sessionStorage.setItem(key, String(window.scrollY || 0)); } catch (e) { /* ignore */ }
    location.reload();
  }

  if (!window.EventSource) return;
  var es = new EventSource("/__trellis/events?since=" + encodeURIComponent(build));
  es.addEventListener("reload", function () {
    clear();
    reload();
  });
  es.addEventListener("error", function (e) {
    // Connection errors are plain events; the server's reports carry data.
    if (typeof e.data !== "string") return;
    try { show(JSON.parse(e.data)); } catch (err) { /* ignore a bad report */ }
  });
})();
