/* Filters for the case-study index. Progressive enhancement: without this script the page shows every
 * case study and the filter form stays hidden. The facet keys come from data attributes written at build
 * time; the chosen filters live in the address (?sector=a&sector=b&region=c) so a filtered list can be shared.
 * Within a group, any chosen option matches; across groups, every group must match.
 * Runs on each page Material shows, including after instant navigation (document$). No third-party code. */
(function () {
  "use strict";

  function setUp() {
    var form = document.querySelector("[data-cs-filters]");
    var list = document.querySelector("[data-cs-list]");
    var count = document.querySelector("[data-cs-count]");
    var none = document.querySelector("[data-cs-none]");
    if (!form || !list || !count || form.getAttribute("data-ready")) return;
    form.setAttribute("data-ready", "true");

    var groups = Array.prototype.map.call(form.querySelectorAll("[data-facet]"), function (el) {
      return { key: el.getAttribute("data-facet"), el: el,
               boxes: Array.prototype.slice.call(el.querySelectorAll("input[type=checkbox]")),
               chosen: el.querySelector("[data-chosen]") };
    });
    var items = Array.prototype.map.call(list.children, function (li) {
      var terms = {};
      groups.forEach(function (g) {
        terms[g.key] = (li.getAttribute("data-f-" + g.key) || "").split(" ");
      });
      return { el: li, terms: terms };
    });
    var total = items.length;
    var clear = form.querySelector("[data-cs-clear]");

    function chosen() {
      var out = {};
      groups.forEach(function (g) {
        out[g.key] = g.boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
      });
      return out;
    }

    function matches(item, wanted) {
      return groups.every(function (g) {
        var want = wanted[g.key];
        return !want.length || want.some(function (v) { return item.terms[g.key].indexOf(v) !== -1; });
      });
    }

    // Each option's count: how many case studies have it and match every other group's choices, which is
    // what ticking it alone in its group would show. Options that would show none say so.
    function updateCounts(wanted) {
      groups.forEach(function (g) {
        var others = {};
        groups.forEach(function (h) { others[h.key] = h === g ? [] : wanted[h.key]; });
        var pool = items.filter(function (item) { return matches(item, others); });
        g.boxes.forEach(function (b) {
          var n = pool.filter(function (item) { return item.terms[g.key].indexOf(b.value) !== -1; }).length;
          var label = b.closest("label");
          var span = label && label.querySelector("[data-count]");
          if (span) span.textContent = n ? "(" + n + ")" : "(none with your other choices)";
          if (label) label.classList.toggle("cs-facet__option--none", n === 0 && !b.checked);
        });
      });
    }

    function apply() {
      var wanted = chosen();
      var shown = 0;
      var any = false;
      items.forEach(function (item) {
        var ok = matches(item, wanted);
        item.el.hidden = !ok;
        if (ok) shown += 1;
      });
      groups.forEach(function (g) {
        var n = wanted[g.key].length;
        if (n) any = true;
        g.chosen.textContent = n ? " (" + n + " chosen)" : "";
      });
      updateCounts(wanted);
      var noun = total === 1 ? "case study" : "case studies";
      count.textContent = any ? "Showing " + shown + " of " + total + " " + noun + "."
                              : "Showing all " + total + " " + noun + ".";
      if (none) none.hidden = shown !== 0;
      if (clear) clear.hidden = !any;
      return wanted;
    }

    function writeAddress(wanted) {
      var params = new URLSearchParams(window.location.search);
      groups.forEach(function (g) { params.delete(g.key); });
      groups.forEach(function (g) {
        wanted[g.key].forEach(function (v) { params.append(g.key, v); });
      });
      var query = params.toString();
      var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
      window.history.replaceState(window.history.state, "", url);
    }

    function readAddress() {
      var params = new URLSearchParams(window.location.search);
      groups.forEach(function (g) {
        var want = params.getAll(g.key);
        g.boxes.forEach(function (b) { b.checked = want.indexOf(b.value) !== -1; });
        if (want.length) g.el.open = true;
      });
    }

    form.addEventListener("change", function () { writeAddress(apply()); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function () {
      // The browser clears the boxes after this event; filter once it has.
      window.setTimeout(function () {
        writeAddress(apply());
        count.focus();
      }, 0);
    });
    window.addEventListener("popstate", function () {
      if (document.contains(form)) { readAddress(); apply(); }
    });

    count.setAttribute("tabindex", "-1");
    form.hidden = false;
    readAddress();
    apply();
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setUp);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
