/* Clientside callbacks of the dashboard (a file, not inline script, so that the CSP needs no
   'unsafe-inline'). */
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
  /* Charts marked data-lazy get their figure only when they come near the screen: this tells Dash
     (through the chart's hidden Store) that the chart is in view, and a callback draws it. */
  var watched = new WeakSet();
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
      if (watched.has(card)) { return; }
      watched.add(card);
      if (nearScreen) { nearScreen.observe(card); } else { show(card); }
    });
  }

  new MutationObserver(function () { nameRadioGroups(document); watchLazyCharts(document); })
    .observe(document.documentElement, { childList: true, subtree: true });
})();

window.dash_clientside = Object.assign({}, window.dash_clientside, {
  dashboard: {
    /* Give the browser tab the page's title, and tell assistive technology the page changed by
       moving focus to the main content after a navigation inside the app. */
    setTitle: function (title) {
      if (title) {
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
