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

  // The embedding page's origin, as the host reads it (SessionState.parent_origin).
  var parentOrigin = (new URLSearchParams(window.location.search).get("origin") || "").replace(/\/+$/, "");
  if (window.parent === window || !parentOrigin) return;

  // The message bridge (connect.js' protocol, see ui/bridge.py). The frame says "bc:ready" now,
  // from its head, so the platform's answer (the client secret) crosses while the app's scripts
  // load and React hydrates; the app takes what arrived when it mounts and hands it to its
  // first event. Only messages from the parent window, from its exact origin, are kept, and only
  // in memory until the app takes them (never in storage or a URL).
  var inbox = [];
  var deliver = null;
  var asked = false; // bc:ready (or bc:expired) was posted and no bc:init has come back yet
  var claimPending = false; // a bc:init was handed to the app and the host has not answered it yet
  window.addEventListener("message", function (event) {
    if (event.source !== window.parent || event.origin !== parentOrigin) return;
    if (!event.data || typeof event.data.type !== "string") return;
    if (deliver) take(event.origin, event.data);
    else inbox.push([event.origin, event.data]);
  });
  function take(origin, data) {
    if (data.type === "bc:init") {
      asked = false;
      claimPending = true;
    }
    deliver({ origin: origin, data: data });
  }
  function post(message) {
    var type = message && message.type;
    if (type === "bc:loaded" || type === "bc:error" || type === "bc:expired") claimPending = false;
    if (type === "bc:ready" || type === "bc:expired") asked = true;
    window.parent.postMessage(message, parentOrigin);
  }
  window.bcBridge = Object.freeze({
    // The app's listener (ui/bridge.py: ParentMessages): first what arrived before it mounted.
    listen: function (listener) {
      deliver = typeof listener === "function" ? listener : null;
      if (deliver) inbox.splice(0).forEach(function (item) { take(item[0], item[1]); });
    },
    post: post,
    // The host has no claimed session for this frame after a (re)connect (its state was lost):
    // ask again, unless a secret is on its way or the app is about to send one.
    ready: function () {
      if (!asked && !claimPending && inbox.length === 0) post({ type: "bc:ready" });
    },
  });
  post({ type: "bc:ready" });

  // Tell the embedding page our content height, so the iframe never scrolls inside.
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
