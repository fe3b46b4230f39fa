/* Lists: the filter panel is a <details>, closed on a phone (the results come first) and
   opened here on wider screens. Without JavaScript it stays closed and opens on a click. */
(function () {
  "use strict";
  if (!window.matchMedia("(min-width: 601px)").matches) {
    return;
  }
  document.querySelectorAll("details[data-filter-panel]").forEach(function (panel) {
    panel.open = true;
  });
})();
