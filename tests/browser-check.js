// Accessibility checks of an HTML page as a browser parsed and styled it: tests/browser.sh
// appends this script to a copy of each page and reads the report it leaves in the
// DOM (<pre id="bp-report">: one "FAIL: ..." line per problem, then "checked N texts").
// Rules: <html lang>; header, nav, main and footer landmarks; headings from h1 without
// skipped levels; th with a scope; img with alt; svg with role="img" and a <title>;
// text contrast against its background of at least 4.5:1, or 3:1 for large text
// (24px, or 18.66px bold), as WCAG 2 computes it.
(function () {
  "use strict";
  var out = [];
  function fail(msg) { out.push("FAIL: " + msg); }
  function describe(el) {
    var s = el.tagName.toLowerCase();
    if (el.id) s += "#" + el.id;
    var cls = el.getAttribute("class");
    if (cls) s += "." + cls.trim().split(/\s+/).join(".");
    return s;
  }

  var lang = document.documentElement.getAttribute("lang");
  if (!lang) fail("<html> has no lang");
  ["header", "nav", "main", "footer"].forEach(function (name) {
    if (!document.querySelector(name + ", [role=" + ({ header: "banner", nav: "navigation",
        main: "main", footer: "contentinfo" })[name] + "]"))
      fail("no <" + name + "> landmark");
  });
  var prev = 0;
  document.querySelectorAll("h1, h2, h3, h4, h5, h6").forEach(function (h) {
    var level = +h.tagName[1];
    if (prev === 0 && level !== 1) fail("the first heading is " + h.tagName);
    if (prev > 0 && level > prev + 1) fail("h" + prev + " followed by " + h.tagName.toLowerCase());
    prev = level;
  });
  if (prev === 0) fail("no headings");
  document.querySelectorAll("th").forEach(function (th) {
    if (!/^(row|col|rowgroup|colgroup)$/.test(th.getAttribute("scope") || ""))
      fail("th without a scope: " + th.textContent.trim().slice(0, 40));
  });
  document.querySelectorAll("img").forEach(function (img) {
    if (!img.hasAttribute("alt")) fail("img without alt: " + img.getAttribute("src"));
  });
  document.querySelectorAll("svg").forEach(function (svg) {
    var title = svg.querySelector(":scope > title");
    if (svg.getAttribute("role") !== "img") fail("svg without role=img: " + describe(svg));
    if (!title || !title.textContent.trim()) fail("svg without a title: " + describe(svg));
  });

  // ---- contrast
  function parse(c) {
    var m = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/.exec(c || "");
    if (!m) return null;
    return [+m[1], +m[2], +m[3], m[4] === undefined ? 1 : +m[4]];
  }
  function over(top, bottom) {
    var a = top[3];
    return [0, 1, 2].map(function (i) { return top[i] * a + bottom[i] * (1 - a); }).concat([1]);
  }
  function luminance(c) {
    var v = [0, 1, 2].map(function (i) {
      var s = c[i] / 255;
      return s <= 0.03928 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
  }
  function background(el) {
    var layers = [];
    for (var e = el; e && e.nodeType === 1; e = e.parentElement) {
      var bg = parse(getComputedStyle(e).backgroundColor);
      if (bg && bg[3] > 0) {
        layers.push(bg);
        if (bg[3] >= 1) break;
      }
    }
    var c = [255, 255, 255, 1];
    for (var i = layers.length - 1; i >= 0; i--) c = over(layers[i], c);
    return c;
  }
  // What an SVG text is drawn on: the topmost filled shape under its middle, over the
  // background of the element holding the SVG.
  function svgBackground(el) {
    var base = background(el.closest("svg").parentElement);
    el.scrollIntoView({ block: "center", inline: "center" });
    var r = el.getBoundingClientRect();
    var under = document.elementsFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    for (var i = 0; i < under.length; i++) {
      var e = under[i];
      if (!/^(rect|circle|ellipse|polygon|path)$/.test(e.tagName)) continue;
      var fill = parse(getComputedStyle(e).fill);
      if (fill && fill[3] > 0) return over(fill, base);
    }
    return base;
  }
  var checked = 0;
  var walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  var seen = new Set();
  for (var t = walker.nextNode(); t; t = walker.nextNode()) {
    var el = t.parentElement;
    if (!el || seen.has(el) || !t.textContent.trim()) continue;
    if (el.closest("script, style, title, desc")) continue;
    seen.add(el);
    var cs = getComputedStyle(el);
    if (cs.display === "none" || cs.visibility !== "visible") continue;
    var inSvg = el.closest("svg") !== null;
    var fg = parse(inSvg ? cs.fill : cs.color);
    if (!fg) continue;
    var bg = inSvg ? svgBackground(el) : background(el);
    var l1 = luminance(over(fg, bg)), l2 = luminance(bg);
    var ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
    var size = parseFloat(cs.fontSize), bold = parseInt(cs.fontWeight, 10) >= 700;
    var large = size >= 24 || (size >= 18.66 && bold);
    var need = large ? 3 : 4.5;
    checked++;
    if (ratio + 1e-9 < need)
      fail("contrast " + ratio.toFixed(2) + ":1 (needs " + need + ":1) for " + describe(el) +
           " \"" + t.textContent.trim().slice(0, 30) + "\" (rgb(" + fg.slice(0, 3).join(", ") + ") on rgb(" +
           bg.slice(0, 3).map(Math.round).join(", ") + "))");
  }
  out.push("checked " + checked + " texts");
  var pre = document.createElement("pre");
  pre.id = "bp-report";
  pre.textContent = "\n" + out.join("\n") + "\n";
  document.body.appendChild(pre);
})();
