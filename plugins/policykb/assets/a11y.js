/*
 * 适老化 reading aids: larger text (two steps beyond normal) and a high-contrast
 * mode, as buttons in the header. The choice is kept in localStorage and set
 * on <html> as classes (kb-text-1, kb-text-2, kb-contrast); the inline script
 * in the theme's main.html applies it before the first paint, this script
 * again for sites without that template. Written for old browser cores
 * (ES5, no optional chaining): it also marks <html> with kb-no-flexgap where
 * flex boxes ignore `gap` (Chromium before 84), for the fallbacks in kb.css.
 */
(function () {
  "use strict";
  var KEY = "policykb.a11y";
  var SIZES = ["标准", "大", "特大"];
  var root = document.documentElement;

  function load() {
    try {
      var saved = JSON.parse(window.localStorage.getItem(KEY) || "{}");
      var size = parseInt(saved.size, 10);
      return { size: size >= 0 && size < SIZES.length ? size : 0, contrast: saved.contrast === true };
    } catch (e) {
      return { size: 0, contrast: false };
    }
  }

  function save(state) {
    try { window.localStorage.setItem(KEY, JSON.stringify(state)); } catch (e) { /* private mode: this page only */ }
  }

  function apply(state) {
    for (var i = 1; i < SIZES.length; i++) root.classList.toggle("kb-text-" + i, state.size === i);
    root.classList.toggle("kb-contrast", state.contrast);
  }

  function button(label, glyph, onClick) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "kb-a11y__button";
    b.title = label;
    var mark = document.createElement("span");
    mark.setAttribute("aria-hidden", "true");
    mark.textContent = glyph;
    var text = document.createElement("span");
    text.className = "kb-a11y__text";
    text.textContent = label;
    b.appendChild(mark);
    b.appendChild(text);
    b.addEventListener("click", onClick);
    return b;
  }

  function controls() {
    var header = document.querySelector(".md-header__inner");
    if (!header || header.querySelector(".kb-a11y")) return;
    var state = load();
    var group = document.createElement("div");
    group.className = "kb-a11y";
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", "阅读辅助：字号和对比度");
    var smaller = button("缩小字号", "A−", function () { change(-1); });
    var larger = button("放大字号", "A+", function () { change(1); });
    var contrast = button("高对比度", "◐", function () {
      state.contrast = !state.contrast;
      update();
    });
    var status = document.createElement("span");
    status.className = "kb-a11y__text";
    status.setAttribute("role", "status");
    status.style.position = "absolute";
    status.style.width = "1px";
    status.style.height = "1px";
    status.style.overflow = "hidden";
    status.style.clip = "rect(0 0 0 0)";

    function change(step) {
      state.size = Math.max(0, Math.min(SIZES.length - 1, state.size + step));
      update();
    }

    function update() {
      apply(state);
      save(state);
      smaller.disabled = state.size === 0;
      larger.disabled = state.size === SIZES.length - 1;
      larger.setAttribute("data-kb-size", SIZES[state.size]);
      contrast.setAttribute("aria-pressed", state.contrast ? "true" : "false");
      status.textContent = "字号：" + SIZES[state.size] + "；高对比度：" + (state.contrast ? "开" : "关");
    }

    group.appendChild(smaller);
    group.appendChild(larger);
    group.appendChild(contrast);
    group.appendChild(status);
    var anchor = header.querySelector("form.md-header__option, .md-header__option, label.md-header__button[for=__search]");
    header.insertBefore(group, anchor);
    /* keep the pressed/disabled states right without announcing on load */
    apply(state);
    smaller.disabled = state.size === 0;
    larger.disabled = state.size === SIZES.length - 1;
    contrast.setAttribute("aria-pressed", state.contrast ? "true" : "false");
  }

  function flexGap() {
    var box = document.createElement("div");
    box.style.cssText = "display:flex;flex-direction:column;row-gap:1px;position:absolute;visibility:hidden";
    box.appendChild(document.createElement("div"));
    box.appendChild(document.createElement("div"));
    document.body.appendChild(box);
    var ok = box.scrollHeight === 1;
    document.body.removeChild(box);
    return ok;
  }

  apply(load());
  function setup() {
    controls();
    if (!flexGap()) root.classList.add("kb-no-flexgap");
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
  else setup();
})();
