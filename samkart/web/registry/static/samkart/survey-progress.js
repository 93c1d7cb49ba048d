// A survey's response rate, refreshed every 15 seconds (samkart/web/survey/views.py detail).
(function () {
  function rows(list) { return list.map(function (c) { var tr = document.createElement("tr");
    [c.navn, c.svar, c.kommuner, c.prosent].forEach(function (v, i) { var td = document.createElement("td"); if (i) td.className = "num"; td.textContent = v; tr.appendChild(td); }); return tr; }); }
  setInterval(function () {
    fetch("?format=json", { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (p) {
      document.getElementById("svar-total").textContent = p.total_text;  // translated by the server
      var f = document.getElementById("svar-fylker"); f.replaceChildren.apply(f, rows(p.counties));
      var s = document.getElementById("svar-storrelse"); s.replaceChildren.apply(s, rows(p.sizes));
    });
  }, 15000);
})();
