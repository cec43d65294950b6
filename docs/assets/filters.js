/* Filters for the case-study index. Progressive enhancement: without this script the page shows the first
 * page of case studies with links to the others (case-studies/page/<n>/), and the filter form stays hidden.
 * The page's HTML holds only that first page, so it does not grow with the library. The whole list comes
 * from a compact data file (data-cs-data on the list), fetched once, when the reader first uses the filters
 * or turns a page, or at once when the address already holds filters. The chosen filters and the page live
 * in the address (?sector=a&sector=b&region=c&page=2) so a filtered list can be shared.
 * Within a group, any chosen option matches; across groups, every group must match.
 * Text from the data file is set with textContent, never as HTML.
 * Runs on each page Material shows, including after instant navigation (document$). No third-party code. */
(function () {
  "use strict";

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function setUp() {
    var form = document.querySelector("[data-cs-filters]");
    var list = document.querySelector("[data-cs-list]");
    var count = document.querySelector("[data-cs-count]");
    var none = document.querySelector("[data-cs-none]");
    var pager = document.querySelector("[data-cs-pager]");
    var heading = document.getElementById("cs-results");
    if (!form || !list || !count || form.getAttribute("data-ready")) return;
    form.setAttribute("data-ready", "true");

    var groups = Array.prototype.map.call(form.querySelectorAll("[data-facet]"), function (el) {
      return { key: el.getAttribute("data-facet"), el: el,
               boxes: Array.prototype.slice.call(el.querySelectorAll("input[type=checkbox]")),
               chosen: el.querySelector("[data-chosen]") };
    });
    var total = parseInt(count.getAttribute("data-total"), 10);
    var size = parseInt(list.getAttribute("data-page-size"), 10) || 20;
    var clear = form.querySelector("[data-cs-clear]");
    var items = null;  // every case study, once the data file has come
    var loading = null;
    var page = 1;

    // The data file: {facets: [key...], records: [[slug, name, status, summary, where, [values...]]...]}.
    function load() {
      if (!loading) {
        loading = fetch(new URL(list.getAttribute("data-cs-data"), window.location.href).href)
          .then(function (response) {
            if (!response.ok) throw new Error("case-study list: " + response.status);
            return response.json();
          })
          .then(function (data) {
            items = data.records.map(function (row) {
              var terms = {};
              data.facets.forEach(function (key, i) { terms[key] = row[5][i].split(" "); });
              return { slug: row[0], name: row[1], status: row[2], summary: row[3], where: row[4], terms: terms };
            });
            total = items.length;
          });
        loading.catch(function () {
          loading = null;
          list.removeAttribute("aria-busy");
          count.textContent = "The list of case studies did not load, so the filters cannot work now. " +
            "Reload the page, or browse case studies by topic.";
        });
      }
      return loading;
    }

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

    function itemView(item) {
      var li = el("li", "cs-item");
      var link = el("a", "cs-item__name", item.name);
      link.setAttribute("href", item.slug + "/");
      li.appendChild(link);
      if (item.status) {
        li.appendChild(document.createTextNode(" "));
        li.appendChild(el("span", "cs-item__status", item.status));
      }
      li.appendChild(el("p", "cs-item__summary", item.summary));
      li.appendChild(el("p", "cs-item__meta", item.where));
      return li;
    }

    function address(wanted, number) {
      var params = new URLSearchParams(window.location.search);
      groups.forEach(function (g) { params.delete(g.key); });
      params.delete("page");
      groups.forEach(function (g) {
        wanted[g.key].forEach(function (v) { params.append(g.key, v); });
      });
      if (number > 1) params.set("page", String(number));
      var query = params.toString();
      return window.location.pathname + (query ? "?" + query : "");
    }

    function pagerView(wanted, shown) {
      if (!pager) return;
      var pages = Math.max(1, Math.ceil(shown / size));
      pager.textContent = "";
      pager.hidden = pages < 2;
      if (pages < 2) return;
      var parts = [];
      if (page > 1) parts.push(pageLink(wanted, page - 1, "Previous page", "prev"));
      parts.push(el("span", "", "Page " + page + " of " + pages + ", case studies " + ((page - 1) * size + 1) +
        " to " + Math.min(page * size, shown)));
      if (page < pages) parts.push(pageLink(wanted, page + 1, "Next page", "next"));
      parts.forEach(function (part, i) {
        if (i) pager.appendChild(document.createTextNode(" · "));
        pager.appendChild(part);
      });
    }

    function pageLink(wanted, number, text, rel) {
      var link = el("a", "", text);
      link.setAttribute("href", address(wanted, number));
      link.setAttribute("rel", rel);
      link.setAttribute("data-page", String(number));
      return link;
    }

    function apply() {
      var wanted = chosen();
      var any = false;
      // Only what changes is written: on a plain first visit the page is left exactly as it was drawn.
      groups.forEach(function (g) {
        var n = wanted[g.key].length;
        if (n) any = true;
        var text = n ? " (" + n + " chosen)" : "";
        if (g.chosen.textContent !== text) g.chosen.textContent = text;
      });
      if (clear && clear.hidden !== !any) clear.hidden = !any;
      if (!items) {
        // The page's own HTML is right for no filters on page 1; anything else needs the whole list.
        if (!any && page === 1) return wanted;
        list.setAttribute("aria-busy", "true");
        load().then(apply, function () {});
        return wanted;
      }
      var found = items.filter(function (item) { return matches(item, wanted); });
      var pages = Math.max(1, Math.ceil(found.length / size));
      if (page > pages) page = pages;
      var frag = document.createDocumentFragment();
      found.slice((page - 1) * size, page * size).forEach(function (item) { frag.appendChild(itemView(item)); });
      list.textContent = "";
      list.appendChild(frag);
      list.removeAttribute("aria-busy");
      updateCounts(wanted);
      pagerView(wanted, found.length);
      var noun = total === 1 ? "case study" : "case studies";
      count.textContent = any ? "Showing " + found.length + " of " + total + " " + noun + "."
                              : "Showing all " + total + " " + noun + ".";
      if (none) none.hidden = found.length !== 0;
      return wanted;
    }

    function writeAddress(wanted, push) {
      var url = address(wanted, page) + window.location.hash;
      if (push) window.history.pushState(window.history.state, "", url);
      else window.history.replaceState(window.history.state, "", url);
    }

    function readAddress() {
      var params = new URLSearchParams(window.location.search);
      groups.forEach(function (g) {
        var want = params.getAll(g.key);
        g.boxes.forEach(function (b) { b.checked = want.indexOf(b.value) !== -1; });
        if (want.length) g.el.open = true;
      });
      page = Math.max(1, parseInt(params.get("page"), 10) || 1);
    }

    // The first sign that the reader means to filter fetches the list, so it is there by the first tick.
    ["focusin", "pointerdown", "toggle"].forEach(function (type) {
      form.addEventListener(type, function () { load(); }, { once: true, capture: true });
    });
    form.addEventListener("change", function () { page = 1; writeAddress(apply(), false); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function () {
      // The browser clears the boxes after this event; filter once it has.
      window.setTimeout(function () {
        page = 1;
        writeAddress(apply(), false);
        count.focus();
      }, 0);
    });
    if (pager) {
      pager.addEventListener("click", function (event) {
        var link = event.target.closest && event.target.closest("a[data-page]");
        if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button) return;
        event.preventDefault();
        page = parseInt(link.getAttribute("data-page"), 10) || 1;
        var wanted = chosen();
        writeAddress(wanted, true);
        // The new page starts at the top of the list, with focus there for screen readers.
        load().then(function () {
          apply();
          if (heading) heading.focus();
        }, function () {
          window.location.replace(link.href);  // without the list, the plain page still works
        });
      });
    }
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
