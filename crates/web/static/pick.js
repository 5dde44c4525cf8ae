// Person fields (components/person_pick.html): lists the people a name
// matches as one types, as radio buttons inside the form, from
// POST /people/pick (the name goes in the body, never the URL). Without
// this script the "Search" button does the same through a page of its
// own. No library, no inline code: the CSP allows scripts from dugu only.
(function () {
  "use strict";
  if (window.duguPick) { return; }
  window.duguPick = true;

  function setup(box) {
    var name = box.getAttribute("data-pick");
    // By the box, not by id: on a page of several forms the field's id is
    // its form's name and its own (components/form_problem.html).
    var input = box.querySelector(".pick-search input");
    var form = box.closest("form");
    if (!input || !form || !form.elements.csrf) { return; }
    var timer = null;
    var asked = 0;

    function list() {
      var l = document.getElementById(input.id + "-matches");
      if (!l) {
        l = document.createElement("fieldset");
        l.id = input.id + "-matches";
        l.className = "pick-list";
        l.setAttribute("aria-live", "polite");
        box.appendChild(l);
      }
      return l;
    }

    function show(answer) {
      var l = list();
      while (l.firstChild) { l.removeChild(l.firstChild); }
      if (!answer.summary) { l.hidden = true; return; }
      l.hidden = false;
      var legend = document.createElement("legend");
      legend.textContent = answer.summary;
      l.appendChild(legend);
      answer.items.forEach(function (m) {
        var label = document.createElement("label");
        label.className = "pick-choice";
        var radio = document.createElement("input");
        radio.type = "radio";
        radio.name = name + "_pick";
        radio.value = m.id;
        var text = document.createElement("span");
        var strong = document.createElement("strong");
        strong.textContent = m.name;
        var detail = document.createElement("span");
        detail.className = "pick-detail";
        detail.textContent = m.detail;
        text.appendChild(strong);
        text.appendChild(document.createTextNode(" "));
        text.appendChild(detail);
        label.appendChild(radio);
        label.appendChild(document.createTextNode(" "));
        label.appendChild(text);
        l.appendChild(label);
      });
    }

    function search() {
      var q = input.value.trim();
      var mine = ++asked;
      var body = new URLSearchParams();
      body.set("csrf", form.elements.csrf.value);
      body.set("q", q);
      body.set("only", box.getAttribute("data-only") || "");
      fetch("/people/pick", { method: "POST", body: body, credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (answer) { if (answer && mine === asked) { show(answer); } })
        .catch(function () { /* the Search button still works */ });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(search, 300);
    });
  }

  document.querySelectorAll("[data-pick]").forEach(setup);
})();
