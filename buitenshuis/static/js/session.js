/* Idle warning: a minute before the session expires, offer to stay signed
   in. Works on top of server-side expiry; without JavaScript the session
   still expires and a posted form is kept (ExpiredSessionFormMiddleware). */
(function () {
  "use strict";
  var body = document.body;
  var seconds = parseInt(body.getAttribute("data-session-seconds"), 10);
  var url = body.getAttribute("data-keepalive-url");
  var box = document.getElementById("bh-session-warning");
  if (!seconds || !url || !box) { return; }
  var warnTimer = null;
  function schedule() {
    window.clearTimeout(warnTimer);
    warnTimer = window.setTimeout(function () {
      box.hidden = false;
      var button = box.querySelector("[data-keepalive]");
      if (button) { button.focus(); }
    }, Math.max(seconds - 60, 1) * 1000);
  }
  box.querySelector("[data-keepalive]").addEventListener("click", function () {
    fetch(url, { credentials: "same-origin" }).then(function (response) {
      if (response.status === 204) { box.hidden = true; schedule(); }
    });
  });
  document.addEventListener("htmx:afterRequest", schedule);
  schedule();
}());
