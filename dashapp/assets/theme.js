/* Light and dark theme.

   The page follows the system setting (prefers-color-scheme) until the visitor presses the switch
   in the header; that choice is remembered in localStorage. The theme in force is written on <html>
   as data-bs-theme="light" or "dark", which Bootstrap 5.3 and dashboard.css read. Without
   JavaScript, dashboard.css follows the system setting on its own.

   Plotly draws with the colours its figure names, so a figure is drawn in the dark theme with the
   dark counterparts of our palette (DARK below): every Plotly.react / Plotly.newPlot goes through
   themed(), and a change of theme draws every chart again from the figure it was given. The maps'
   choropleth scales have no counterpart and stay as they are. */
(function () {
  // Safe to include twice (e.g. early in <head> as well as where Dash puts its assets).
  if (window.dashboardTheme) { return; }
  window.dashboardTheme = true;
  var STORAGE_KEY = "dashboard-theme";
  var LABELS = {
    nl: "Donkere weergave",
    en: "Dark mode",
  };
  /* Our palette (dashapp/figures/charts.py and maps.py) and Plotly's defaults, light -> dark.
     Keys are written as normalise() writes them. */
  var DARK = {
    "#ffffff": "#2b3035",            // paper and plot background, map borders, hover boxes
    "#1b1b1b": "#e9ecef",            // text
    "#154273": "#8cb8ff",            // line of a time series
    "rgba(21,66,115,0.18)": "rgba(140,184,255,0.22)", // uncertainty band
    "#b3261e": "#ff8a80",            // signal value and its label
    "rgba(90,90,90,0.12)": "rgba(220,220,220,0.10)", // the incomplete last days
    "#4a4a4a": "#c3cad2",            // label of the incomplete days
    "#e3e6ea": "#454d55",            // grid lines
    "#6b6b6b": "#9aa3ad",            // axis lines
    "rgba(255,255,255,0.8)": "rgba(43,48,53,0.85)", // behind a reference line's label
    "rgba(110,110,110,0.45)": "rgba(190,190,190,0.5)", // sewage plants other than the highlighted one
    "#000000": "#ffffff",            // the selected area's outline on a map, hover text
    "#333333": "#ced4da",            // hover box border
    "#f7f7f7": "#3a4047",            // map areas outside the 2020 division
    "#d0d0d0": "#5c646d",            // their borders
    "#4d4d4d": "#ced4da",            // outline of an area's point
    "#d14900": "#ff9a57",            // the highlighted area or sewage plant, a second line
    "#6a3d9a": "#d0b3f0",            // guidance threshold (dashapp/charts/render.py)
    "#6b4e16": "#e0bd74",            // guidance threshold of the comparison
    "#0072b2": "#5fb0f0",            // comparison palette: blue
    "rgba(255,255,255,0.85)": "rgba(43,48,53,0.85)",
  };
  var DEFAULTS = { paper_bgcolor: "#2b3035", plot_bgcolor: "#2b3035", font: "#e9ecef" };

  var root = document.documentElement;
  var systemDark = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;

  function stored() {
    try {
      var value = window.localStorage.getItem(STORAGE_KEY);
      return value === "dark" || value === "light" ? value : null;
    } catch (error) {
      return null; // storage refused (private mode, policy): follow the system
    }
  }
  function remember(theme) {
    try {
      // A choice equal to the system setting is forgotten, so the page follows the system again.
      if (theme === systemTheme()) { window.localStorage.removeItem(STORAGE_KEY); }
      else { window.localStorage.setItem(STORAGE_KEY, theme); }
    } catch (error) { /* not remembered: the choice holds for this page only */ }
  }
  function systemTheme() { return systemDark && systemDark.matches ? "dark" : "light"; }
  function currentTheme() { return root.getAttribute("data-bs-theme") === "dark" ? "dark" : "light"; }

  function normalise(colour) { return colour.toLowerCase().replace(/\s+/g, ""); }
  function darkColour(value) {
    if (typeof value !== "string") { return value; }
    var dark = DARK[normalise(value)];
    return dark === undefined ? value : dark;
  }
  /* A copy of ``value`` with our colours replaced; arrays of numbers (coordinates, values) are
     shared, not copied: they are most of a figure's size and hold no colour. */
  function recolour(value) {
    if (typeof value === "string") { return darkColour(value); }
    if (Array.isArray(value)) {
      if (value.length && typeof value[0] !== "string" && typeof value[0] !== "object") { return value; }
      return value.map(recolour);
    }
    if (value && typeof value === "object") {
      var copy = {};
      Object.keys(value).forEach(function (key) { copy[key] = recolour(value[key]); });
      return copy;
    }
    return value;
  }
  function darkFigure(figure) {
    var copy = recolour(figure);
    var layout = copy.layout = copy.layout || {};
    if (layout.paper_bgcolor === undefined) { layout.paper_bgcolor = DEFAULTS.paper_bgcolor; }
    if (layout.plot_bgcolor === undefined) { layout.plot_bgcolor = DEFAULTS.plot_bgcolor; }
    layout.font = Object.assign({}, layout.font);
    if (layout.font.color === undefined) { layout.font.color = DEFAULTS.font; }
    return copy;
  }
  function themed(figure) { return currentTheme() === "dark" ? darkFigure(figure) : figure; }

  /* Plotly.react(gd, figure) as Dash's Graph calls it, or (gd, data, layout, config). */
  function wrapPlotly(plotly) {
    if (!plotly || plotly.themeAware) { return; }
    ["react", "newPlot"].forEach(function (name) {
      var original = plotly[name];
      if (typeof original !== "function") { return; }
      plotly[name] = function (gd, data, layout, config) {
        var figure = Array.isArray(data) ? { data: data, layout: layout, config: config } : data || {};
        var element = typeof gd === "string" ? document.getElementById(gd) : gd;
        if (element) { element.themeSource = figure; }
        return original.call(plotly, gd, themed(figure));
      };
    });
    plotly.themeAware = true;
  }
  if (window.Plotly) {
    wrapPlotly(window.Plotly);
  } else {
    // plotly.js may arrive after this file (Dash's own bundle is loaded when a graph first needs it).
    var pending;
    Object.defineProperty(window, "Plotly", {
      configurable: true,
      get: function () { return pending; },
      set: function (value) {
        pending = value;
        Object.defineProperty(window, "Plotly", { configurable: true, writable: true, value: value });
        wrapPlotly(value);
      },
    });
  }
  function redrawCharts() {
    if (!window.Plotly) { return; }
    document.querySelectorAll(".js-plotly-plot").forEach(function (gd) {
      if (gd.themeSource) { window.Plotly.react(gd, gd.themeSource); }
    });
  }

  function label() { return LABELS[(root.getAttribute("lang") || "nl").slice(0, 2)] || LABELS.nl; }
  /* A toggle button: its name stays, aria-pressed says whether the dark theme is on. */
  function describe(button) {
    button.setAttribute("aria-pressed", currentTheme() === "dark" ? "true" : "false");
    button.setAttribute("title", label());
    button.querySelector(".theme-switch-text").textContent = label();
  }
  function apply(theme) {
    if (theme === currentTheme() && root.hasAttribute("data-bs-theme")) { return; }
    root.setAttribute("data-bs-theme", theme);
    document.querySelectorAll(".theme-switch").forEach(describe);
    redrawCharts();
  }
  function makeSwitch() {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "theme-switch";
    var icon = document.createElement("span");
    icon.className = "theme-switch-icon";
    icon.setAttribute("aria-hidden", "true");
    icon.textContent = "\u25D0"; // a half-filled circle
    var text = document.createElement("span");
    text.className = "theme-switch-text";
    button.append(icon, text);
    button.addEventListener("click", function () {
      var theme = currentTheme() === "dark" ? "light" : "dark";
      remember(theme);
      apply(theme);
    });
    describe(button);
    return button;
  }
  /* Dash draws the header (and draws it again on a change of language): keep a switch in it. */
  var lastLanguage = null;
  function placeSwitches() {
    var language = root.getAttribute("lang");
    document.querySelectorAll(".site-header").forEach(function (header) {
      var button = header.querySelector(":scope > .theme-switch");
      if (!button) { header.appendChild(makeSwitch()); }
      else if (language !== lastLanguage) { describe(button); }
    });
    lastLanguage = language;
  }

  apply(stored() || systemTheme());
  if (systemDark) {
    var follow = function () { if (!stored()) { apply(systemTheme()); } };
    if (systemDark.addEventListener) { systemDark.addEventListener("change", follow); }
    else if (systemDark.addListener) { systemDark.addListener(follow); }
  }
  // Another tab changed the choice.
  window.addEventListener("storage", function (event) {
    if (event.key === STORAGE_KEY) { apply(stored() || systemTheme()); }
  });
  var scheduled = false;
  new MutationObserver(function () {
    if (scheduled) { return; }
    scheduled = true;
    window.requestAnimationFrame(function () { scheduled = false; placeSwitches(); });
  }).observe(document.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: ["lang"] });
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", placeSwitches); }
  else { placeSwitches(); }
})();
