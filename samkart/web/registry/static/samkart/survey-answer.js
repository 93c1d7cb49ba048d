// The chief executive's answer form: saves on every change (samkart/web/survey/views.py answer).
// Texts come translated: the saved message from the server, the failure text from data-failed.
(function () {
  var form = document.getElementById("svarskjema"), status = document.getElementById("lagret");
  var token = form.querySelector("[name=csrfmiddlewaretoken]").value;
  function save() {
    var data = {};
    new FormData(form).forEach(function (v, k) { if (k !== "csrfmiddlewaretoken") data[k] = v; });
    data.send = "0";
    fetch(window.location.pathname, { method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token }, body: JSON.stringify(data) })
      .then(function (r) { return r.json(); })
      .then(function (r) { status.textContent = r.message; })
      .catch(function () { status.textContent = status.dataset.failed; });
  }
  form.addEventListener("change", save);
})();
