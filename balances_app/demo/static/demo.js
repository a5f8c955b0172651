// The platform page: embeds the balances component with connect.js, as Stripe's docs show.
(function () {
  const accountId = decodeURIComponent(location.pathname.split("/").pop());
  const log = (line) => {
    const el = document.getElementById("log");
    el.textContent += `[${new Date().toLocaleTimeString()}] ${line}\n`;
    el.scrollTop = el.scrollHeight;
  };
  const selectedFeatures = () => Object.fromEntries(
    [...document.querySelectorAll("input[name=feature]")].map((box) => [box.value, box.checked]));
  // A dark theme is a few colours: the component derives the rest (badges, borders, button text).
  const DARK = { colorBackground: "#1a1b25", colorText: "#f5f6f8", colorSecondaryText: "#b6bdc8", colorBorder: "#3a3d4a" };
  const appearance = () => ({
    variables: {
      ...(document.getElementById("theme").value === "dark" ? DARK : {}),
      colorPrimary: document.getElementById("color-primary").value,
    },
  });
  const locale = () => document.getElementById("locale").value;

  async function fetchClientSecret() {
    const response = await fetch("/api/account_session", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ account: accountId, features: selectedFeatures() }),
    });
    const body = await response.json();
    if (!response.ok) {
      log(`account session failed: ${body.error ? body.error.message : response.status}`);
      throw new Error(body.error ? body.error.message : "account session failed");
    }
    log("created an account session");
    return body.client_secret;
  }

  let instance = null;
  function mount() {
    const container = document.getElementById("balances-container");
    if (instance) instance.logout();
    container.replaceChildren();
    instance = window.loadConnectAndInitialize({
      publishableKey: window.DEMO.publishableKey,
      fetchClientSecret,
      appearance: appearance(),
      locale: locale(),
    });
    const balances = instance.create("balances");
    balances.setOnLoadError(({ elementTagName, error }) => log(`${elementTagName} error (${error.type}): ${error.message}`));
    balances.setOnLoaderStart(({ elementTagName }) => log(`${elementTagName} loading`));
    container.appendChild(balances);
  }

  async function advance(days) {
    const response = await fetch("/api/advance_clock", {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ days }),
    });
    const body = await response.json();
    log(response.ok ? `clock moved ${days} day(s): now ${new Date(body.frozen_time * 1000).toDateString()}` : "clock move failed");
    mount();
  }
  document.getElementById("advance-day").addEventListener("click", () => advance(1));
  document.getElementById("advance-week").addEventListener("click", () => advance(7));

  document.querySelectorAll("input[name=feature]").forEach((box) => box.addEventListener("change", mount));
  document.getElementById("locale").addEventListener("change", () => instance.update({ locale: locale() }));
  document.getElementById("color-primary").addEventListener("input", () => instance.update({ appearance: appearance() }));
  document.getElementById("theme").addEventListener("change", () => instance.update({ appearance: appearance() }));

  // One-time codes the component host sent to this account's contact (a platform would email them).
  let shownCodes = 0;
  async function pollCodes() {
    const codes = await (await fetch(`/api/notifications?account=${encodeURIComponent(accountId)}`)).json();
    codes.slice(shownCodes).forEach((n) => log(`code for ${n.email} (${n.purpose}): ${n.code}`));
    shownCodes = codes.length;
  }
  setInterval(pollCodes, 1500);

  // Events the platform's webhook endpoint received and verified with the official stripe package.
  let shownEvents = 0;
  async function pollEvents() {
    const events = await (await fetch(`/api/webhook_events?account=${encodeURIComponent(accountId)}`)).json();
    events.slice(shownEvents).forEach((e) =>
      log(`webhook ${e.type} · ${e.account} · ${e.object_id}${e.amount ? ` · ${e.amount}` : ""}`));
    shownEvents = events.length;
  }
  setInterval(pollEvents, 1000);

  fetch("/api/accounts").then((r) => r.json()).then((list) => {
    const account = (list.data || []).find((a) => a.id === accountId);
    if (account) document.getElementById("account-title").textContent = account.business_profile.name;
  });

  const script = document.createElement("script");
  script.src = window.DEMO.host + "/connect.js";
  script.onload = mount;
  document.head.appendChild(script);
})();
