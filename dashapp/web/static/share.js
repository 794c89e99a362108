/* The share controls of the chart cards (dashapp/layouts/share.py): keep the link, the embed code and
   the picture's address in step with the card's time range and the page's area, copy them, turn the
   chart's SVG picture into a PNG, and on arrival at a chart's permalink select its range and scroll
   to it. A file of its own, so that the Content-Security-Policy needs no inline script. */
(function () {
  "use strict";
  var LEVEL_SLUGS = { vr: "veiligheidsregio", gm: "gemeente" };

  function cardOf(share) { return share.closest(".chart-card") || share.parentElement; }

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

  function rangeOf(share) {
    var pressed = cardOf(share).querySelector('.range-picks button[aria-pressed="true"]');
    return (pressed && rangeOfButton(pressed)) || "3m";
  }

  function areaCode(share) {
    var fixed = share.getAttribute("data-share-code");
    if (fixed) { return fixed; }
    var level = share.getAttribute("data-share-level");
    if (level === "nl") { return "NL"; }
    var parts = window.location.pathname.split("/").filter(Boolean);
    return parts.length === 3 && parts[1] === LEVEL_SLUGS[level] ? parts[2].toUpperCase() : "";
  }

  function addresses(share) {
    var language = share.getAttribute("data-share-language");
    var level = share.getAttribute("data-share-level");
    var chart = share.getAttribute("data-share-chart");
    var code = areaCode(share);
    if (!code) { return null; }
    var range = encodeURIComponent(rangeOf(share));
    var page = level === "nl" ? "/" + language + "/" : "/" + language + "/" + LEVEL_SLUGS[level] + "/" + code;
    var origin = window.location.origin;
    return {
      link: origin + page + "?range=" + range + "#" + (share.getAttribute("data-share-anchor") || "chart-" + chart),
      embed: origin + "/" + language + "/embed/" + level + "/" + code + "/" + chart + "?range=" + range,
      picture: "/download/" + language + "/" + level + "/" + code + "/" + chart + ".svg?range=" + range,
      file: chart + "-" + code + "-" + rangeOf(share) + ".png",
    };
  }

  function escapeAttribute(text) {
    return text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  function refresh(share) {
    var found = addresses(share);
    if (!found) { return null; }
    var title = share.getAttribute("data-share-title") || "";
    share.querySelector(".share-link").value = found.link;
    share.querySelector(".share-embed").value =
      '<iframe src="' + escapeAttribute(found.embed) + '" title="' + escapeAttribute(title) +
      '" width="640" height="480" loading="lazy" style="border:0;max-width:100%"></iframe>';
    var picture = share.querySelector(".share-picture");
    picture.setAttribute("href", found.picture);
    picture.setAttribute("download", found.file);
    return found;
  }

  function say(share, text) {
    var status = share.querySelector(".chart-share-status");
    if (status) { status.textContent = text; }
  }

  function copy(share, kind) {
    var field = share.querySelector(kind === "embed" ? ".share-embed" : ".share-link");
    var copied = share.getAttribute("data-copied");
    var failed = share.getAttribute("data-copy-failed");
    function byHand() {
      field.focus();
      field.select();
      var done = false;
      try { done = document.execCommand("copy"); } catch (error) { done = false; }
      say(share, done ? copied : failed);
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(function () { say(share, copied); }, byHand);
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
        say(share, share.getAttribute("data-picture-failed"));
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

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", arrive);
  } else {
    arrive();
  }
})();
