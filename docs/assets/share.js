/* Copy buttons and today's date for the "Cite or link to this case study" box.
   Progressive enhancement: without JavaScript the link, citation and snippets are plain, selectable text,
   the buttons stay hidden and the citation asks the reader to add the date. No third-party code. */
(function () {
  "use strict";

  function today() {
    return new Date().toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
  }

  function setUp() {
    var box = document.querySelector(".cs-cite");
    if (!box || box.getAttribute("data-ready")) {
      return;
    }
    box.setAttribute("data-ready", "true");
    box.querySelectorAll(".cs-accessed").forEach(function (span) {
      span.textContent = today();
    });
    if (!navigator.clipboard || !window.isSecureContext) {
      return; // no clipboard here: the buttons stay hidden and the text can still be selected
    }
    var status = box.querySelector(".cs-copy-status");
    box.querySelectorAll("button[data-copy]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var source = document.getElementById(button.getAttribute("data-copy"));
        var text = source.textContent.replace(/\s+/g, " ").trim();
        navigator.clipboard.writeText(text).then(function () {
          status.textContent = "Copied: " + button.textContent.replace(/^Copy /, "") + ".";
        }, function () {
          status.textContent = "Could not copy. Select the text and copy it instead.";
        });
      });
    });
  }

  // Material's document$ fires on every page, including pages reached by instant navigation.
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(setUp);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();

/* Breadcrumbs on a case-study page. Without JavaScript they lead to the home page and the case-study list.
   Here, a reader who came from a filtered list goes back to that list, filters and all, and one who came
   from a topic page the case study links to gets that topic page as a step of the way back. */
(function () {
  "use strict";

  function setUp() {
    var back = document.querySelector(".cs-breadcrumbs [data-cs-back]");
    if (!back || back.getAttribute("data-ready") || !document.referrer) return;
    back.setAttribute("data-ready", "true");
    var from;
    try { from = new URL(document.referrer); } catch (e) { return; }
    if (from.origin !== window.location.origin) return;
    var list = new URL(back.getAttribute("href"), window.location.href);
    if (from.pathname === list.pathname) {
      back.href = from.href;  // the list as the reader left it, with its filters
      return;
    }
    var topic = Array.prototype.find.call(document.querySelectorAll(".cs-summary dd a[href]"), function (a) {
      return new URL(a.getAttribute("href"), window.location.href).pathname === from.pathname;
    });
    if (!topic) return;
    var term = topic.closest("dd").previousElementSibling;
    var item = document.createElement("li");
    var link = document.createElement("a");
    link.href = from.href;
    link.textContent = (term && term.tagName === "DT" ? term.textContent + ": " : "") + topic.textContent;
    item.appendChild(link);
    back.parentNode.parentNode.insertBefore(item, back.parentNode.nextSibling);
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(setUp);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
