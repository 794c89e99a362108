/* Clientside callbacks of the dashboard (a file, not inline script, so that the CSP needs no
   'unsafe-inline'). */
/* The generator runtime that Dash's bundles expect as a global (Babel's "regenerator" output of
   their lazy loader: ``regeneratorRuntime.mark`` and ``.wrap`` around a state machine that uses
   ``prev``, ``next``, ``sent`` and ``stop``). Dash ships it inside a polyfill bundle for old browsers,
   which the page leaves out (dashapp/web/vendor.py): this is that one piece, for the loader's state
   machines (no try/catch regions, no delegation). It must run before a lazy component loads. */
if (!window.regeneratorRuntime) {
  window.regeneratorRuntime = {
    mark: function (generatorFunction) { return generatorFunction; },
    wrap: function (innerFunction, outerFunction, self) {
      var context = {
        prev: 0, next: 0, sent: undefined, rval: undefined, done: false,
        stop: function () { this.done = true; return this.rval; },
        abrupt: function (kind, value) {
          if (kind !== "return") { throw value; }
          this.rval = value;
          this.next = "end";
        },
      };
      function step(value) {
        if (context.done) { return { value: undefined, done: true }; }
        context.sent = context._sent = value;
        var result = innerFunction.call(self, context);
        return { value: result, done: context.done };
      }
      return {
        next: step,
        throw: function (error) { context.done = true; throw error; },
        return: function (value) { context.done = true; return { value: value, done: true }; },
      };
    },
  };
}

/* Dash's RadioItems renders a listbox without a name; name it after the legend of its fieldset. */
(function () {
  var counter = 0;
  function nameRadioGroups(root) {
    root.querySelectorAll('.dash-radioitems[role="listbox"]:not([aria-labelledby])').forEach(function (list) {
      var legend = list.closest("fieldset") && list.closest("fieldset").querySelector("legend");
      if (!legend) { return; }
      if (!legend.id) { counter += 1; legend.id = "radio-legend-" + counter; }
      list.setAttribute("aria-labelledby", legend.id);
    });
  }
  /* Charts and maps marked data-lazy get their figure only when they come near the screen: this
     tells Dash (through the hidden Store that data-lazy names) that they are in view, and a callback
     draws them. React may keep an element for the next page (the area map's controls): an element
     is watched again when what it marks changes (data-lazy, or data-frame: the router's frame). */
  var watched = new WeakMap();
  function lazyToken(element) {
    return element.getAttribute("data-lazy") + "|" + (element.getAttribute("data-frame") || "");
  }
  var nearScreen = "IntersectionObserver" in window ? new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (entry.isIntersecting) {
        nearScreen.unobserve(entry.target);
        show(entry.target);
      }
    });
  }, { rootMargin: "400px 0px" }) : null;
  function show(card) {
    if (window.dash_clientside && window.dash_clientside.set_props) {
      window.dash_clientside.set_props(JSON.parse(card.getAttribute("data-lazy")), { data: true });
    }
  }
  function watchLazyCharts(root) {
    root.querySelectorAll("[data-lazy]").forEach(function (card) {
      // Cards of the server's page (#server-page) are not Dash's: only Dash's own are drawn.
      var token = lazyToken(card);
      if (watched.get(card) === token || card.closest("#server-page")) { return; }
      watched.set(card, token);
      if (nearScreen) { nearScreen.unobserve(card); nearScreen.observe(card); } else { show(card); }
    });
  }

  new MutationObserver(function () { nameRadioGroups(document); watchLazyCharts(document); })
    .observe(document.documentElement, {
      childList: true, subtree: true, attributes: true, attributeFilter: ["data-lazy", "data-frame"],
    });
})();

/* The server sends the page as HTML (#server-page) and Dash builds the same page behind it
   (#react-entry-point, out of sight). When the router's first answer is on screen (it sets the
   title), Dash's page takes the server's place in one frame: same layout, so nothing moves. */
function takeOver() {
  var served = document.getElementById("server-page");
  if (!served) { return; }
  window.requestAnimationFrame(function () {
    window.requestAnimationFrame(function () {
      var entry = document.getElementById("react-entry-point");
      var scrolled = window.scrollY;
      if (entry) { entry.classList.remove("dash-behind"); }
      served.remove();
      window.scrollTo(0, scrolled);
    });
  });
}

window.dash_clientside = Object.assign({}, window.dash_clientside, {
  dashboard: {
    /* Give the browser tab the page's title, and tell assistive technology the page changed by
       moving focus to the main content after a navigation inside the app. */
    setTitle: function (title) {
      if (title) {
        takeOver();
        var main = document.getElementById("main");
        // Only after a navigation inside the app, not when the page first loads.
        if (window.dashboardNavigated && main && !window.location.hash) {
          main.focus({ preventScroll: true });
          window.scrollTo(0, 0);
        }
        document.title = title;
        window.dashboardNavigated = true;
      }
      return window.dash_clientside.no_update;
    },
  },
});

/* One version of the data on one screen. Every callback answer names the data version it was
   computed from (X-Data-Version); each request names the version the page shows (X-Page-Version),
   so that a worker that is behind looks for the newer version first. When an answer comes from a
   newer version than the page, the page is drawn again as a whole from that version (through the
   "data-version" store that the router listens to), instead of mixing two versions. */
(function () {
  if (!window.fetch) { return; }
  var meta = document.querySelector('meta[name="data-version"]');
  var pageVersion = meta ? meta.getAttribute("content") : null;
  var original = window.fetch.bind(window);
  function isRouter(init) {
    return init && typeof init.body === "string" && init.body.indexOf("shown-version.data") !== -1;
  }
  window.fetch = function (resource, init) {
    var url = typeof resource === "string" ? resource : (resource && resource.url) || "";
    if (url.indexOf("_dash-update-component") === -1) { return original(resource, init); }
    init = Object.assign({}, init);
    var headers = new Headers(init.headers || {});
    if (pageVersion) { headers.set("X-Page-Version", pageVersion); }
    init.headers = headers;
    var router = isRouter(init);
    return original(resource, init).then(function (response) {
      var version = response.headers.get("X-Data-Version");
      if (version && router) {
        pageVersion = version;
        document.documentElement.setAttribute("data-version", version);
      } else if (version && pageVersion && version !== pageVersion) {
        pageVersion = version;
        if (window.dash_clientside && window.dash_clientside.set_props) {
          window.dash_clientside.set_props("data-version", { data: version });
        }
      }
      return response;
    });
  };
})();
