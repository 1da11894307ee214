/*
 * Offline stand-in for Mermaid. Material for MkDocs fetches Mermaid from the
 * internet when a page holds a diagram; the intranet has no internet, so this
 * stand-in is defined first and Material never fetches. A diagram is shown as
 * its source text instead of a drawing.
 */
(function () {
  "use strict";
  if (typeof window.mermaid !== "undefined") return;
  function escape(text) {
    return String(text).replace(/[&<>"]/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;" }[c];
    });
  }
  window.mermaid = {
    initialize: function () {},
    render: function (id, code) {
      return Promise.resolve({
        svg: "<pre style=\"white-space:pre-wrap\">" + escape(code) + "</pre>",
        bindFunctions: function () {}
      });
    }
  };
})();
