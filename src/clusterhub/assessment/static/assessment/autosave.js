// Save each answer of the questionnaire as soon as it changes (progressive enhancement: the
// form still posts the whole area without JavaScript).
(function () {
  "use strict";
  const form = document.getElementById("area-form");
  if (!form || !form.dataset.autosave) return;
  const status = document.getElementById("autosave-status");
  const token = form.querySelector("input[name=csrfmiddlewaretoken]").value;

  function save(fieldset) {
    const code = fieldset.dataset.code;
    const value = fieldset.querySelector("[name='value-" + code + "']");
    const reason = fieldset.querySelector("[name='reason-" + code + "']");
    // The answer as this page last knew it: the server refuses a change made over someone
    // else's newer answer (409), and the area's Save button leaves alone what is unchanged.
    const shown = fieldset.querySelector("[name='shown-value-" + code + "']");
    const shownReason = fieldset.querySelector("[name='shown-reason-" + code + "']");
    const error = document.getElementById("err-" + code);
    fetch(form.dataset.autosave.replace("CODE", encodeURIComponent(code)), {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token },
      credentials: "same-origin",
      body: JSON.stringify({
        value: value.value,
        reason: reason ? reason.value : "",
        shown: shown ? shown.value : null,
      }),
    })
      .then((response) => response.json().then((body) => ({ ok: response.ok, body })))
      .then(({ ok, body }) => {
        if (ok) {
          error.textContent = "";
          value.removeAttribute("aria-invalid");
          fieldset.querySelector("[data-points]").textContent = body.points_text;
          status.textContent = form.dataset.saved + " · " + code + " · " + body.total_percent_text;
          if (shown) shown.value = body.shown;
          if (shownReason) shownReason.value = reason.value;
        } else {
          if (body.value !== undefined) {
            // Someone else's answer came first: show it, and the next change replaces it.
            value.value = body.value;
            if (shown) shown.value = body.value;
          }
          const messages = Object.values(body.errors || {}).flat();
          error.textContent = messages.join(" ");
          value.setAttribute("aria-invalid", "true");
          value.setAttribute("aria-describedby", error.id);
          status.textContent = form.dataset.failed + " · " + code;
        }
      })
      .catch(() => { status.textContent = form.dataset.failed; });
  }

  form.querySelectorAll("fieldset[data-code]").forEach((fieldset) => {
    fieldset.addEventListener("change", () => save(fieldset));
  });
})();
