/* trellis intent maps: filtering, neighbour highlighting, zoom and pan.
 *
 * The maps are complete without this script: every node is a link and the
 * text equivalent sits beside the map. Loaded with <script defer src>, it
 * enhances every <svg data-map> of the page:
 *
 *  - controls are built into <div class="map-controls" data-map-controls="ID">
 *    (ID: the svg's id; an empty value means the first map in the same
 *    parent element): selects for intent, system and status, zoom buttons
 *    (+, −, reset) and a polite live region saying how many are shown;
 *  - hovering or focusing a node marks it .is-active, its neighbours
 *    .is-neighbour and its lines .is-lit, and the svg .has-highlight;
 *  - nodes filtered out get .is-out, leave the tab order and the
 *    accessibility tree; lines to them get .is-out too;
 *  - zoom and pan change the viewBox: buttons, Ctrl/⌘ + wheel, pinch, drag;
 *    a drag never follows the link it started on. With
 *    prefers-reduced-motion, zoom jumps instead of gliding;
 *  - from the keyboard, with focus on the map: the arrow keys pan, + and −
 *    zoom, 0 shows the whole map; a node that gets focus is brought into
 *    view (the viewBox moves to it, then the page scrolls to it).
 *
 * No inline style is written; all looks come from classes in site.css.
 */
