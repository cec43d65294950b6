// Material's menu button is a <label> for a hidden checkbox, which a keyboard cannot reach or press.
// Make it a focusable, named button that Enter and Space press (focus moves into the menu), and let
// Escape close the open menu, returning focus to the button.
(function () {
  var toggle = document.getElementById("__drawer");
  var button = document.querySelector('label.md-header__button[for="__drawer"]');
  if (!toggle || !button) return;
  button.setAttribute("role", "button");
  button.setAttribute("tabindex", "0");
  button.setAttribute("aria-label", "Menu");
  button.setAttribute("aria-controls", "__drawer");
  function sync() { button.setAttribute("aria-expanded", toggle.checked ? "true" : "false"); }
  sync();
  toggle.addEventListener("change", sync);
  button.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" && event.key !== " ") return;
    event.preventDefault();
    event.stopPropagation();  // Material's own key handling would otherwise close the menu again
    toggle.checked = !toggle.checked;
    toggle.dispatchEvent(new Event("change", { bubbles: true }));
    sync();
    // Opened: move focus to the first link in the menu.
    var first = toggle.checked && document.querySelector(".md-sidebar--primary a[href]");
    if (first) first.focus();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !toggle.checked) return;
    toggle.checked = false;
    toggle.dispatchEvent(new Event("change", { bubbles: true }));
    sync();
    button.focus();
  });
})();
