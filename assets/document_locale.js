// Runs in the head of every component page, before the app mounts: <html lang> and dir from
// the `locale` connect.js put in the frame's URL, so the first paint is already right (an
// Arabic frame starts right-to-left). Only a tag the browser's Intl accepts is used, in its
// canonical form; once the session is up, the server's values (from Babel) replace these.
(function () {
  "use strict";
  try {
    var tag = new URLSearchParams(window.location.search).get("locale");
    if (!tag || tag.length > 35) return;
    var locale = new Intl.Locale(tag.replace(/_/g, "-")).maximize();
    var info = typeof locale.getTextInfo === "function" ? locale.getTextInfo() : locale.textInfo;
    var root = document.documentElement;
    root.lang = new Intl.Locale(tag.replace(/_/g, "-")).baseName;
    root.dir = info && info.direction === "rtl" ? "rtl" : "ltr";
  } catch (_invalid) {
    // not a locale tag: the session's values arrive with the app
  }
})();
