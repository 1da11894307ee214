/*
 * Material's search reacts to key-up events only, so text pasted with the
 * mouse or committed from an input method (Chinese IME) searches nothing until
 * another key is pressed. Forward every change of the box's text as a key-up.
 */
(function () {
  "use strict";
  function forward(event) {
    var box = event.target;
    if (!box || !box.matches || !box.matches("[data-md-component=search-query]")) return;
    if (event.isComposing) return;  /* wait for compositionend */
    box.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
  }
  document.addEventListener("input", forward, true);
  document.addEventListener("compositionend", forward, true);
})();
