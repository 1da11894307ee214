/*
 * Sortable, filterable tables without any external library: inside a
 * <div class="kb-table" data-kb-filter="列名">, clicking a header sorts the
 * table (numbers as numbers, Chinese by pinyin), and a select box above it
 * shows only the rows whose filter column contains the chosen value.
 */
(function () {
  "use strict";
  var collator = new Intl.Collator("zh-Hans-CN-u-co-pinyin", { numeric: true });

  function cellText(row, i) {
    var cell = row.cells[i];
    return cell ? cell.textContent.trim() : "";
  }

  function compare(a, b) {
    var x = parseFloat(a), y = parseFloat(b);
    if (!isNaN(x) && !isNaN(y)) return x - y;
    return collator.compare(a, b);
  }

  function makeSortable(table) {
    var headers = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(headers, function (th, i) {
      th.style.cursor = "pointer";
      th.title = "点击排序";
      th.addEventListener("click", function () {
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var asc = th.getAttribute("data-kb-sort") !== "asc";
        Array.prototype.forEach.call(headers, function (h) { h.removeAttribute("data-kb-sort"); });
        th.setAttribute("data-kb-sort", asc ? "asc" : "desc");
        rows.sort(function (a, b) {
          var r = compare(cellText(a, i), cellText(b, i));
          return asc ? r : -r;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }

  function makeFilter(box, table) {
    var column = box.getAttribute("data-kb-filter");
    var headers = Array.prototype.map.call(table.tHead.rows[0].cells, function (c) { return c.textContent.trim(); });
    var index = headers.indexOf(column);
    if (index < 0) return;
    var values = {};
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
      cellText(row, index).split("、").forEach(function (v) { if (v) values[v] = true; });
    });
    var select = document.createElement("select");
    select.className = "kb-table-filter";
    select.setAttribute("aria-label", "按" + column + "筛选");
    [""].concat(Object.keys(values).sort(collator.compare)).forEach(function (v) {
      var option = document.createElement("option");
      option.value = v;
      option.textContent = v || "全部" + column;
      select.appendChild(option);
    });
    var count = document.createElement("span");
    count.className = "kb-table-count";
    function apply() {
      var shown = 0;
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        var ok = !select.value || cellText(row, index).split("、").indexOf(select.value) >= 0;
        row.hidden = !ok;
        if (ok) shown++;
      });
      count.textContent = "显示 " + shown + " 项";
    }
    select.addEventListener("change", apply);
    box.insertBefore(count, box.firstChild);
    box.insertBefore(select, box.firstChild);
    apply();
  }

  function setup() {
    document.querySelectorAll(".kb-table").forEach(function (box) {
      var table = box.querySelector("table");
      if (!table || box.getAttribute("data-kb-ready")) return;
      box.setAttribute("data-kb-ready", "1");
      makeSortable(table);
      if (box.getAttribute("data-kb-filter")) makeFilter(box, table);
    });
  }
  if (typeof document$ !== "undefined") document$.subscribe(setup);  /* Material's instant loading */
  else document.addEventListener("DOMContentLoaded", setup);
})();
