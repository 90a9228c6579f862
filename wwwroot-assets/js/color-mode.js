// Light or dark console (Bootstrap's colour modes): the choice made in this browser, else the
// system's. Loaded in <head> without defer, so the page is drawn in its colours from the start
// rather than flashing light first.
(function () {
  "use strict";
  var storageKey = "notifyorleans-color-mode";
  var systemDark = window.matchMedia("(prefers-color-scheme: dark)");

  function chosen() {
    try { return localStorage.getItem(storageKey) || "auto"; } catch (e) { return "auto"; }
  }

  function apply() {
    var mode = chosen();
    var theme = mode === "auto" ? (systemDark.matches ? "dark" : "light") : mode;
    document.documentElement.setAttribute("data-bs-theme", theme);
    // For pieces that draw their own colours (the job page's charts).
    document.dispatchEvent(new CustomEvent("colormode", { detail: theme }));
  }

  apply();
  systemDark.addEventListener("change", apply);

  // The switch in the top bar: Auto (the system's), Light or Dark, remembered by this browser.
  document.addEventListener("DOMContentLoaded", function () {
    var select = document.getElementById("color-mode");
    if (!select) return;
    select.value = chosen();
    select.addEventListener("change", function () {
      try { localStorage.setItem(storageKey, select.value); } catch (e) { /* private mode: this page only */ }
      apply();
    });
  });
})();
