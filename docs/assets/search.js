// Site search with Pagefind, inside Material's search box and dialog (overrides/partials/search.html).
// Nothing is fetched until the reader opens search: then pagefind/pagefind.js loads, and each query fetches
// only the index chunks and result fragments it needs. Results are announced through a status line.
(function () {
  var root = document.querySelector("[data-sv-search]");
  var toggle = document.getElementById("__search");
  if (!root || !toggle) return;
  var input = document.getElementById("sv-search-input");
  var list = document.getElementById("sv-search-results");
  var status = document.getElementById("sv-search-status");
  var opener = document.querySelector(".sv-search-button");
  var form = root.querySelector("form");
  var intro = status.innerHTML;
  // The site's own path, such as /social-value-reference/ when published (base_url is relative).
  var site = new URL((root.getAttribute("data-sv-base") || ".") + "/", window.location.href);
  var MAX = 10;
  var engine = null;
  var asked = 0;
  var timer = null;

  function load() {
    if (!engine) {
      engine = import(new URL("pagefind/pagefind.js", site).href).then(function (pagefind) {
        return pagefind.options({ baseUrl: site.pathname, excerptLength: 24 }).then(function () {
          pagefind.init();
          return pagefind;
        });
      });
      engine.catch(function () {
        status.textContent = "Search is not available here: the search index was not found. " +
          "It is made by `make build` (scripts/build.py), or by `mkdocs serve` when Pagefind is installed.";
      });
    }
    return engine;
  }

  function setOpen(open) {
    if (toggle.checked !== open) {
      toggle.checked = open;
      toggle.dispatchEvent(new Event("change", { bubbles: true }));
    }
    if (opener) opener.setAttribute("aria-expanded", open ? "true" : "false");
  }

  function open() {
    setOpen(true);
    load();
    if (document.activeElement !== input) input.focus();
  }

  function close(returnFocus) {
    setOpen(false);
    if (returnFocus && opener && opener.offsetParent !== null) opener.focus();
    else input.blur();
  }

  function text(tag, cls, value) {
    var el = document.createElement(tag);
    if (cls) el.className = cls;
    el.textContent = value;
    return el;
  }

  // Pagefind's excerpt is HTML with <mark> around the matched words; the page text in it is escaped.
  // Rebuild it from text and <mark> nodes only, so nothing else from the index becomes markup.
  function excerpt(html) {
    var p = document.createElement("p");
    p.className = "sv-search-excerpt";
    var parsed = new DOMParser().parseFromString("<body>" + html + "</body>", "text/html").body;
    parsed.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") p.appendChild(text("mark", "", node.textContent));
      else p.appendChild(document.createTextNode(node.textContent));
    });
    return p;
  }

  function show(query, results, total) {
    list.textContent = "";
    results.forEach(function (r) {
      var li = document.createElement("li");
      li.className = "md-search-result__item";
      var a = document.createElement("a");
      a.className = "md-search-result__link";
      a.href = r.url;
      var article = document.createElement("article");
      article.className = "md-search-result__article md-typeset";
      var title = text("h2", "sv-search-title", (r.meta && r.meta.title) || r.url);
      article.appendChild(title);
      if (r.meta && r.meta.kind) article.appendChild(text("p", "sv-search-kind", r.meta.kind));
      article.appendChild(excerpt(r.excerpt || ""));
      a.appendChild(article);
      li.appendChild(a);
      list.appendChild(li);
    });
    if (!total) {
      status.textContent = "No pages match \u201c" + query + "\u201d. Try fewer or other words, or browse ";
      var index = document.createElement("a");
      index.href = new URL("case-studies/", site).href;
      index.textContent = "all case studies";
      status.appendChild(index);
      status.appendChild(document.createTextNode("."));
    } else {
      status.textContent = (total === 1 ? "1 page matches" : total + " pages match") + " \u201c" + query + "\u201d" +
        (total > results.length ? ", the first " + results.length + " shown." : ".") +
        " Use the down arrow to move through the results.";
    }
  }

  function run() {
    var query = input.value.trim();
    var mine = ++asked;
    if (!query) {
      list.textContent = "";
      status.innerHTML = intro;
      return;
    }
    load().then(function (pagefind) {
      return pagefind.search(query).then(function (search) {
        return Promise.all(search.results.slice(0, MAX).map(function (r) { return r.data(); }))
          .then(function (data) { if (mine === asked) show(query, data, search.results.length); });
      });
    }).catch(function () { /* the message is already shown by load() */ });
  }

  input.addEventListener("focus", open);
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(run, 120);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    run();
  });
  if (opener) opener.addEventListener("click", open);
  toggle.addEventListener("change", function () {
    if (opener) opener.setAttribute("aria-expanded", toggle.checked ? "true" : "false");
    if (toggle.checked) { load(); input.focus(); }
  });

  // Focus moving out of the search (Tab past the results, a click elsewhere) closes it, as in Material.
  root.addEventListener("focusout", function (event) {
    var to = event.relatedTarget;
    if (to && !root.contains(to) && to !== opener) setOpen(false);
  });

  function links() { return Array.prototype.slice.call(list.querySelectorAll("a")); }

  root.addEventListener("keydown", function (event) {
    var all = links();
    var at = all.indexOf(document.activeElement);
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!all.length) return;
      event.preventDefault();
      event.stopPropagation();
      var next = event.key === "ArrowDown" ? at + 1 : at - 1;
      if (at === -1) next = event.key === "ArrowDown" ? 0 : all.length - 1;
      if (next < 0) { input.focus(); return; }
      all[Math.min(next, all.length - 1)].focus();
    } else if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      close(true);
    }
  }, true);

  // "/" or "s" opens search from anywhere except a text field (Material's shortcuts, which its own search had).
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var el = document.activeElement;
    var typing = el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
    if (!typing && (event.key === "/" || event.key === "s" || event.key === "f")) {
      event.preventDefault();
      open();
    }
  });
})();
