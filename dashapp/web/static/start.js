/* Starts Dash on the server's page. dashapp/web/vendor.py keeps Dash's own script tags inert in
   <template id="dash-scripts"> and puts this file after it; this plays them in their order.

   With a mouse, that happens at once. On a touch screen, and when the visitor asked to save data, the
   page the server sent is the first screen (the figures with their dates and trends, the links) and
   Dash's scripts, about 1 MB and seconds of work for a phone's processor, are fetched and run at the
   first touch, key, scroll or pointer move: a visitor who only wants the answer does not pay for
   them, and one who goes on gets the interactive page in the place of the server's (assets/app.js). */
(function () {
  "use strict";
  var template = document.getElementById("dash-scripts");
  if (!template || !template.content) { return; }
  var tags = Array.prototype.slice.call(template.content.querySelectorAll("script"));
  var INTENT = ["pointerdown", "touchstart", "keydown", "wheel", "scroll", "pointermove", "focusin"];
  var started = false;

  function live(tag) {
    var script = document.createElement("script");
    Array.prototype.forEach.call(tag.attributes, function (attribute) {
      script.setAttribute(attribute.name, attribute.value);
    });
    if (!tag.hasAttribute("src")) { script.text = tag.text; }
    script.async = false; // scripts by address run in the listed order, as Dash's tags would
    document.body.appendChild(script);
    return script;
  }

  /* Scripts by address are fetched together and run in order; an inline one (Dash's start of its
     renderer) runs when every script before it has. */
  function play(from) {
    var pending = null;
    for (var i = from; i < tags.length; i += 1) {
      if (tags[i].hasAttribute("src")) {
        pending = live(tags[i]);
      } else if (pending) {
        pending.addEventListener("load", play.bind(null, i));
        return;
      } else {
        live(tags[i]);
      }
    }
    document.documentElement.setAttribute("data-dash", "started");
  }

  function start() {
    if (started) { return; }
    started = true;
    INTENT.forEach(function (name) { window.removeEventListener(name, start, true); });
    document.documentElement.setAttribute("data-dash", "starting");
    play(0);
  }

  var touch = window.matchMedia && window.matchMedia("(hover: none) and (pointer: coarse)").matches;
  var saveData = navigator.connection && navigator.connection.saveData === true;
  if (!touch && !saveData) {
    start();
    return;
  }
  document.documentElement.setAttribute("data-dash", "waiting");
  // The server's charts as pictures until Dash's page takes its place (assets/glance.css).
  document.documentElement.setAttribute("data-dash-waited", "");
  INTENT.forEach(function (name) { window.addEventListener(name, start, { capture: true, passive: true }); });
})();
