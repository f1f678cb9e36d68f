// The receipt's print button (no inline handlers: the pages' Content-Security-Policy forbids them).
(function () {
  "use strict";
  var button = document.querySelector("[data-print]");
  if (button) button.addEventListener("click", function () { window.print(); });
})();