(function () {
  "use strict";

  var reduced = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)");

  function el(name, attrs, text) {
    var e = document.createElement(name);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text) { e.textContent = text; }
    return e;
  }

  function words(s) { return (s || "").split(/\s+/).filter(Boolean); }

  function label(slug) {
    var s = slug.replace(/-/g, " ");
    return s.charAt(0).toUpperCase() + s.slice(1);
  }

  function controlsFor(svg) {
    var all = document.querySelectorAll("[data-map-controls]");
    for (var i = 0; i < all.length; i++) {
      var c = all[i], want = c.getAttribute("data-map-controls");
      if (want ? want === svg.id : c.parentElement && c.parentElement.querySelector("svg[data-map]") === svg) {
        return c;
      }
    }
    return null;
  }

  function enhance(svg) {
    var nodes = Array.prototype.slice.call(svg.querySelectorAll(".imap-node"));
    var edges = Array.prototype.slice.call(svg.querySelectorAll(".imap-edge"));
    var byId = {};
    nodes.forEach(function (n) { byId[n.getAttribute("data-node")] = n; });

    // Neighbours, from the lines' data-from and data-to.
    var near = {}, lines = {};
    edges.forEach(function (e) {
      var a = e.getAttribute("data-from"), b = e.getAttribute("data-to");
      (near[a] = near[a] || []).push(b);
      (near[b] = near[b] || []).push(a);
      (lines[a] = lines[a] || []).push(e);
      (lines[b] = lines[b] || []).push(e);
    });

    function clear() {
      svg.classList.remove("has-highlight");
      svg.querySelectorAll(".is-active, .is-neighbour, .is-lit").forEach(function (x) {
        x.classList.remove("is-active", "is-neighbour", "is-lit");
      });
    }
    function light(node) {
      clear();
      var id = node.getAttribute("data-node");
      svg.classList.add("has-highlight");
      node.classList.add("is-active");
      (near[id] || []).forEach(function (o) { if (byId[o]) { byId[o].classList.add("is-neighbour"); } });
      (lines[id] || []).forEach(function (e) { e.classList.add("is-lit"); });
    }
    nodes.forEach(function (n) {
      n.addEventListener("pointerenter", function () { light(n); });
      n.addEventListener("pointerleave", clear);
      n.addEventListener("focus", function () { light(n); });
      n.addEventListener("blur", clear);
    });

    // Zoom and pan by the viewBox.
    var vb0 = (svg.getAttribute("viewBox") || "0 0 100 100").split(/[\s,]+/).map(Number);
    var vb = vb0.slice(), anim = 0;
    function setBox(b) { vb = b; svg.setAttribute("viewBox", b.map(function (v) { return Math.round(v * 10) / 10; }).join(" ")); }
    function glide(to) {
      cancelAnimationFrame(anim);
      if (reduced && reduced.matches) { setBox(to); return; }
      var from = vb.slice(), t0 = null;
      function step(t) {
        if (t0 === null) { t0 = t; }
        var k = Math.min(1, (t - t0) / 180), e = k * (2 - k);
        setBox(from.map(function (v, i) { return v + (to[i] - v) * e; }));
        if (k < 1) { anim = requestAnimationFrame(step); }
      }
      anim = requestAnimationFrame(step);
    }
    // zoomAt scales by f around (x, y) in picture units.
    function zoomAt(f, x, y, smooth) {
      var w = Math.min(vb0[2] * 1.5, Math.max(vb0[2] / 8, vb[2] / f));
      var h = w * vb0[3] / vb0[2];
      var k = w / vb[2];
      var b = [x - (x - vb[0]) * k, y - (y - vb[1]) * k, w, h];
      if (smooth) { glide(b); } else { setBox(b); }
    }
    function centre() { return [vb[0] + vb[2] / 2, vb[1] + vb[3] / 2]; }
    function toPicture(cx, cy) {
      var r = svg.getBoundingClientRect();
      return [vb[0] + (cx - r.left) / r.width * vb[2], vb[1] + (cy - r.top) / r.height * vb[3]];
    }

    // panBy moves the view by fractions of its width and height.
    function panBy(fx, fy) { setBox([vb[0] + fx * vb[2], vb[1] + fy * vb[3], vb[2], vb[3]]); }
    svg.addEventListener("keydown", function (ev) {
      if (ev.altKey || ev.ctrlKey || ev.metaKey) { return; }
      var c = centre();
      switch (ev.key) {
        case "ArrowLeft": panBy(-0.15, 0); break;
        case "ArrowRight": panBy(0.15, 0); break;
        case "ArrowUp": panBy(0, -0.15); break;
        case "ArrowDown": panBy(0, 0.15); break;
        case "+": case "=": zoomAt(1.4, c[0], c[1], false); break;
        case "-": case "_": case "\u2212": zoomAt(1 / 1.4, c[0], c[1], false); break;
        case "0": setBox(vb0.slice()); break;
        default: return;
      }
      ev.preventDefault();
    });
    // reveal brings a node that got focus into the view: the viewBox moves
    // just enough to hold it, then the page scrolls to it.
    function reveal(n) {
      var b;
      try { b = n.getBBox(); } catch (e) { return; }
      var m = Math.min(vb[2], vb[3]) * 0.05, x = vb[0], y = vb[1];
      if (b.x < vb[0] + m) { x = b.x - m; } else if (b.x + b.width > vb[0] + vb[2] - m) { x = Math.min(b.x - m, b.x + b.width - vb[2] + m); }
      if (b.y < vb[1] + m) { y = b.y - m; } else if (b.y + b.height > vb[1] + vb[3] - m) { y = Math.min(b.y - m, b.y + b.height - vb[3] + m); }
      if (x !== vb[0] || y !== vb[1]) { cancelAnimationFrame(anim); setBox([x, y, vb[2], vb[3]]); }
      if (n.scrollIntoView) { n.scrollIntoView({ block: "nearest", inline: "nearest" }); }
    }
    nodes.forEach(function (n) { n.addEventListener("focus", function () { reveal(n); }); });

    svg.addEventListener("wheel", function (ev) {
      if (!ev.ctrlKey && !ev.metaKey) { return; } // plain wheel scrolls the page
      ev.preventDefault();
      var p = toPicture(ev.clientX, ev.clientY);
      zoomAt(ev.deltaY < 0 ? 1.15 : 1 / 1.15, p[0], p[1], false);
    }, { passive: false });

    var pointers = {}, dragged = false, start = null, pinch = 0;
    svg.addEventListener("pointerdown", function (ev) {
      if (ev.button !== 0) { return; }
      pointers[ev.pointerId] = [ev.clientX, ev.clientY];
      start = [ev.clientX, ev.clientY, vb.slice()];
      dragged = false;
      pinch = 0;
    });
    svg.addEventListener("pointermove", function (ev) {
      if (!pointers[ev.pointerId]) { return; }
      pointers[ev.pointerId] = [ev.clientX, ev.clientY];
      var ids = Object.keys(pointers), r = svg.getBoundingClientRect();
      if (ids.length === 2) {
        var a = pointers[ids[0]], b = pointers[ids[1]];
        var d = Math.hypot(a[0] - b[0], a[1] - b[1]);
        if (pinch) {
          var p = toPicture((a[0] + b[0]) / 2, (a[1] + b[1]) / 2);
          zoomAt(d / pinch, p[0], p[1], false);
        }
        pinch = d;
        dragged = true;
        return;
      }
      var dx = ev.clientX - start[0], dy = ev.clientY - start[1];
      if (!dragged && Math.hypot(dx, dy) < 5) { return; }
      if (!dragged) { svg.setPointerCapture(ev.pointerId); svg.classList.add("is-panning"); }
      dragged = true;
      setBox([start[2][0] - dx / r.width * vb[2], start[2][1] - dy / r.height * vb[3], vb[2], vb[3]]);
    });
    function up(ev) {
      delete pointers[ev.pointerId];
      svg.classList.remove("is-panning");
      if (Object.keys(pointers).length < 2) { pinch = 0; }
      var ids = Object.keys(pointers);
      if (ids.length === 1) { start = [pointers[ids[0]][0], pointers[ids[0]][1], vb.slice()]; }
    }
    svg.addEventListener("pointerup", up);
    svg.addEventListener("pointercancel", up);
    // A drag does not follow the link under the pointer.
    svg.addEventListener("click", function (ev) {
      if (dragged) { ev.preventDefault(); ev.stopPropagation(); dragged = false; }
    }, true);

    var box = controlsFor(svg);
    if (!box) { return; }
    box.classList.add("is-ready");

    // Filters, from what the nodes say of themselves.
    var intents = [], systems = [], statuses = [];
    nodes.forEach(function (n) {
      if (n.classList.contains("imap-intent")) {
        var slug = n.getAttribute("data-intents"), name = (n.getAttribute("aria-label") || slug).split(" — ")[0];
        if (!intents.some(function (i) { return i[0] === slug; })) { intents.push([slug, name]); }
      }
      if (n.classList.contains("imap-initiative")) {
        words(n.getAttribute("data-systems")).forEach(function (s) { if (systems.indexOf(s) < 0) { systems.push(s); } });
        var st = n.getAttribute("data-status");
        if (st && statuses.indexOf(st) < 0) { statuses.push(st); }
      }
    });
    systems.sort();
    var uid = svg.id || "map";
    function select(key, text, options, all) {
      if (options.length < 2) { return null; }
      var wrap = el("span", { "class": "map-filter" });
      var s = el("select", { id: uid + "-" + key });
      wrap.appendChild(el("label", { "for": uid + "-" + key }, text));
      s.appendChild(el("option", { value: "" }, all));
      options.forEach(function (o) { s.appendChild(el("option", { value: o[0] }, o[1])); });
      wrap.appendChild(s);
      box.appendChild(wrap);
      s.addEventListener("change", apply);
      return s;
    }
    var fIntent = select("intent", "Intent", intents, "All intents");
    var fSystem = select("system", "System", systems.map(function (s) { return [s, label(s)]; }), "All systems");
    var fStatus = select("status", "Status", statuses.map(function (s) { return [s, label(s)]; }), "All statuses");

    var zoom = el("span", { "class": "map-zoom", role: "group", "aria-label": "Zoom" });
    [["+", "Zoom in", function () { var c = centre(); zoomAt(1.4, c[0], c[1], true); }],
     ["−", "Zoom out", function () { var c = centre(); zoomAt(1 / 1.4, c[0], c[1], true); }],
     ["Reset", "Reset zoom: show the whole map", function () { glide(vb0.slice()); }]].forEach(function (b) {
      var btn = el("button", { type: "button", "aria-label": b[1], "aria-controls": svg.id || "" }, b[0]);
      btn.addEventListener("click", b[2]);
      zoom.appendChild(btn);
    });
    box.appendChild(zoom);
    var live = el("p", { "class": "map-status", "aria-live": "polite" });
    box.appendChild(live);

    function apply() {
      var vi = fIntent ? fIntent.value : "", vs = fSystem ? fSystem.value : "", vt = fStatus ? fStatus.value : "";
      var shown = 0, total = 0, out = {};
      nodes.forEach(function (n) {
        var ok = true;
        var its = words(n.getAttribute("data-intents"));
        if (vi && its.indexOf(vi) < 0) { ok = false; }
        if (n.classList.contains("imap-initiative")) {
          total++;
          if (vs && words(n.getAttribute("data-systems")).indexOf(vs) < 0) { ok = false; }
          if (vt && n.getAttribute("data-status") !== vt) { ok = false; }
          if (ok) { shown++; }
        } else if (n.classList.contains("imap-intent") && (vs || vt) && !vi) {
          ok = true; // hubs stay as landmarks unless an intent is chosen
        }
        out[n.getAttribute("data-node")] = !ok;
        n.classList.toggle("is-out", !ok);
        if (ok) { n.removeAttribute("tabindex"); n.removeAttribute("aria-hidden"); }
        else { n.setAttribute("tabindex", "-1"); n.setAttribute("aria-hidden", "true"); }
      });
      edges.forEach(function (e) {
        e.classList.toggle("is-out", !!(out[e.getAttribute("data-from")] || out[e.getAttribute("data-to")]));
      });
      svg.classList.toggle("is-filtered", !!(vi || vs || vt));
      live.textContent = (vi || vs || vt) ? shown + " of " + total + " initiatives shown" : "";
    }
  }

  function init() {
    document.querySelectorAll("svg[data-map]").forEach(enhance);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
