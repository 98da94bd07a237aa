// SPDX-FileCopyrightText: 2026 Buitenshuis contributors
// SPDX-License-Identifier: EUPL-1.2

/* Idle warning: a minute before the session expires, offer to stay signed
   in. Works on top of server-side expiry; without JavaScript the session
   still expires and a posted form is kept (ExpiredSessionFormMiddleware).
   The page says how many seconds the session has left; the server records
   activity at most once a minute, so that is not always the full idle time.
   After an htmx request the X-Session-Seconds header says it again. */
(function () {
  "use strict";
  var body = document.body;
  var seconds = parseInt(body.getAttribute("data-session-seconds"), 10);
  var full = parseInt(body.getAttribute("data-session-idle-seconds"), 10) || seconds;
  var url = body.getAttribute("data-keepalive-url");
  var box = document.getElementById("bh-session-warning");
  if (!seconds || !url || !box) { return; }
  var warning = document.getElementById("bh-session-warning-text");
  var expired = document.getElementById("bh-session-expired-text");
  var button = box.querySelector("[data-keepalive]");
  var warnTimer = null;
  var expireTimer = null;
  function showExpired() {
    box.hidden = false;
    warning.hidden = true;
    expired.hidden = false;
    button.hidden = true;
  }
  function schedule(left) {
    window.clearTimeout(warnTimer);
    window.clearTimeout(expireTimer);
    warning.hidden = false;
    expired.hidden = true;
    button.hidden = false;
    warnTimer = window.setTimeout(function () {
      box.hidden = false;
      button.focus();
    }, Math.max(left - 60, 1) * 1000);
    expireTimer = window.setTimeout(showExpired, left * 1000);
  }
  button.addEventListener("click", function () {
    fetch(url, { credentials: "same-origin" }).then(function (response) {
      if (response.status === 204) { box.hidden = true; schedule(full); }
      else { showExpired(); }
    });
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var xhr = event.detail && event.detail.xhr;
    var left = xhr ? parseInt(xhr.getResponseHeader("X-Session-Seconds"), 10) : NaN;
    if (left > 0) { schedule(left); }
  });
  schedule(seconds);
}());
