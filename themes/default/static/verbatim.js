// verbatim: sortable ranking tables, filters, and "copy link". No dependencies;
// every page is fully readable without this script.
(function () {
  "use strict";

  // Words sort as a reader expects: "Émile" beside "Emile", "10" after "9".
  var collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });

  function cellValue(row, index, numeric) {
    var cell = row.cells[index];
    var raw = cell.getAttribute("data-sort");
    if (raw === null) raw = cell.textContent.trim();
    return numeric ? parseFloat(raw) || 0 : raw;
  }

  function makeSortable(table) {
    var headers = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(headers, function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        var numeric = th.getAttribute("data-type") === "number";
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(headers, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = cellValue(a, index, numeric), y = cellValue(b, index, numeric);
          var order = numeric ? x - y : collator.compare(x, y);
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }

  function setUpFilters(form) {
    form.hidden = false;
    var bucket = form.querySelector('[data-filter="bucket"]');
    var status = form.querySelector('[data-filter="status"]');
    var hideDone = form.querySelector('[data-filter="hide-done"]');
    // Says how many rows a filter left, for everyone and for screen readers.
    var count = document.createElement("p");
    count.className = "filter-count";
    count.setAttribute("role", "status");
    form.appendChild(count);
    function apply() {
      var shown = 0, total = 0;
      document.querySelectorAll(".bucket-section").forEach(function (section) {
        section.hidden = !!bucket.value && section.getAttribute("data-bucket") !== bucket.value;
        section.querySelectorAll("tbody tr").forEach(function (row) {
          var s = row.getAttribute("data-status"), v = row.getAttribute("data-verdict");
          var show = !status.value || s === status.value || v === status.value;
          if (hideDone.checked && (s === "scaled" || s === "dropped" || v === "validated")) show = false;
          row.hidden = !show;
          total++;
          if (show && !section.hidden) shown++;
        });
      });
      count.textContent = "Showing " + shown + " of " + total + " opportunities";
    }
    [bucket, status, hideDone].forEach(function (el) { el.addEventListener("change", apply); });
    apply();
  }

  function setUpCopy(button) {
    var status = button.parentNode.querySelector(".copy-status");
    button.hidden = false;
    button.addEventListener("click", function () {
      var url = button.getAttribute("data-url") || window.location.href.split("#")[0];
      function done(ok) {
        if (status) status.textContent = ok ? "Link copied" : "Copy this link: " + url;
      }
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(url).then(function () { done(true); }, function () { done(false); });
      } else {
        done(false);
      }
    });
  }

  document.querySelectorAll("table.sortable").forEach(makeSortable);
  document.querySelectorAll("form.filters").forEach(setUpFilters);
  document.querySelectorAll("button.copy-link").forEach(setUpCopy);
})();
