/* Search as you type or paste: Material's search reads the box on key events, so a query pasted
 * from a menu, dropped in, or finished by an input method without a key press found nothing
 * until a key was pressed. Every change of the box counts. */
(function () {
  "use strict";
  var box = document.querySelector("input.md-search__input");
  if (!box) return;
  box.addEventListener("input", function () {
    box.dispatchEvent(new KeyboardEvent("keyup"));
  });
})();
