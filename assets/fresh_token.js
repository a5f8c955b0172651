// Runs first in the head of every component page, before the app starts.
// Reflex keeps its client token in sessionStorage, which a same-site iframe shares with every
// earlier frame of the same tab: a frame loaded again would replay the previous frame's state
// (another account's figures) before its own session is claimed. Each frame load therefore
// starts with a new token, and so with empty state. (A cross-site frame has no storage to
// clear: embed.js gives it an in-memory one.)
(function () {
  "use strict";
  try {
    window.sessionStorage.removeItem("token");
  } catch (_blocked) {
    // third-party storage blocked: nothing is kept between loads anyway
  }
})();
