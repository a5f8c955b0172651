/*
 * connect.js: embed this server's Connect components, with the public API of Stripe's
 * @stripe/connect-js, and as a drop-in for the official npm packages.
 *
 *   const instance = loadConnectAndInitialize({publishableKey, fetchClientSecret, appearance, locale});
 *   const balances = instance.create("balances");
 *   container.appendChild(balances);
 *
 * It also defines `window.StripeConnect.init` and the `stripe-connect-<component>` custom
 * elements, which is what the official `@stripe/connect-js` loader looks for: when this script
 * is on the page before the platform's bundle, `loadConnectAndInitialize` from the npm package
 * (and every `@stripe/react-connect-js` wrapper) runs on this host, unchanged. The loader calls
 * `StripeConnect.init({..., metaOptions: {eagerClientSecretPromise}})`, then `setConnector(
 * instance.connect)` and `<method>InternalOnly(value)` on each element.
 *
 * Each element frames a component page of this host. The client secret never travels in a
 * URL: the frame says "bc:ready" and receives it by postMessage, addressed to this host's
 * exact origin; messages are accepted only from that origin and that frame.
 */
(function (global) {
  "use strict";

  var script = document.currentScript;
  var HOST = new URL(script && script.src ? script.src : global.location.href).origin;
  var PREFIX = "stripe-connect-";
  // The rendered components come from the host's registry (GET /embedded/components): {tag: {path, params}}.
  var RENDERED = null;
  var rendered = global.fetch(HOST + "/embedded/components", { credentials: "omit" })
    .then(function (response) { return response.json(); })
    .then(function (manifest) { RENDERED = manifest; return manifest; });
  rendered.catch(function () {});
  // The registry's entry for a tag, if it has one of its own ("constructor" is not a component).
  function unitOf(tag) {
    return RENDERED && Object.prototype.hasOwnProperty.call(RENDERED, tag) ? RENDERED[tag] : null;
  }
  // Stripe's component names (connectElementTagNames in @stripe/connect-js), and their own setters.
  var KNOWN = [
    "account-onboarding", "disputes-list", "payments", "payment-details", "payment-disputes", "payouts",
    "payouts-list", "payout-details", "balances", "account-management", "notification-banner",
    "instant-payouts-promotion", "issuing-card", "issuing-cards-list", "financial-account",
    "financial-account-transactions", "documents", "tax-registrations", "tax-settings", "balance-report",
    "payout-reconciliation-report",
  ];
  var CUSTOM_SETTERS = [
    "setFullTermsOfServiceUrl", "setRecipientTermsOfServiceUrl", "setPrivacyPolicyUrl",
    "setSkipTermsOfServiceCollection", "setCollectionOptions", "setOnExit", "setOnStepChange", "setOnSectionOpen",
    "setOnNotificationsChange", "setOnInstantPayoutsPromotionLoaded", "setOnInstantPayoutCreated",
    "setDefaultCard", "setCardSwitching", "setFetchEphemeralKey", "setShowSpendControls", "setIssuingProgram",
    "setFinancialAccount", "setDefaultFilters", "setPayment", "setOnClose", "setOnDisputesLoaded",
    "setHideProductTaxCodeSelector", "setDisplayHeadOfficeCountries", "setOnTaxSettingsUpdated",
    "setOnAfterTaxRegistrationAdded", "setDisplayCountries", "setOnAfterTaxRegistrationExpired", "setPayout",
    "setOnReportAvailabilityLoaded",
  ];
  var MAX_EXPIRED_RETRIES = 3;
  var MAX_FRAGMENT = 16384; // the frame ignores a longer one

  function connectError(type, message) {
    return { type: type, message: message };
  }

  // What the frame can use of the platform's options, as plain data of bounded size: a
  // structured clone refuses functions and proxies (Vue's reactive objects), and a message
  // over Socket.IO's frame limit would drop the frame's connection. The frame checks every
  // value again; this only keeps what it could accept (strings up to 200 characters).
  function plainAppearance(appearance) {
    var out = { variables: {} };
    try {
      var variables = appearance && appearance.variables;
      if (variables && typeof variables === "object") {
        Object.keys(variables).slice(0, 200).forEach(function (name) {
          var value = variables[name];
          if (name.length <= 100 && typeof value === "string" && value.length <= 200) out.variables[name] = value;
        });
      }
      if (appearance && typeof appearance.overlays === "string" && appearance.overlays.length <= 20) {
        out.overlays = appearance.overlays;
      }
    } catch (_unreadable) {
      // a getter that throws, a revoked proxy: what was read so far
    }
    return out;
  }

  // A locale tag as the frame reads it (BCP 47 letters, digits, - and _), else none: the
  // frame then follows the browser's language. A longer value would make the frame's URL too long.
  function plainLocale(locale) {
    return typeof locale === "string" && /^[A-Za-z0-9_-]{1,35}$/.test(locale) ? locale : "";
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
      this._tag = this.localName.indexOf(PREFIX) === 0 ? this.localName.slice(PREFIX.length) : this.localName;
      this._frame = null;
      this._failed = false;
      this._loaderStarted = false;
      this._loaderStartReported = false;
      this._sentSecret = null;
      this._params = {};
      this._onClose = null;
    }

    // Element parameters (payout-details: setPayout) and the close callback, for both loaders.
    setPayout(payoutId) { this.setPayoutInternalOnly(payoutId); }
    setOnClose(listener) { this.setOnCloseInternalOnly(listener); }

    setPayoutInternalOnly(payoutId) {
      this._params.payout = String(payoutId || "");
      this._post({ type: "bc:params", params: this._params });
    }

    setOnCloseInternalOnly(listener) {
      this._onClose = typeof listener === "function" ? listener : null;
    }

    // The public setters: the official loader replaces them on each element by wrappers that
    // call the `...InternalOnly` methods once the instance exists; our own loader keeps these.
    setOnLoadError(listener) { this.setOnLoadErrorInternalOnly(listener); }
    setOnLoaderStart(listener) { this.setOnLoaderStartInternalOnly(listener); }

    setOnLoadErrorInternalOnly(listener) {
      this._onLoadError = typeof listener === "function" ? listener : null;
      if (this._onLoadError) this._pendingErrors.splice(0).forEach(this._reportError.bind(this));
    }

    setOnLoaderStartInternalOnly(listener) {
      this._onLoaderStart = typeof listener === "function" ? listener : null;
      this._reportLoaderStart();
    }

    // `instance.connect` of an instance made by StripeConnect.init (the official loader passes it).
    setConnector(connector) {
      if (!(connector instanceof ConnectInstance) || this._instance === connector) return;
      this._instance = connector;
      connector._elements.push(this);
      this._start();
    }

    connectedCallback() {
      this.style.display = "block";
      this.style.width = "100%";
      this._start();
    }

    _start() {
      var instance = this._instance;
      if (!instance || !this.isConnected || this._frame || this._failed) return;
      if (RENDERED === null) {
        var self = this;
        rendered.then(function () { self._start(); }, function () {
          self._fail(connectError("api_connection_error", "The component host could not be reached."));
        });
        return;
      }
      if (instance._loggedOut) {
        this._fail(connectError("authentication_error", "This session has been logged out."));
      } else if (!unitOf(this._tag)) {
        this._fail(connectError("invalid_request_error", KNOWN.indexOf(this._tag) >= 0
          ? "The " + this._tag + " component is not available on this server yet."
          : "Unknown component: " + this._tag + "."));
      } else {
        this._mountFrame();
      }
    }

    _mountFrame() {
      var instance = this._instance;
      var url = new URL(unitOf(this._tag).path, HOST);
      url.searchParams.set("pk", instance._publishableKey);
      url.searchParams.set("origin", global.location.origin);
      if (instance._locale) url.searchParams.set("locale", instance._locale);
      // Appearance, locale and fonts ride in the fragment (never sent to a server, so never in a
      // log): the frame draws its first paint with them, then the server checks them again.
      var first = instance._firstLoad();
      if (first) url.hash = first;
      var frame = document.createElement("iframe");
      frame.src = url.toString();
      frame.title = this._tag.replace(/-/g, " ");
      frame.setAttribute("scrolling", "no");
      frame.style.cssText = "display:block;width:100%;height:0;border:0;overflow:hidden;color-scheme:normal";
      this._frame = frame;
      this.appendChild(frame);
      this._loaderStarted = true;
      this._reportLoaderStart();
    }

    // Fired once per element, also when the platform sets its listener after the frame started.
    _reportLoaderStart() {
      if (!this._loaderStarted || this._loaderStartReported || !this._onLoaderStart) return;
      this._loaderStartReported = true;
      this._onLoaderStart({ elementTagName: this._tag });
    }

    _reportError(error) {
      if (!this._onLoadError) {
        this._pendingErrors.push(error);
        return;
      }
      this._onLoadError({ elementTagName: this._tag, error: error });
    }

    // A load error the frame cannot show (no frame, or the loader failed): show it in the
    // element's place instead of collapsing to nothing, and report it.
    _fail(error) {
      this._failed = true;
      this._disable();
      var variables = (this._instance && this._instance._appearance.variables) || {};
      var box = document.createElement("div");
      box.setAttribute("role", "alert");
      box.setAttribute("data-connect-error", error.type);
      // The frame's own error state, drawn here with the same appearance variables.
      box.style.cssText = "box-sizing:border-box;margin:2px;padding:12px;border:1px solid;line-height:1.4;font-size:16px";
      box.style.fontFamily = variables.fontFamily || "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, sans-serif";
      // Text in the platform's main text colour (the danger colour marks the border only), so it
      // stays readable on its background in any theme.
      box.style.color = variables.colorText || "#353a44";
      box.style.borderColor = variables.colorDanger || "#df1b41";
      box.style.borderRadius = variables.borderRadius || "8px";
      box.style.background = variables.colorBackground || "#ffffff";
      var title = document.createElement("div");
      title.style.cssText = "font-weight:600;font-size:1.15em;margin-bottom:6px";
      title.textContent = "This component could not load";
      var detail = document.createElement("div");
      detail.style.fontSize = "0.875em";
      detail.textContent = error.message || error.type;
      box.append(title, detail);
      this.replaceChildren(box);
      this._reportError(error);
    }

    _post(message) {
      if (this._frame && this._frame.contentWindow) this._frame.contentWindow.postMessage(message, HOST);
    }

    _disable() {
      if (this._frame) this._frame.remove();
      this._frame = null;
    }
  }

  CUSTOM_SETTERS.forEach(function (name) {
    // Setters of components not rendered here yet: accepted (they load with an error).
    if (!ConnectElement.prototype[name + "InternalOnly"]) ConnectElement.prototype[name + "InternalOnly"] = function () {};
  });

  KNOWN.forEach(function (tag) {
    if (!global.customElements.get(PREFIX + tag)) global.customElements.define(PREFIX + tag, class extends ConnectElement {});
  });
  if (!global.customElements.get(PREFIX + "unknown")) {
    global.customElements.define(PREFIX + "unknown", class extends ConnectElement {});
  }

  /* ---------- instances ---------- */

  function ConnectInstance(options) {
    var metaOptions = options.metaOptions || {};
    this._publishableKey = options.publishableKey;
    this._fetchClientSecret = options.fetchClientSecret;
    this._appearance = plainAppearance(options.appearance);
    this._locale = plainLocale(options.locale);
    // Stripe's `fonts` init option (fonts cannot be updated later, as with Stripe's).
    this._fonts = Array.isArray(options.fonts) ? options.fonts : [];
    this._id = randomId();
    this._elements = [];
    this._loggedOut = false;
    this._expiredRetries = 0;
    this._secret = null;
    // The official loader already called fetchClientSecret once and hands us that promise.
    this._refreshSecret(metaOptions.eagerClientSecretPromise);
  }

  ConnectInstance.prototype._refreshSecret = function (eager) {
    var self = this;
    this._secret = (eager ? Promise.resolve(eager) : Promise.resolve().then(function () { return self._fetchClientSecret(); }))
      .then(function (secret) {
        if (typeof secret !== "string" || !secret) throw new Error("fetchClientSecret returned no client secret.");
        return secret;
      });
    this._secret.catch(function () {});
    return this._secret;
  };

  // "bc=<json>" for the iframe's fragment: plain data only, within the frame's size limit.
  ConnectInstance.prototype._firstLoad = function () {
    var appearance = this._appearance || {};
    var candidates = [
      { appearance: appearance, locale: this._locale, fonts: this._fonts },
      { appearance: appearance, locale: this._locale },
    ];
    for (var i = 0; i < candidates.length; i++) {
      try {
        var fragment = "bc=" + encodeURIComponent(JSON.stringify(candidates[i]));
        if (fragment.length <= MAX_FRAGMENT) return fragment;
      } catch (_unserializable) {
        return "";
      }
    }
    return "";
  };

  ConnectInstance.prototype.update = function (options) {
    options = options || {};
    if (options.appearance) this._appearance = plainAppearance(options.appearance);
    if (options.locale) this._locale = plainLocale(options.locale);
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
      element._fail(connectError("account_session_create_error",
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
        element._fail(connectError("authentication_error", "The account session keeps expiring."));
        return;
      }
      // Several frames may report the same expired secret: fetch a new one only once.
      if (element._sentSecret === this._secret) this._refreshSecret();
      this._sendInit(element);
    } else if (data.type === "bc:error" && data.error) {
      // The frame shows the error itself (it stays, at its content's height); tell the platform.
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

  /* ---------- the public instance: what StripeConnect.init returns ---------- */

  function init(options) {
    if (!options || typeof options.publishableKey !== "string" || !options.publishableKey) {
      throw new Error("loadConnectAndInitialize needs a publishableKey.");
    }
    if (typeof options.fetchClientSecret !== "function") {
      throw new Error("loadConnectAndInitialize needs a fetchClientSecret function.");
    }
    var instance = new ConnectInstance(options);
    instances.push(instance);
    return {
      connect: instance,
      create: function (tagName) {
        var tag = String(tagName || "");
        var name = KNOWN.indexOf(tag) >= 0 ? PREFIX + tag : PREFIX + "unknown";
        var element = document.createElement(name);
        element._tag = tag;
        element.setConnector(instance);
        return element;
      },
      update: function (options) { instance.update(options); },
      logout: function () { return instance.logout(); },
    };
  }

  global.StripeConnect = global.StripeConnect || {};
  global.StripeConnect.init = init;
  global.loadConnectAndInitialize = init;
})(window);
