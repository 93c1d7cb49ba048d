// The network page: choosing a municipality (click, or Enter on its link) lights up its ties and
// partners and lists them with the arrangements they share. Without this script each municipality
// links to its row in the table below, which holds the same facts.
(function () {
  "use strict";
  var source = document.getElementById("nettverk-data");
  var svg = document.querySelector("svg.network");
  var panel = document.getElementById("nettverk-panel");
  if (!source || !svg || !panel) return;
  var data = JSON.parse(source.textContent);
  var text = function (tag, value, cls) {
    var el = document.createElement(tag);
    if (value !== undefined) el.textContent = value;
    if (cls) el.className = cls;
    return el;
  };
  var prefix = panel.getAttribute("data-arr-prefix") || "/ordninger/";
  var year = panel.getAttribute("data-year") || "";
  var word = function (name) { return panel.getAttribute("data-" + name) || name; };

  function clear() {
    svg.classList.remove("focused");
    svg.querySelectorAll(".on, .partner, .hot").forEach(function (el) {
      el.classList.remove("on", "partner", "hot");
    });
  }

  function show(k) {
    var m = data.municipalities[k];
    if (!m) return;
    clear();
    svg.classList.add("focused");
    var partners = {};
    m.partners.forEach(function (p) { partners[p[0]] = true; });
    svg.querySelectorAll("a.node").forEach(function (a) {
      var key = a.getAttribute("data-k");
      if (key === k) a.classList.add("on");
      else if (partners[key]) a.classList.add("partner");
    });
    svg.querySelectorAll("line[data-a]").forEach(function (line) {
      if (line.getAttribute("data-a") === k || line.getAttribute("data-b") === k) {
        line.classList.add("hot");
      }
    });
    panel.replaceChildren();
    var heading = text("h2", data.names[k]);
    heading.id = "panel-h";
    panel.appendChild(heading);
    var facts = m.region + (m.council ? " · " + m.council : "") + (m.swing ? " · " + word("swing") : "");
    panel.appendChild(text("p", facts));
    panel.appendChild(text("p", m.partners.length + " " + word(m.partners.length === 1 ? "partner" : "partners")));
    var list = text("ul", undefined, "partners");
    m.partners.forEach(function (p) {
      var item = text("li");
      var name = data.names[p[0]] + (data.counties[p[0]] ? " (" + data.counties[p[0]] + ")" : "");
      item.appendChild(text("strong", name));
      item.appendChild(document.createTextNode(": " + p[1] + " " + word(p[1] === 1 ? "one" : "many")));
      var inner = text("ul");
      p[2].forEach(function (i) {
        var arrangement = data.arrangements[i];
        var li = text("li");
        var link = text("a", arrangement[1]);
        link.href = prefix + encodeURIComponent(arrangement[0]) + "/?ar=" + year;
        li.appendChild(link);
        inner.appendChild(li);
      });
      item.appendChild(inner);
      list.appendChild(item);
    });
    panel.appendChild(list);
    var reset = text("button", word("reset"), "link");
    reset.type = "button";
    reset.addEventListener("click", function () {
      clear();
      var node = svg.querySelector('a.node[data-k="' + k + '"]');
      if (node) node.focus();
    });
    panel.appendChild(reset);
  }

  svg.addEventListener("click", function (event) {
    var node = event.target.closest("a.node");
    if (!node) return;
    event.preventDefault();
    show(node.getAttribute("data-k"));
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") clear();
  });
})();
