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
  // A table wider than the screen scrolls inside its box: the box is then reachable by
  // keyboard and announced, named after its table (WCAG 1.4.10, 2.1.1).
  var markScrollingTables = function () {
    document.querySelectorAll(".site-main table").forEach(function (table) {
      var box = table.parentElement;
      if (box.classList.contains("site-main") || box.scrollWidth <= box.clientWidth + 1) { return; }
      if (!box.hasAttribute("tabindex")) { box.setAttribute("tabindex", "0"); }
      if (box.hasAttribute("role")) { return; }
      box.setAttribute("role", "region");
      var labelledBy = table.getAttribute("aria-labelledby");
      var caption = table.querySelector("caption");
      if (labelledBy) { box.setAttribute("aria-labelledby", labelledBy); }
      else if (caption) { box.setAttribute("aria-label", caption.textContent.trim()); }
      else { box.setAttribute("aria-label", document.body.getAttribute("data-scroll-label")); }
    });
  };
  markScrollingTables();
  window.addEventListener("resize", markScrollingTables);
  document.body.addEventListener("htmx:afterSettle", markScrollingTables);
  // What only a page without script needs (a button that re-renders the page where this
  // script updates it in place) goes: it would also be the form's default button.
  var removeWithoutScript = function (root) {
    root.querySelectorAll("[data-without-script]").forEach(function (el) { el.remove(); });
  };
  removeWithoutScript(document);
  document.body.addEventListener("htmx:afterSettle", function () { removeWithoutScript(document); });
  // A case page's move fetched into its place (issue 24): focus goes to its first field, so
  // the keyboard and the screen reader land where the fetched form is.
  document.body.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail.target;
    if (!target || !target.matches("#next-move, .lazy-move__body")) { return; }
    var field = target.querySelector("input:not([type=hidden]), select, textarea, button");
    if (field) { field.focus(); }
  });
  // A long list of checkboxes gets a box that filters it as one types (issue 24 item 4);
  // chosen boxes stay in view. Without this script the whole list is shown.
  document.querySelectorAll("[data-choice-filter]").forEach(function (input) {
    var group = document.getElementById(input.getAttribute("data-choice-filter"));
    var box = input.closest(".choice-filter");
    var status = document.getElementById(input.getAttribute("aria-describedby"));
    var choices = group.querySelectorAll("[data-choice]");
    var update = function () {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      choices.forEach(function (choice) {
        var text = choice.textContent.toLowerCase();
        var checked = choice.querySelector("input").checked;
        var match = checked || words.every(function (w) { return text.indexOf(w) !== -1; });
        choice.hidden = !match;
        if (match) { shown += 1; }
      });
      status.textContent = words.length ? status.getAttribute("data-template")
        .replace("{shown}", shown).replace("{total}", choices.length) : "";
    };
    box.hidden = false;
    input.addEventListener("input", update);
  });
  // A history import shows how far it has come while the page waits for it (issue 21).
  document.querySelectorAll("form[data-import-progress]").forEach(function (form) {
    form.addEventListener("submit", function () {
      var box = form.querySelector(".import-progress");
      var bar = box.querySelector("progress");
      var text = box.querySelector("[data-progress-text]");
      box.hidden = false;
      form.querySelector("button[type=submit]").disabled = true;
      window.setInterval(function () {
        fetch(form.getAttribute("data-import-progress"), { credentials: "same-origin" })
          .then(function (r) { return r.json(); })
          .then(function (p) {
            if (p.done) { bar.value = p.done; text.textContent = p.done + " / " + p.total; }
          })
          .catch(function () {});
      }, 1000);
    });
  });
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
