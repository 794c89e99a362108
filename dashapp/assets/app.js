/* Clientside callbacks of the dashboard (a file, not inline script, so that the CSP needs no
   'unsafe-inline'). */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  dashboard: {
    /* Give the browser tab the page's title, and tell assistive technology the page changed by
       moving focus to the main content after a navigation inside the app. */
    setTitle: function (title) {
      if (title && document.title !== title) {
        document.title = title;
        var main = document.getElementById("main");
        // Only after a navigation inside the app, not when the page first loads.
        if (window.dashboardNavigated && main && !window.location.hash) {
          main.focus({ preventScroll: true });
          window.scrollTo(0, 0);
        }
        window.dashboardNavigated = true;
      }
      return window.dash_clientside.no_update;
    },
  },
});
