/* Tangguh — the little JavaScript the pages need beyond htmx. No build step, no network. */
(function () {
  "use strict";
  // The language switch returns to the page as it is now: htmx may have changed the
  // address (a live search pushes ?q=...) since the form's "next" was rendered.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.classList && form.classList.contains("lang-switch") && form.elements.next) {
      form.elements.next.value = window.location.pathname + window.location.search;
    }
  });
})();
