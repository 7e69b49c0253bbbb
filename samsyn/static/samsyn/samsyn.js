// Samsyn's only script of its own: no inline scripts anywhere (strict CSP).
document.addEventListener("DOMContentLoaded", function () {
  // Move focus to the error summary so screen-reader users hear what to fix.
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
  // Buttons marked data-confirm ask before a destructive or irreversible action.
  document.body.addEventListener("click", function (event) {
    var el = event.target.closest("[data-confirm]");
    if (el && !window.confirm(el.getAttribute("data-confirm"))) { event.preventDefault(); }
    // A suggested category's button picks that category on the form (issue 19).
    var pick = event.target.closest("[data-pick-category]");
    if (pick) {
      var radio = document.querySelector(
        'input[name="category"][value="' + pick.getAttribute("data-pick-category") + '"]');
      if (radio) { radio.checked = true; radio.focus(); }
    }
  });
});
