/*
 * connect.js: embed this server's Connect components, with the public API of Stripe's
 * @stripe/connect-js.
 *
 *   const instance = loadConnectAndInitialize({publishableKey, fetchClientSecret, appearance, locale});
 *   const balances = instance.create("balances");
 *   container.appendChild(balances);
 *
 * Each element frames a component page of this host. The client secret never travels in a
 * URL: the frame says "bc:ready" and receives it by postMessage, addressed to this host's
 * exact origin; messages are accepted only from that origin and that frame.
 */
(function (global) {
  "use strict";

  var script = document.currentScript;
  var HOST = new URL(script && script.src ? script.src : global.location.href).origin;
  /* payouts-family: the rendered components come from the host's registry (GET /embedded/components). */
  var RENDERED = null;
  var rendered = global.fetch(HOST + "/embedded/components", { credentials: "omit" })
    .then(function (response) { return response.json(); })
    .then(function (manifest) { RENDERED = manifest; return manifest; });
  rendered.catch(function () {});
  var KNOWN = [
    "account-onboarding", "account-management", "notification-banner", "payments", "payment-details",
    "payment-disputes", "disputes-list", "payouts", "payouts-list", "payout-details", "balances",
    "balance-report", "payout-reconciliation-report", "documents", "tax-registrations", "tax-settings",
    "financial-account", "financial-account-transactions", "issuing-card", "issuing-cards-list",
    "instant-payouts-promotion",
  ];
  var MAX_EXPIRED_RETRIES = 3;

  function connectError(type, message) {
    return { type: type, message: message };
  }

  function randomId() {
    var bytes = new Uint8Array(24);
    global.crypto.getRandomValues(bytes);
    return Array.from(bytes, function (b) { return b.toString(16).padStart(2, "0"); }).join("");
  }

  /* ---------- elements ---------- */

  class ConnectElement extends HTMLElement {
    constructor() {
      super();
      this._onLoadError = null;
      this._onLoaderStart = null;
      this._pendingErrors = [];
      this._instance = null;
      this._tag = "";
      this._frame = null;
      this._sentSecret = null;
      this._params = {};
      this._onClose = null;
    }

    /* payouts-family: element parameters (payout-details: setPayout) and the close callback. */
    setPayout(payoutId) {
      this._params.payout = String(payoutId || "");
      this._post({ type: "bc:params", params: this._params });
    }

    setOnClose(listener) {
      this._onClose = typeof listener === "function" ? listener : null;
    }

    setOnLoadError(listener) {
      this._onLoadError = typeof listener === "function" ? listener : null;
      var pending = this._pendingErrors.splice(0);
      pending.forEach(this._reportError.bind(this));
    }

    setOnLoaderStart(listener) {
      this._onLoaderStart = typeof listener === "function" ? listener : null;
    }

    connectedCallback() {
      this.style.display = "block";
      this.style.width = "100%";
      if (!this._instance || this._frame || this._instance._loggedOut) return;
      if (RENDERED === null) {
        var self = this;
        rendered.then(function () { self.connectedCallback(); }, function () {
          self._reportError(connectError("api_connection_error", "The component host could not be reached."));
        });
        return;
      }
      if (!RENDERED[this._tag]) {
        var known = KNOWN.indexOf(this._tag) >= 0;
        this._reportError(connectError("invalid_request_error", known
          ? "The " + this._tag + " component is not available on this server yet."
          : "Unknown component: " + this._tag + "."));
        return;
      }
      this._mountFrame();
    }

    _mountFrame() {
      var instance = this._instance;
      var url = new URL(RENDERED[this._tag].path, HOST);
      url.searchParams.set("pk", instance._publishableKey);
      url.searchParams.set("origin", global.location.origin);
      if (instance._locale) url.searchParams.set("locale", instance._locale);
      var frame = document.createElement("iframe");
      frame.src = url.toString();
      frame.title = this._tag.replace(/-/g, " ");
      frame.setAttribute("scrolling", "no");
      frame.style.cssText = "display:block;width:100%;height:0;border:0;overflow:hidden;color-scheme:normal";
      this._frame = frame;
      this.appendChild(frame);
      if (this._onLoaderStart) this._onLoaderStart({ elementTagName: this._tag });
    }

    _reportError(error) {
      if (!this._onLoadError) {
        this._pendingErrors.push(error);
        return;
      }
      this._onLoadError({ elementTagName: this._tag, error: error });
    }

    _post(message) {
      if (this._frame && this._frame.contentWindow) this._frame.contentWindow.postMessage(message, HOST);
    }

    _disable() {
      if (this._frame) this._frame.remove();
      this._frame = null;
    }
  }

  function elementClassFor(tag) {
    var name = "connect-" + tag;
    if (!global.customElements.get(name)) {
      global.customElements.define(name, class extends ConnectElement {});
    }
    return name;
  }

  /* ---------- instances ---------- */

  function ConnectInstance(options) {
    this._publishableKey = options.publishableKey;
    this._fetchClientSecret = options.fetchClientSecret;
    this._appearance = options.appearance || {};
    this._locale = options.locale || "";
    this._id = randomId();
    this._elements = [];
    this._loggedOut = false;
    this._expiredRetries = 0;
    this._secret = null;
    this._refreshSecret();
  }

  ConnectInstance.prototype._refreshSecret = function () {
    var self = this;
    this._secret = Promise.resolve()
      .then(function () { return self._fetchClientSecret(); })
      .then(function (secret) {
        if (typeof secret !== "string" || !secret) throw new Error("fetchClientSecret returned no client secret.");
        return secret;
      });
    this._secret.catch(function () {});
    return this._secret;
  };

  ConnectInstance.prototype.create = function (tagName) {
    var tag = String(tagName || "");
    var element = document.createElement(elementClassFor(/^[a-z-]+$/.test(tag) ? tag : "unknown"));
    element._instance = this;
    element._tag = tag;
    this._elements.push(element);
    return element;
  };

  ConnectInstance.prototype.update = function (options) {
    options = options || {};
    if (options.appearance) this._appearance = options.appearance;
    if (options.locale) this._locale = options.locale;
    var message = { type: "bc:update", appearance: this._appearance, locale: this._locale };
    this._elements.forEach(function (element) { element._post(message); });
  };

  ConnectInstance.prototype.logout = function () {
    var self = this;
    this._loggedOut = true;
    this._elements.forEach(function (element) {
      element._post({ type: "bc:logout" });
      element._disable();
    });
    return this._secret.then(function (secret) {
      return global.fetch(HOST + "/embedded/logout", {
        method: "POST",
        mode: "no-cors",
        body: new URLSearchParams({ client_secret: secret }),
      });
    }).then(function () { self._elements = []; }, function () { self._elements = []; });
  };

  ConnectInstance.prototype._sendInit = function (element) {
    var self = this;
    element._sentSecret = this._secret;
    this._secret.then(function (secret) {
      if (self._loggedOut) return;
      element._post({
        type: "bc:init", clientSecret: secret, instanceId: self._id,
        publishableKey: self._publishableKey, appearance: self._appearance, locale: self._locale,
        params: element._params,
      });
    }, function (error) {
      element._disable();
      element._reportError(connectError("account_session_create_error",
        "fetchClientSecret failed: " + (error && error.message ? error.message : String(error))));
    });
  };

  ConnectInstance.prototype._handle = function (element, data) {
    if (data.type === "bc:ready") {
      this._sendInit(element);
    } else if (data.type === "bc:height" && typeof data.height === "number" && element._frame) {
      element._frame.style.height = Math.max(0, Math.round(data.height)) + "px";
    } else if (data.type === "bc:close") {
      if (element._onClose) element._onClose();
    } else if (data.type === "bc:loaded") {
      this._expiredRetries = 0;
    } else if (data.type === "bc:expired") {
      if (++this._expiredRetries > MAX_EXPIRED_RETRIES) {
        element._disable();
        element._reportError(connectError("authentication_error", "The account session keeps expiring."));
        return;
      }
      // Several frames may report the same expired secret: fetch a new one only once.
      if (element._sentSecret === this._secret) this._refreshSecret();
      this._sendInit(element);
    } else if (data.type === "bc:error" && data.error) {
      element._disable();
      element._reportError(connectError(String(data.error.type || "api_error"), String(data.error.message || "")));
    }
  };

  global.addEventListener("message", function (event) {
    if (event.origin !== HOST || !event.data || typeof event.data.type !== "string") return;
    instances.forEach(function (instance) {
      instance._elements.forEach(function (element) {
        if (element._frame && element._frame.contentWindow === event.source) instance._handle(element, event.data);
      });
    });
  });

  var instances = [];

  function loadConnectAndInitialize(options) {
    if (!options || typeof options.publishableKey !== "string" || !options.publishableKey) {
      throw new Error("loadConnectAndInitialize needs a publishableKey.");
    }
    if (typeof options.fetchClientSecret !== "function") {
      throw new Error("loadConnectAndInitialize needs a fetchClientSecret function.");
    }
    var instance = new ConnectInstance(options);
    instances.push(instance);
    return instance;
  }

  global.loadConnectAndInitialize = loadConnectAndInitialize;
})(window);
