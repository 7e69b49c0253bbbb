// Samsyn's only script of its own: no inline scripts anywhere (strict CSP).
document.addEventListener("DOMContentLoaded", function () {
  // Move focus to the error summary so screen-reader users hear what to fix.
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
  // On a phone the main menu folds behind its button (WCAG 1.4.10: it took 40 % of the first
  // screen). Without this script the button stays hidden and the menu open.
  var toggle = document.querySelector(".site-nav__toggle");
  if (toggle) {
    var nav = toggle.closest(".site-nav");
    nav.classList.add("site-nav--foldable");
    toggle.hidden = false;
    var setOpen = function (open) {
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      nav.classList.toggle("site-nav--open", open);
    };
    toggle.addEventListener("click", function () {
      setOpen(toggle.getAttribute("aria-expanded") !== "true");
    });
    nav.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") {
        setOpen(false);
        toggle.focus();
      }
    });
  }
  // Buttons marked data-confirm ask before a destructive or irreversible action.
  document.body.addEventListener("click", function (event) {
    var el = event.target.closest("[data-confirm]");
    if (el && !window.confirm(el.getAttribute("data-confirm"))) { event.preventDefault(); }
  });
});
