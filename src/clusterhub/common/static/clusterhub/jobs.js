/* ClusterHub job page: while a job waits or runs, fetch its status fragment once a second and
   put it in place of the old one, until the fragment no longer asks to be polled (the job
   ended). Without this script the page offers a reload link. No library, no CDN. */
(function () {
  "use strict";
  var DELAY = 1000;

  function poll() {
    var box = document.getElementById("job-status");
    if (!box || !box.dataset.jobPoll) return;
    fetch(box.dataset.jobPoll, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.text();
      })
      .then(function (html) {
        var holder = document.createElement("div");
        holder.innerHTML = html.trim();
        var fresh = holder.firstElementChild;
        if (fresh && fresh.id === "job-status") box.replaceWith(fresh);
        setTimeout(poll, DELAY);
      })
      .catch(function () { setTimeout(poll, DELAY * 5); });
  }

  document.addEventListener("DOMContentLoaded", function () { setTimeout(poll, DELAY); });
})();
