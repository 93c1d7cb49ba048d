// Sortable tables: each column heading is a button; a click sorts by that column, a second click
// reverses. Numbers sort by their raw value (data-v), text in Norwegian order. aria-sort tells
// screen readers the current order. No dependencies, nothing loaded from the network.
(function () {
  var collator = new Intl.Collator("nb", { numeric: true, sensitivity: "base" });
  document.querySelectorAll("table.sortable").forEach(function (table) {
    var heads = table.querySelectorAll("thead th");
    heads.forEach(function (th, index) {
      var button = th.querySelector("button");
      if (!button) return;
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var numeric = th.getAttribute("data-type") === "num";
        rows.sort(function (a, b) {
          var x = a.cells[index], y = b.cells[index], r;
          if (numeric) {
            var vx = x.hasAttribute("data-v") ? parseFloat(x.getAttribute("data-v")) : -Infinity;
            var vy = y.hasAttribute("data-v") ? parseFloat(y.getAttribute("data-v")) : -Infinity;
            r = vx - vy;
          } else {
            r = collator.compare(x.textContent.trim(), y.textContent.trim());
          }
          return ascending ? r : -r;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });
})();
