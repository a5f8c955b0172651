// The platform's payouts pages: `payouts` and `payouts-list` embedded as they are, and a list
// the platform builds itself that opens `payout-details` on click, as Stripe's docs show.
(function () {
  const parts = location.pathname.split("/");
  const accountId = decodeURIComponent(parts[2]);
  const pageName = parts[3];
  const custom = document.body.dataset.page === "custom";
  const log = (line) => {
    const el = document.getElementById("log");
    el.textContent += `[${new Date().toLocaleTimeString()}] ${line}\n`;
    el.scrollTop = el.scrollHeight;
  };
  const selectedFeatures = () => Object.fromEntries(
    [...document.querySelectorAll("input[name=feature]")].map((box) => [box.value, box.checked]));
  const localeBox = document.getElementById("locale");
  const locale = () => (localeBox ? localeBox.value : "en-US");
  const component = custom ? "payout_details" : pageName.replace("-", "_");

  document.getElementById("pages").replaceChildren(...[
    ["", "Balances"], ["/payouts", "Payouts"], ["/payouts-list", "Payouts list"], ["/custom-payouts", "Custom list + details"],
  ].map(([path, label]) => {
    const a = document.createElement("a");
    a.href = `/accounts/${encodeURIComponent(accountId)}${path}`;
    a.textContent = label;
    a.style.display = "block";
    return a;
  }));

  async function fetchClientSecret() {
    const response = await fetch("/api/account_session", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ account: accountId, component, features: selectedFeatures() }),
    });
    const body = await response.json();
    if (!response.ok) throw new Error(body.error ? body.error.message : "account session failed");
    log(`created an account session for ${component}`);
    return body.client_secret;
  }

  let instance = null;
  function newInstance() {
    if (instance) instance.logout();
    instance = window.loadConnectAndInitialize({ publishableKey: window.DEMO.publishableKey, fetchClientSecret, locale: locale() });
    return instance;
  }
  function watch(element) {
    element.setOnLoadError(({ elementTagName, error }) => log(`${elementTagName} error (${error.type}): ${error.message}`));
    element.setOnLoaderStart(({ elementTagName }) => log(`${elementTagName} loading`));
    return element;
  }

  function mount() {
    const container = document.getElementById("component-container");
    container.replaceChildren();
    if (custom) return;
    container.appendChild(watch(newInstance().create(pageName)));
  }

  function openDetails(payoutId) {
    const container = document.getElementById("component-container");
    const details = watch((instance || newInstance()).create("payout-details"));
    details.setPayout(payoutId);
    details.setOnClose(() => { log(`closed ${payoutId}`); container.replaceChildren(); });
    container.replaceChildren(details);
  }

  async function customList() {
    const body = await (await fetch(`/api/payouts?account=${encodeURIComponent(accountId)}`)).json();
    const money = (p) => new Intl.NumberFormat(locale(), { style: "currency", currency: p.currency.toUpperCase() })
      .format(p.amount / 10 ** (["jpy", "krw", "vnd", "clp", "xof"].includes(p.currency) ? 0 : 2));
    document.getElementById("custom-payouts").replaceChildren(...(body.data || []).map((p) => {
      const tr = document.createElement("tr");
      tr.dataset.payout = p.id;
      [money(p), p.status, new Date(p.arrival_date * 1000).toLocaleDateString(locale()), p.id].forEach((text) => {
        const td = document.createElement("td");
        td.textContent = text;
        tr.appendChild(td);
      });
      tr.addEventListener("click", () => openDetails(p.id));
      return tr;
    }));
  }

  async function advance(days) {
    const response = await fetch("/api/advance_clock", {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ days }),
    });
    log(response.ok ? `clock moved ${days} day(s)` : "clock move failed");
    mount();
  }
  const on = (id, event, fn) => { const el = document.getElementById(id); if (el) el.addEventListener(event, fn); };
  on("advance-day", "click", () => advance(1));
  on("advance-week", "click", () => advance(7));
  on("locale", "change", () => instance && instance.update({ locale: locale() }));
  document.querySelectorAll("input[name=feature]").forEach((box) => box.addEventListener("change", mount));

  const script = document.createElement("script");
  script.src = window.DEMO.host + "/connect.js";
  script.onload = () => (custom ? customList() : mount());
  document.head.appendChild(script);
})();
