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
