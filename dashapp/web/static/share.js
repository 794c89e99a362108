/* The share boxes of the chart cards (dashapp/layouts/share.py). The page carries each box closed:
   its summary, a permalink and a data-share attribute (the addresses, with {range} and {origin} to
   fill, and the texts). When a visitor opens a box, this script builds its controls: the link and
   the embed code to copy, a picture as PNG, the open-data page; it keeps them in step with the
   card's time range and with the card the box belongs to (React may reuse a box for another area's
   card after a move), copies them, turns the chart's SVG picture into a PNG, and on arrival at a
   chart's permalink selects its range and scrolls to its card. A file of its own, so that the
   Content-Security-Policy needs no inline script. */
(function () {
  "use strict";
  var RANGE_NAME = /^[0-9a-z]+$/;
  // The layout of the controls: the fields one under the other, each with its button beside it, at
  // most as wide as a line of text.
  var STACK = { display: "grid", gap: "0.75rem", maxWidth: "46rem", marginTop: "0.5rem" };
  var ROW = { display: "flex", flexWrap: "wrap", gap: "0.5rem 1rem", alignItems: "center" };
  var FIELD = { display: "grid", gridTemplateColumns: "1fr auto", gap: "0.25rem 0.5rem", alignItems: "end" };
  var BUTTON = "btn btn-outline-primary btn-sm";

  function cardOf(share) { return share.closest(".chart-card") || share.parentElement; }

  function dataOf(share) {
    try {
      var data = JSON.parse(share.getAttribute("data-share") || "null");
      return data && data.links && data.texts ? data : null;
    } catch (error) {
      return null;
    }
  }

  /* A card's time ranges are toggle buttons whose ids name them: {"key":…,"type":"chart-pick-3m"}. */
  function rangeOfButton(button) {
    try {
      var found = /pick-([0-9a-z]+)$/.exec(JSON.parse(button.id).type);
      return found ? found[1] : null;
    } catch (error) {
      return null;
    }
  }

  function rangeButtons(card) {
    return Array.prototype.slice.call(card.querySelectorAll(".range-picks button"));
  }

  /* The range the card shows; on a card without ranges, the one its permalink names. */
  function rangeOf(share) {
    var pressed = cardOf(share).querySelector('.range-picks button[aria-pressed="true"]');
    var range = pressed && rangeOfButton(pressed);
    if (!range) {
      var permalink = share.querySelector(".share-permalink");
      range = permalink ? new URL(permalink.href, window.location.href).searchParams.get("range") : null;
    }
    return range && RANGE_NAME.test(range) ? range : "3m";
  }

  function escapeAttribute(text) {
    return text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  /* The box's addresses for the card's range: the server wrote them with {range} and {origin}. */
  function addresses(share, data) {
    var range = rangeOf(share);
    var origin = window.location.origin;
    function filled(text, originText) {
      return text.split("{range}").join(range).split("{origin}").join(originText);
    }
    return {
      page: filled(data.links.page, origin),
      embed: filled(data.links.embed, escapeAttribute(origin)),
      picture: filled(data.links.picture, ""),
      file: filled(data.links.file, ""),
    };
  }

  function element(tag, className, text, style) {
    var made = document.createElement(tag);
    if (className) { made.className = className; }
    if (text) { made.textContent = text; }
    Object.keys(style || {}).forEach(function (name) { made.style[name] = style[name]; });
    return made;
  }

  /* A labelled text area with its copy button beside it. */
  function field(label, areaClass, rows, copyText, kind) {
    var area = element("textarea", "form-control " + areaClass);
    area.readOnly = true;
    area.rows = rows;
    if (rows === 1) { area.setAttribute("wrap", "off"); }
    var labelled = element("label", "chart-share-field", label, { margin: "0" });
    labelled.appendChild(area);
    var button = element("button", BUTTON, copyText);
    button.type = "button";
    button.setAttribute("data-share-copy", kind);
    var row = element("div", "", "", FIELD);
    row.appendChild(labelled);
    row.appendChild(button);
    return row;
  }

  /* The controls, built when the box is first opened, after the summary and the permalink (which
     React keeps); built anew when React has given the box to another card (its data-share differs). */
  function controls(share, data) {
    var source = share.getAttribute("data-share");
    var body = share.querySelector(".chart-share-body");
    if (body && body.shareSource === source) { return body; }
    if (body) { body.remove(); }
    var texts = data.texts;
    body = element("div", "chart-share-body", "", STACK);
    body.shareSource = source;
    body.appendChild(field(texts.link, "share-link", 1, texts.copyLink, "link"));
    body.appendChild(field(texts.embed, "share-embed", 3, texts.copyEmbed, "embed"));
    var links = element("div", "", "", ROW);
    var picture = element("a", BUTTON + " share-picture", texts.picture);
    picture.setAttribute("data-share-png", "1");
    links.appendChild(picture);
    var openData = element("a", "", texts.data);
    openData.href = data.links.data;
    links.appendChild(openData);
    body.appendChild(links);
    var status = element("p", "chart-share-status");
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    body.appendChild(status);
    share.appendChild(body);
    var permalink = share.querySelector(".share-permalink");
    if (permalink) { permalink.hidden = true; }  // the link field names the same address
    return body;
  }

  /* Fill the box's controls for the range its card shows. */
  function refresh(share) {
    var data = dataOf(share);
    if (!data) { return null; }
    var body = controls(share, data);
    var found = addresses(share, data);
    body.querySelector(".share-link").value = found.page;
    body.querySelector(".share-embed").value = found.embed;
    var picture = body.querySelector(".share-picture");
    picture.setAttribute("href", found.picture);
    picture.setAttribute("download", found.file);
    return found;
  }

  function say(share, key) {
    var status = share.querySelector(".chart-share-status");
    var data = dataOf(share);
    if (status && data) { status.textContent = data.texts[key]; }
  }

  function copy(share, kind) {
    var field = share.querySelector(kind === "embed" ? ".share-embed" : ".share-link");
    function byHand() {
      field.focus();
      field.select();
      var done = false;
      try { done = document.execCommand("copy"); } catch (error) { done = false; }
      say(share, done ? "copied" : "copyFailed");
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(function () { say(share, "copied"); }, byHand);
    } else {
      byHand();
    }
  }

  function savePicture(share, link) {
    var found = refresh(share) || { picture: link.getAttribute("href"), file: link.getAttribute("download") };
    window.fetch(found.picture, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.text();
      })
      .then(function (svg) {
        return new Promise(function (resolve, reject) {
          var image = new Image();
          image.onload = function () { resolve(image); };
          image.onerror = reject;
          image.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(svg);
        });
      })
      .then(function (image) {
        var scale = 2;  // sharp on high-density screens and in print
        var canvas = document.createElement("canvas");
        canvas.width = image.width * scale;
        canvas.height = image.height * scale;
        var context = canvas.getContext("2d");
        context.scale(scale, scale);
        context.drawImage(image, 0, 0);
        return new Promise(function (resolve) { canvas.toBlob(resolve, "image/png"); });
      })
      .then(function (blob) {
        if (!blob) { throw new Error("no PNG"); }
        var url = URL.createObjectURL(blob);
        var anchor = document.createElement("a");
        anchor.href = url;
        anchor.download = found.file;
        document.body.appendChild(anchor);
        anchor.click();
        anchor.remove();
        window.setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
      })
      .catch(function () {
        say(share, "pictureFailed");
        window.open(found.picture, "_blank", "noopener");
      });
  }

  /* A visitor's own press of a range button (not this script's) ends the permalink's choice. */
  document.addEventListener("click", function (event) {
    var button = event.isTrusted && event.target.closest && event.target.closest(".range-picks button");
    var card = button && button.closest(".chart-card");
    if (card) { card.setAttribute("data-range-chosen", "visitor"); }
  }, true);

  document.addEventListener("toggle", function (event) {
    var share = event.target;
    if (share.classList && share.classList.contains("chart-share") && share.open) { refresh(share); }
  }, true);

  document.addEventListener("click", function (event) {
    var target = event.target.closest && event.target.closest("[data-share-copy], [data-share-png]");
    if (!target) { return; }
    var share = target.closest(".chart-share");
    if (!share) { return; }
    if (target.hasAttribute("data-share-png")) {
      event.preventDefault();
      savePicture(share, target);
      return;
    }
    refresh(share);
    copy(share, target.getAttribute("data-share-copy"));
  });

  /* An open box follows its card: another range pressed, or (after a move) another area's card in
     the place of its own. Boxes never opened are left alone. */
  function follow(records) {
    records.forEach(function (record) {
      var target = record.target;
      var card = target.closest(".chart-card");
      var share = target.classList.contains("chart-share") ? target : card && card.querySelector(".chart-share");
      if (share && share.querySelector(".chart-share-body")) { refresh(share); }
    });
  }

  function watch() {
    new MutationObserver(follow).observe(document.body, {
      subtree: true, attributes: true, attributeFilter: ["data-share", "aria-pressed"],
    });
  }

  /* A permalink: /{lang}/...?range=6m#chart-deceased (or #chart-age, a card with no time ranges). Once Dash's page is on screen, choose the range
     on that chart and bring it into view (the browser's own jump to the anchor came too early). */
  function arrive() {
    var anchor = window.location.hash.slice(1);
    var wanted = new URLSearchParams(window.location.search).get("range");
    if (anchor.indexOf("chart-") !== 0) { return; }
    var tries = 0;
    var timer = window.setInterval(function () {
      tries += 1;
      var entry = document.getElementById("react-entry-point");
      var card = entry && !document.getElementById("server-page") ? entry.querySelector('[id="' + CSS.escape(anchor) + '"]') : null;
      // A card without time ranges (the age groups, the sewage plants) only needs bringing into view.
      var fixed = card && !card.querySelector(".range-picks");
      var buttons = card ? rangeButtons(card) : [];
      if (!buttons.length && !fixed) {
        if (tries > 120) { window.clearInterval(timer); }
        return;
      }
      window.clearInterval(timer);
      card.scrollIntoView({ block: "start" });
      if (!fixed) { choose(card, wanted, 0); }
    }, 250);
  }
  /* Press the range's button until the card shows it: an answer to the page's first callbacks may
     still arrive after the press and draw the default range again. */
  function choose(card, wanted, attempt) {
    var choice = rangeButtons(card).filter(function (button) { return rangeOfButton(button) === wanted; })[0];
    // A range the visitor chose on this card wins over the permalink's.
    if (card.getAttribute("data-range-chosen") === "visitor") { return; }
    if (!choice || choice.getAttribute("aria-pressed") === "true" || attempt >= 15) { return; }
    choice.click();
    window.setTimeout(function () {
      card.scrollIntoView({ block: "start" });
      choose(card, wanted, attempt + 1);
    }, 1000);
  }

  function start() {
    watch();
    arrive();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
