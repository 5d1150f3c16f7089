// verbatim serve: reload this page when the site is rebuilt, show content errors.
// Served only by `verbatim serve`; built sites never load it.
(function () {
  "use strict";
  var script = document.currentScript;
  var version = script ? Number(script.getAttribute("data-version")) : -1;

  function showError(text) {
    var box = document.getElementById("verbatim-serve-error");
    if (!box) {
      box = document.createElement("div");
      box.id = "verbatim-serve-error";
      box.className = "verbatim-serve-error";
      box.setAttribute("role", "alert");
      var title = document.createElement("p");
      title.className = "verbatim-serve-error-title";
      title.textContent =
        "The content has errors; save a fix and the page reloads.";
      box.appendChild(title);
      box.appendChild(document.createElement("pre"));
      document.body.appendChild(box);
    }
    box.querySelector("pre").textContent = text;
  }

  function poll() {
    fetch("/__verbatim/status?since=" + version, { cache: "no-store" })
      .then(function (response) {
        return response.json();
      })
      .then(function (status) {
        if (status.version !== version) {
          if (!status.error) {
            location.reload();
            return;
          }
          version = status.version;
          showError(status.error);
        }
        poll();
      })
      .catch(function () {
        // The server restarted or stopped: try again shortly.
        setTimeout(poll, 1000);
      });
  }

  poll();
})();
