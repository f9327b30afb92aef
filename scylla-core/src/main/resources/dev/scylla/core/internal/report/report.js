// Draws the cost-vs-score charts from the embedded data and opens the drill-down a link or a
// click on a point leads to. Builds every element with the DOM API and sets text with
// textContent, so no data is ever parsed as HTML.
(function () {
  "use strict";
  var NS = "http://www.w3.org/2000/svg";
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var COLOURS = ["#3a78c2", "#d1495b", "#2a9d8f", "#e9a03b", "#7b5ea7", "#5c946e", "#8c564b"];
  var W = 520, H = 340, L = 56, R = 16, T = 14, B = 40;

  function el(name, attrs, parent) {
    var e = document.createElementNS(NS, name);
    for (var k in attrs) { e.setAttribute(k, attrs[k]); }
    if (parent) { parent.appendChild(e); }
    return e;
  }
  function money(v) { return "$" + v.toFixed(4); }
  function tick(v) { return "$" + (v === 0 ? "0" : v.toPrecision(2)); }

  function draw(figure) {
    var scope = figure.getAttribute("data-scope");
    var pts = data.points.filter(function (p) {
      return (scope === "all" || p.tier === scope) && p.cost !== null && p.score !== null;
    });
    var svg = el("svg", {width: W, height: H, viewBox: "0 0 " + W + " " + H, role: "img"});
    figure.appendChild(svg);
    var maxCost = Math.max.apply(null, pts.map(function (p) { return p.cost; }).concat([0]));
    maxCost = maxCost > 0 ? maxCost * 1.1 : 1;
    function x(c) { return L + (W - L - R) * c / maxCost; }
    function y(s) { return T + (H - T - B) * (1 - s); }
    for (var i = 0; i <= 4; i++) {
      var s = i / 4, c = maxCost * i / 4;
      el("line", {x1: L, x2: W - R, y1: y(s), y2: y(s), "class": "grid"}, svg);
      el("text", {x: L - 6, y: y(s) + 4, "text-anchor": "end"}, svg).textContent = s.toFixed(2);
      el("text", {x: x(c), y: H - B + 16, "text-anchor": i === 4 ? "end" : "middle"}, svg)
          .textContent = tick(c);
    }
    el("line", {x1: L, x2: L, y1: T, y2: H - B, "class": "axis"}, svg);
    el("line", {x1: L, x2: W - R, y1: H - B, y2: H - B, "class": "axis"}, svg);
    el("text", {x: (L + W - R) / 2, y: H - 6, "text-anchor": "middle"}, svg).textContent =
        "mean agent cost per run";
    el("text", {x: 12, y: (T + H - B) / 2, transform: "rotate(-90 12 " + (T + H - B) / 2 + ")",
        "text-anchor": "middle"}, svg).textContent = "median score";
    if (pts.length === 0) {
      el("text", {x: W / 2, y: H / 2, "text-anchor": "middle", "class": "empty"}, svg)
          .textContent = "no sub-test with a known cost and a score";
      return;
    }
    var key = scope === "all" ? "frontier_all" : "frontier_tier";
    var front = pts.filter(function (p) { return p[key]; })
        .sort(function (a, b) { return a.cost - b.cost || a.score - b.score; });
    // A step line: from each frontier point right to the next one's cost, then up to its score.
    var d = "";
    front.forEach(function (p, i) {
      d += (i === 0 ? "M" : " H" + x(p.cost).toFixed(1) + " V") +
          (i === 0 ? x(p.cost).toFixed(1) + " " + y(p.score).toFixed(1) : y(p.score).toFixed(1));
    });
    // Past the dearest frontier point more cost buys nothing: the line runs on to the right edge.
    d += " H" + (W - R);
    el("path", {d: d, "class": "frontier", "data-points": front.length}, svg);
    pts.forEach(function (p) {
      var cx = x(p.cost), cy = y(p.score), r = 4 + 10 * Math.sqrt(p.pass_rate);
      var colour = COLOURS[data.tiers.indexOf(p.tier) % COLOURS.length];
      var dot = el("circle", {cx: cx, cy: cy, r: r, fill: colour, "class": "pt",
          "data-tier": p.tier, "data-subtest": p.subtest,
          "data-frontier": p[key] ? "true" : "false"}, svg);
      el("title", {}, dot).textContent = p.tier + "/" + p.subtest + ": median " +
          p.score.toFixed(3) + ", mean cost " + money(p.cost) + ", pass rate " +
          Math.round(p.pass_rate * 100) + "% of " + p.runs +
          (p.cost_of_pass === null ? "" : ", Cost-of-Pass " + money(p.cost_of_pass));
      dot.addEventListener("click", function () { openTarget("sub-" + p.tier + "-" + p.subtest); });
      if (p.best_in_tier) {
        el("circle", {cx: cx, cy: cy, r: r + 4, "class": "ring best-tier",
            "data-tier": p.tier, "data-subtest": p.subtest}, svg);
      }
      if (p.best_overall) {
        var k = 7, star = "";
        for (var j = 0; j < 10; j++) {
          var a = Math.PI / 5 * j - Math.PI / 2, rr = j % 2 ? k / 2.2 : k;
          star += (j ? " L" : "M") + (cx + rr * Math.cos(a)).toFixed(1) + " " +
              (cy - r - 10 + rr * Math.sin(a)).toFixed(1);
        }
        el("path", {d: star + " Z", "class": "star best-overall",
            "data-tier": p.tier, "data-subtest": p.subtest}, svg);
      }
      el("text", {x: cx + r + 3, y: cy + 4}, svg).textContent =
          scope === "all" ? p.tier + "/" + p.subtest : p.subtest;
    });
  }

  // Opens the <details> with this id and every <details> around it, then scrolls to it. A run's
  // id also opens its transcript.
  function openTarget(id) {
    var target = document.getElementById(id);
    if (!target) { return; }
    for (var e = target; e; e = e.parentElement) {
      if (e.tagName === "DETAILS") { e.open = true; }
    }
    if (target.classList.contains("run")) {
      var t = target.querySelector("details.transcript");
      if (t) { t.open = true; }
    }
    target.scrollIntoView();
  }

  Array.prototype.forEach.call(document.querySelectorAll("figure.chart"), draw);
  document.addEventListener("click", function (ev) {
    var a = ev.target.closest ? ev.target.closest("a[href^='#']") : null;
    if (a) { openTarget(a.getAttribute("href").slice(1)); }
  });
  if (location.hash.length > 1) { openTarget(decodeURIComponent(location.hash.slice(1))); }
  document.body.setAttribute("data-charts", String(document.querySelectorAll("figure.chart svg").length));
})();
