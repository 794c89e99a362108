/*
 * Explanatory pages: when the address names a section (/en/faq#negative-corrections), open
 * that section if it is a collapsed <details> and scroll to it. Runs on load, on hashchange,
 * and when Dash renders the page later than the browser applied the hash. Only elements
 * inside a .content-page are touched, and nothing is ever closed.
 *
 * An external asset with no eval and no inline handlers, so it works under a
 * Content-Security-Policy without 'unsafe-inline' or 'unsafe-eval'.
 */
(function () {
  "use strict";

  var SETTLE_MS = 3000;
  var handled = null;
  // Markdown is rendered a moment after the sections appear, which moves them down; keep the
  // revealed section in view until the page settles, unless the reader starts scrolling.
  var settling = null;
  var settleUntil = 0;

  function currentTarget() {
    var hash = window.location.hash;
    if (!hash || hash.length < 2) {
      return null;
    }
    var id;
    try {
      id = decodeURIComponent(hash.slice(1));
    } catch (error) {
      return null;
    }
    var element = document.getElementById(id);
    if (!element || !element.closest || !element.closest(".content-page")) {
      return null;
    }
    return element;
  }

  function reveal() {
    var key = window.location.pathname + window.location.hash;
    if (key === handled) {
      return;
    }
    var target = currentTarget();
    if (!target) {
      return;
    }
    handled = key;
    if (target.tagName === "DETAILS" && !target.open) {
      target.open = true;
    }
    target.scrollIntoView({ block: "start" });
    settling = target;
    settleUntil = Date.now() + SETTLE_MS;
  }

  function onMutation() {
    reveal();
    if (settling && Date.now() < settleUntil && settling.isConnected) {
      settling.scrollIntoView({ block: "start" });
    } else {
      settling = null;
    }
  }

  function stopSettling() {
    settling = null;
  }

  function onHashChange() {
    handled = null;
    reveal();
  }

  function start() {
    reveal();
    window.addEventListener("hashchange", onHashChange);
    ["wheel", "touchstart", "keydown", "mousedown"].forEach(function (type) {
      window.addEventListener(type, stopSettling, { passive: true });
    });
    // Dash renders the layout after the page has loaded, and again after client-side
    // navigation; watch for the section to appear.
    if (window.MutationObserver) {
      new MutationObserver(onMutation).observe(document.body, { childList: true, subtree: true });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
