// The demo platform's React page: how most platforms embed Connect components, with the
// official packages, unchanged. The only difference from Stripe's hosted components is the
// <script src=".../connect.js"> tag the page loads before this bundle.
import { useEffect, useMemo, useState } from "react";
import { createRoot } from "react-dom/client";
import { loadConnectAndInitialize } from "@stripe/connect-js";
import { ConnectBalances, ConnectComponentsProvider } from "@stripe/react-connect-js";

const accountId = decodeURIComponent(location.pathname.split("/").pop());
const log = (line) => {
  const el = document.getElementById("log");
  el.textContent += `[${new Date().toLocaleTimeString()}] ${line}\n`;
  el.scrollTop = el.scrollHeight;
};

async function fetchClientSecret() {
  const response = await fetch("/api/account_session", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ account: accountId }),
  });
  const body = await response.json();
  if (!response.ok) {
    log(`account session failed: ${body.error ? body.error.message : response.status}`);
    throw new Error(body.error ? body.error.message : "account session failed");
  }
  log("created an account session");
  return body.client_secret;
}

function App() {
  const [color, setColor] = useState("#635bff");
  const [locale, setLocale] = useState("en-US");
  const [signedOut, setSignedOut] = useState(false);
  const [title, setTitle] = useState("Balances");
  useEffect(() => {
    fetch("/api/accounts").then((r) => r.json()).then((list) => {
      const account = (list.data || []).find((a) => a.id === accountId);
      if (account) setTitle(account.business_profile.name);
    });
  }, []);
  const connectInstance = useMemo(
    () =>
      loadConnectAndInitialize({
        publishableKey: window.DEMO.publishableKey,
        fetchClientSecret,
        appearance: { variables: { colorPrimary: color } },
        locale,
      }),
    [],
  );
  const restyle = (next) => {
    setColor(next.color ?? color);
    setLocale(next.locale ?? locale);
    connectInstance.update({
      appearance: { variables: { colorPrimary: next.color ?? color } },
      locale: next.locale ?? locale,
    });
  };
  const logout = async () => {
    await connectInstance.logout();
    setSignedOut(true);
    log("logged out");
  };
  return (
    <main className="layout">
      <aside className="panel">
        <h2>Look and language</h2>
        <label>
          Locale
          <select id="locale" value={locale} onChange={(e) => restyle({ locale: e.target.value })}>
            <option value="en-US">English (US)</option>
            <option value="de-DE">Deutsch</option>
            <option value="fr-FR">Français</option>
            <option value="ja-JP">日本語</option>
          </select>
        </label>
        <label>
          Primary colour{" "}
          <input type="color" id="color-primary" value={color} onChange={(e) => restyle({ color: e.target.value })} />
        </label>
        <h2 style={{ marginTop: 18 }}>Session</h2>
        <button type="button" id="logout" onClick={logout} disabled={signedOut}>Log out</button>
        <h2 style={{ marginTop: 18 }}>Platform log</h2>
        <pre id="log"></pre>
      </aside>
      <section className="panel">
        <h1 id="account-title">{title}</h1>
        <ConnectComponentsProvider connectInstance={connectInstance}>
          <ConnectBalances
            onLoaderStart={({ elementTagName }) => log(`${elementTagName} loading`)}
            onLoadError={({ elementTagName, error }) => log(`${elementTagName} error (${error.type}): ${error.message}`)}
          />
        </ConnectComponentsProvider>
      </section>
    </main>
  );
}

createRoot(document.getElementById("root")).render(<App />);
