// The menu button (overrides/partials/header.html): a real button that opens and closes Material's menu
// drawer, a hidden checkbox. Enter or Space opens it with focus on the first link; Escape closes the open
// menu and returns focus to the button. Without JavaScript, Material's label does the same by mouse or touch.
(function () {
  var toggle = document.getElementById("__drawer");
  var button = document.querySelector(".sv-menu-button");
  if (!toggle || !button) return;
  function sync() { button.setAttribute("aria-expanded", toggle.checked ? "true" : "false"); }
  function set(open) {
    toggle.checked = open;
    toggle.dispatchEvent(new Event("change", { bubbles: true }));
    sync();
  }
  sync();
  toggle.addEventListener("change", sync);
  button.addEventListener("click", function () { set(!toggle.checked); });
  button.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" && event.key !== " ") return;
    event.preventDefault();  // no click as well: the key opens the menu once
    event.stopPropagation();
    set(!toggle.checked);
    // Opened: move focus to the first link in the menu.
    var first = toggle.checked && document.querySelector(".md-sidebar--primary a[href]");
    if (first) first.focus();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !toggle.checked) return;
    set(false);
    button.focus();
  });
})();
