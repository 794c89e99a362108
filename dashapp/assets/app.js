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
  new MutationObserver(function () { nameRadioGroups(document); })
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
