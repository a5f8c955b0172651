// Runs in the head of every component page, before the app starts.
(function () {
  "use strict";

  // Inside a cross-site iframe, third-party storage is blocked and merely reading
  // window.sessionStorage throws. Reflex keeps its client token there, so give it an
  // in-memory store instead: each iframe load is then a fresh session, which is what we want.
  function memoryStorage() {
    var items = new Map();
    return {
      get length() { return items.size; },
      key: function (i) { return Array.from(items.keys())[i] ?? null; },
      getItem: function (k) { return items.has(String(k)) ? items.get(String(k)) : null; },
      setItem: function (k, v) { items.set(String(k), String(v)); },
      removeItem: function (k) { items.delete(String(k)); },
      clear: function () { items.clear(); },
    };
  }
  ["sessionStorage", "localStorage"].forEach(function (name) {
    try {
      window[name].getItem("bc-probe");
    } catch (_blocked) {
      Object.defineProperty(window, name, { value: memoryStorage(), configurable: true });
    }
  });

  // Tell the embedding page our content height, so the iframe never scrolls inside.
  var parentOrigin = new URLSearchParams(window.location.search).get("origin");
  if (window.parent === window || !parentOrigin) return;
  var lastHeight = -1;
  var watched = null;
  // The document's body is as tall as everything the component shows: watch it, so every change
  // (a list growing, a dialog opening or closing, a font arriving) gives the frame its new height.
  var resizes = new ResizeObserver(function () { postHeight(); });
  function postHeight() {
    if (!document.body) return;
    var height = Math.ceil(document.body.getBoundingClientRect().height);
    if (height !== lastHeight) {
      lastHeight = height;
      window.parent.postMessage({ type: "bc:height", height: height }, parentOrigin);
    }
  }
  // The document's colour scheme follows the component's (its root carries the appearance):
  // form controls, and the frame's canvas, are dark in a dark theme.
  var schemes = new MutationObserver(followScheme);
  function followScheme() {
    var scheme = watched ? window.getComputedStyle(watched).colorScheme : "";
    if (scheme === "dark" || scheme === "light") document.documentElement.style.setProperty("--bc-color-scheme", scheme);
  }
  // React may replace the root element (hydration, re-render): follow whichever is current.
  function follow() {
    var root = document.getElementById("bc-root");
    if (root === watched) return;
    schemes.disconnect();
    watched = root;
    if (root) schemes.observe(root, { attributes: true, attributeFilter: ["style"] });
    followScheme();
    postHeight();
  }
  // The frame is always as tall as its content, so it never needs to scroll; a focus that
  // lands before the new height arrives must not leave the content shifted.
  window.addEventListener("scroll", function () {
    if (window.scrollY || window.scrollX) window.scrollTo(0, 0);
  });
  document.addEventListener("DOMContentLoaded", function () {
    var style = document.createElement("style");
    style.textContent = "html,body{margin:0;padding:0;background:transparent;overflow:hidden}";
    document.head.appendChild(style);
    new MutationObserver(follow).observe(document.body, { childList: true, subtree: true });
    resizes.observe(document.body);
    follow();
  });
})();
