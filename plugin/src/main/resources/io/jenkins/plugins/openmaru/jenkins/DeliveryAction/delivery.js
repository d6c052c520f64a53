/*
 * Progressive Delivery page and Release History: asks for confirmation before a decision, and reloads the page while a
 * rollout is in progress so the weight, step and evidence stay current. Loaded as an adjunct because
 * Jenkins' Content Security Policy forbids inline scripts.
 */
(function () {
  "use strict";
  var REFRESH_MS = 5000;

  function confirmDecisions() {
    document.querySelectorAll("form.openmaru-decision button[data-verb]").forEach(function (button) {
      button.addEventListener("click", function (event) {
        var verb = button.getAttribute("data-verb");
        if (!window.confirm("Really " + verb + "? This is recorded with your user id and comment.")) {
          event.preventDefault();
        }
      });
    });
  }

  function refreshWhileInProgress() {
    var live = document.querySelector("section.openmaru-app[data-in-progress='true']");
    if (!live) {
      return;
    }
    window.setTimeout(function () {
      var typing = document.activeElement && (document.activeElement.tagName === "TEXTAREA" || document.activeElement.tagName === "INPUT") && document.activeElement.value !== "";
      if (typing) {
        refreshWhileInProgress();
      } else {
        window.location.reload();
      }
    }, REFRESH_MS);
  }

  document.addEventListener("DOMContentLoaded", function () {
    confirmDecisions();
    refreshWhileInProgress();
  });
})();
