/* The class index's filter box (classes/index.md): shows the box, then hides the entries
   whose data-filter (names and synonyms) does not hold every word typed. A match keeps the
   classes it is a kind of (its place in the tree) and its own kinds. Without this script
   the box stays hidden and the page is the full list. */
(function () {
  "use strict";
  function words(text) {
    return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim().split(" ").filter(Boolean);
  }
  function setup() {
    var box = document.querySelector(".tx-filter");
    if (!box || box.dataset.ready) return;
    box.dataset.ready = "1";
    var input = box.querySelector("input");
    var none = box.querySelector(".tx-filter-none");
    var entries = Array.prototype.slice.call(document.querySelectorAll("li[data-filter]"));
    var groups = Array.prototype.slice.call(document.querySelectorAll(".tx-index-group"));
    input.addEventListener("input", function () {
      var wanted = words(input.value);
      var found = 0;
      entries.forEach(function (li) { li.hidden = wanted.length > 0; });
      entries.forEach(function (li) {
        var text = li.getAttribute("data-filter");
        if (!wanted.every(function (w) { return text.indexOf(w) >= 0; })) return;
        found += 1;
        for (var up = li; up; up = up.parentElement.closest("li[data-filter]")) up.hidden = false;
        li.querySelectorAll("li[data-filter]").forEach(function (kid) { kid.hidden = false; });
      });
      groups.forEach(function (g) { g.hidden = !g.querySelector("li[data-filter]:not([hidden])"); });
      none.hidden = found > 0 || wanted.length === 0;
    });
    box.hidden = false;
  }
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(setup);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
  else setup();
})();
