/* Tangguh — the main navigation as a menu on narrow screens (base.html, tangguh.css "navigation menu").
   Loaded without defer: the "js" class is set before the first paint, so a phone shows the
   menu closed from the start. Without JavaScript the navigation stays a row that scrolls. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function setOpen(nav, open) {
    nav.classList.toggle("nav-open", open);
    var button = nav.querySelector(".nav-toggle");
    if (button) { button.setAttribute("aria-expanded", open ? "true" : "false"); }
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".nav-toggle");
    if (button) {
      var nav = button.closest(".sidebar");
      setOpen(nav, !nav.classList.contains("nav-open"));
    }
  });
  // Escape closes an open menu and returns the focus to its button.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    var nav = document.querySelector(".sidebar.nav-open");
    if (nav) {
      setOpen(nav, false);
      nav.querySelector(".nav-toggle").focus();
    }
  });
})();
