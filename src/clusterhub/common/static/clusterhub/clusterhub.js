/* ClusterHub: progressive enhancement only. Every page works without this file.
   - a menu button on small screens
   - "Copy" buttons (API tokens)
   - keyboard-reachable, named scrolling tables; focus on the error summary of a refused form
   - search-as-you-type for NACE and NUTS code inputs (input[data-lookup]), an ARIA combobox
     that asks /api/v1/reference/{nace,nuts}?q=TEXT and fills in the chosen code.
   - "Suggest a code" beside NACE inputs with data-suggest-from: sends the description field's
     text to /api/v1/reference/nace/suggest and lists 5 classes, each a button filling the input.
   Texts shown to users come from data-i18n-* attributes on <body>, so they are translated. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function text(name, fallback) {
    return (document.body && document.body.dataset["i18n" + name]) || fallback;
  }

  /* Menu button on small screens */
  function setUpMenu() {
    var button = document.querySelector(".nav-toggle");
    var nav = document.getElementById("site-nav");
    if (!button || !nav) return;
    button.hidden = false;
    nav.dataset.collapsed = "true";
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") === "true";
      button.setAttribute("aria-expanded", String(!open));
      nav.dataset.collapsed = String(open);
    });
  }

  /* Copy buttons: <button data-copy="id-of-element-with-the-text"> */
  function setUpCopy() {
    document.querySelectorAll("[data-copy]").forEach(function (button) {
      if (!navigator.clipboard) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        var source = document.getElementById(button.dataset.copy);
        if (!source) return;
        navigator.clipboard.writeText(source.textContent.trim()).then(function () {
          var label = button.textContent;
          button.textContent = text("Copied", "Copied");
          setTimeout(function () { button.textContent = label; }, 2000);
        });
      });
    });
  }

  /* Code lookup combobox */
  var lookupCount = 0;

  function setUpLookup(input) {
    var kind = input.dataset.lookup;
    var multiple = input.dataset.multiple === "true";
    var apiRoot = (document.body.dataset.apiRoot || "/api/v1/").replace(/\/$/, "");
    var listId = (input.id || "lookup") + "-options-" + (++lookupCount);

    var wrapper = document.createElement("div");
    wrapper.className = "lookup";
    input.parentNode.insertBefore(wrapper, input);
    wrapper.appendChild(input);
    var list = document.createElement("ul");
    list.id = listId;
    list.className = "lookup-list";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    wrapper.appendChild(list);
    var status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    wrapper.appendChild(status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);

    var timer = null;
    var active = -1;
    var items = [];
    var lastQuery = "";

    function currentTerm() {
      if (!multiple) return input.value.trim();
      var parts = input.value.split(",");
      return parts[parts.length - 1].trim();
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function choose(index) {
      var item = items[index];
      if (!item) return;
      if (multiple) {
        var parts = input.value.split(",").map(function (p) { return p.trim(); });
        parts[parts.length - 1] = item.code;
        input.value = parts.filter(Boolean).join(", ") + ", ";
      } else {
        input.value = item.code;
      }
      close();
      input.focus();
      input.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function highlight(index) {
      var options = list.querySelectorAll("li");
      options.forEach(function (li, i) { li.setAttribute("aria-selected", String(i === index)); });
      active = index;
      if (options[index]) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      }
    }

    function render(results) {
      items = results;
      list.innerHTML = "";
      if (!results.length) {
        status.textContent = text("Nomatch", "No matches");
        close();
        return;
      }
      results.forEach(function (item, i) {
        var li = document.createElement("li");
        li.id = listId + "-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        var code = document.createElement("span");
        code.className = "code";
        code.textContent = item.code;
        li.appendChild(code);
        li.appendChild(document.createTextNode(item.title || item.name || ""));
        li.addEventListener("mousedown", function (event) {
          event.preventDefault();  // keep focus in the input
          choose(i);
        });
        list.appendChild(li);
      });
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      status.textContent = text("Results", "%s results").replace("%s", results.length);
      active = -1;
    }

    function search() {
      var term = currentTerm();
      if (term.length < 1 || term === lastQuery) return;
      lastQuery = term;
      var url = apiRoot + "/reference/" + kind + "?q=" + encodeURIComponent(term);
      if (kind === "nuts" && input.dataset.countryField) {
        var country = document.getElementById(input.dataset.countryField);
        if (country && country.value) url += "&country=" + encodeURIComponent(country.value);
      }
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : { items: [] }; })
        .then(function (data) {
          if (term !== currentTerm()) return;  // the user typed on meanwhile
          var results = Array.isArray(data) ? data : (data.items || []);
          render(results.slice(0, 20));
        })
        .catch(function () { close(); });  // no API: the field still takes a typed code
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      lastQuery = "";
      if (!currentTerm()) { close(); return; }
      timer = setTimeout(search, 200);
    });
    input.addEventListener("keydown", function (event) {
      if (list.hidden) {
        if (event.key === "ArrowDown" && currentTerm()) { lastQuery = ""; search(); event.preventDefault(); }
        return;
      }
      if (event.key === "ArrowDown") {
        highlight(Math.min(active + 1, items.length - 1));
        event.preventDefault();
      } else if (event.key === "ArrowUp") {
        highlight(Math.max(active - 1, 0));
        event.preventDefault();
      } else if (event.key === "Enter" && active >= 0) {
        choose(active);
        event.preventDefault();
      } else if (event.key === "Escape") {
        close();
        event.preventDefault();
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
  }

  /* NACE suggestion from the description: <input data-suggest-from="id_description" ...> */
  function setUpSuggest(input) {
    var source = document.getElementById(input.dataset.suggestFrom);
    if (!source) return;
    var apiRoot = (document.body.dataset.apiRoot || "/api/v1/").replace(/\/$/, "");
    var box = document.createElement("div");
    box.className = "nace-suggest";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "secondary";
    button.textContent = input.dataset.suggestLabel || "Suggest a code";
    box.appendChild(button);
    /* Results and messages are announced when they change (WCAG 4.1.3). */
    var results = document.createElement("div");
    results.setAttribute("aria-live", "polite");
    results.setAttribute("role", "status");
    box.appendChild(results);
    var anchor = input.closest(".lookup") || input;
    anchor.parentNode.insertBefore(box, anchor.nextSibling);

    function say(message) {
      results.innerHTML = "";
      var p = document.createElement("p");
      p.textContent = message;
      results.appendChild(p);
    }

    function fill(code) {
      if (input.dataset.multiple === "true") {
        var parts = input.value.split(",").map(function (p) { return p.trim(); }).filter(Boolean);
        if (parts.indexOf(code) < 0) parts.push(code);
        input.value = parts.join(", ");
      } else {
        input.value = code;
      }
      input.dispatchEvent(new Event("change", { bubbles: true }));
      input.focus();
    }

    function show(data) {
      var items = (data && data.suggestions) || [];
      if (!items.length) { say(input.dataset.suggestNone || "No suggestion"); return; }
      results.innerHTML = "";
      var summary = document.createElement("p");
      summary.textContent = (input.dataset.suggestResults || "%s suggestions").replace("%s", items.length);
      results.appendChild(summary);
      if (data.note) {
        var note = document.createElement("p");
        note.textContent = data.note;
        results.appendChild(note);
      }
      var list = document.createElement("ul");
      list.className = "nace-suggest-list";
      items.forEach(function (item) {
        var li = document.createElement("li");
        var choose = document.createElement("button");
        choose.type = "button";
        choose.className = "link";
        choose.dataset.code = item.code;
        choose.setAttribute("aria-label", (input.dataset.suggestUse || "Use %s").replace("%s", item.code + " " + item.title));
        choose.textContent = item.code + " " + item.title;
        choose.addEventListener("click", function () { fill(item.code); });
        li.appendChild(choose);
        var reason = document.createElement("span");
        reason.className = "hint";
        reason.textContent = " — " + item.reason;
        li.appendChild(reason);
        list.appendChild(li);
      });
      results.appendChild(list);
    }

    button.addEventListener("click", function () {
      var description = source.value.trim();
      if (!description) { say(input.dataset.suggestEmpty || "Describe the activity first."); source.focus(); return; }
      button.disabled = true;
      fetch(apiRoot + "/reference/nace/suggest?text=" + encodeURIComponent(description.slice(0, 2001)), {
        headers: { Accept: "application/json" }, credentials: "same-origin"
      })
        .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
        .then(show)
        .catch(function () { say(input.dataset.suggestNone || "No suggestion"); })
        .then(function () { button.disabled = false; });
    });
  }

  /* Scrolling tables: a keyboard user reaches the wrapper with Tab and scrolls it with the
     arrow keys; a screen reader announces it as a region named after the table's caption or the
     heading above it (WCAG 2.1.1). */
  function setUpScrollTables() {
    var used = {};
    document.querySelectorAll(".table-wrap, .chart-box").forEach(function (wrap) {
      if (wrap.hasAttribute("tabindex")) return;
      var caption = wrap.querySelector("caption");
      var heading = null;
      for (var el = wrap.previousElementSibling; el && !heading; el = el.previousElementSibling) {
        if (/^H[1-6]$/.test(el.tagName)) heading = el;
      }
      var section = wrap.closest("section");
      if (!heading && section) heading = section.querySelector("h1, h2, h3, h4");
      /* The kind word keeps the name apart from the section's own (landmarks need unique names). */
      var kind = wrap.classList.contains("chart-box") ? text("Chart", "Chart") : text("Table", "Table");
      var name = ((caption || heading || {}).textContent || "").trim().replace(/\s+/g, " ");
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      var svgTitle = wrap.querySelector("svg > title");
      if (svgTitle && svgTitle.textContent.trim()) name = svgTitle.textContent.trim();
      var label = name ? name + " · " + kind : kind;
      used[label] = (used[label] || 0) + 1;
      if (used[label] > 1) label += " " + used[label];
      wrap.setAttribute("aria-label", label);
    });
  }

  /* After a refused submit the page comes back with an error summary: move the focus to it so
     that a screen reader reads it and a keyboard user starts from it (WCAG 3.3.1). */
  function focusErrorSummary() {
    var summary = document.querySelector("main .form-errors");
    if (!summary) return;
    summary.setAttribute("tabindex", "-1");
    summary.focus();
  }

  function start() {
    setUpMenu();
    setUpCopy();
    setUpScrollTables();
    focusErrorSummary();
    document.querySelectorAll("input[data-lookup]").forEach(setUpLookup);
    document.querySelectorAll("input[data-suggest-from]").forEach(setUpSuggest);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
