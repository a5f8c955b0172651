// The frame's first paint: the platform's appearance from the URL fragment, before the body.
// window.BC_APPEARANCE (above, from ui/appearance.py) holds the server's defaults, patterns and
// formulas; this mirrors ui/colors.py and the part of ui/appearance.py the loading and error
// states use (background, text, secondary text, border, danger, fonts, spacing, radius).
(function (spec) {
  "use strict";
  if (!spec) return;
  var MAX_FRAGMENT = 16384;
  var rules = spec.rules;
  var HEX = new RegExp(rules.hex);
  var FUNCTION = new RegExp(rules.colorFunction);
  var FAMILY = new RegExp(rules.fontFamily);
  var LENGTH = new RegExp(rules.length);
  var SPACE = new RegExp("^[" + rules.space + "]+|[" + rules.space + "]+$", "g");  // CSS's, as the server trims
  var WHITE = [255, 255, 255, 1];
  var BLACK = [0, 0, 0, 1];

  function read() {
    var raw = window.location.hash.slice(1);
    if (!raw) return {};
    // The fragment is ours alone: keep it out of the frame's history and of the app's router.
    window.history.replaceState(window.history.state, "", window.location.pathname + window.location.search);
    if (raw.indexOf("bc=") !== 0 || raw.length > MAX_FRAGMENT) return {};
    try {
      var data = JSON.parse(decodeURIComponent(raw.slice(3)));
      return data && typeof data === "object" ? data : {};
    } catch (_bad) {
      return {};
    }
  }

  function strip(value) { return value.replace(SPACE, ""); }

  /* ---- ui/colors.py ---- */
  function pyRound(x) {  // Python's round(): halves to even
    var r = Math.round(x);
    return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
  }
  function clamp(v, high) { return Math.max(0, Math.min(high, v)); }
  function mod(a, b) { return ((a % b) + b) % b; }
  function hue(m1, m2, h) {
    h = mod(h, 1);
    if (h < 1 / 6) return m1 + (m2 - m1) * h * 6;
    if (h < 0.5) return m2;
    if (h < 2 / 3) return m1 + (m2 - m1) * (2 / 3 - h) * 6;
    return m1;
  }
  function parse(value) {
    if (typeof value !== "string" || value.length > 200) return null;
    value = strip(value);
    // an own name only: "constructor" or "__proto__" would find every object's own properties
    var name = value.toLowerCase();
    if (Object.prototype.hasOwnProperty.call(rules.named, name)) value = rules.named[name];
    var m = HEX.exec(value);
    if (m) {
      var d = m[1].length <= 4 ? m[1].replace(/./g, "$&$&") : m[1];
      var c = [];
      for (var i = 0; i < d.length; i += 2) c.push(parseInt(d.slice(i, i + 2), 16));
      return [c[0], c[1], c[2], c.length === 4 ? c[3] / 255 : 1];
    }
    m = FUNCTION.exec(value.toLowerCase());
    if (!m) return null;
    var a = m[8] === undefined ? 1 : clamp(parseFloat(m[8]) / (m[9] ? 100 : 1), 1);
    if (m[1].indexOf("rgb") === 0) {
      if (m[3] === "deg") return null;
      var rgb = [[m[2], m[3]], [m[4], m[5]], [m[6], m[7]]].map(function (p) {
        return pyRound(clamp(p[1] ? parseFloat(p[0]) * 2.55 : parseFloat(p[0]), 255));
      });
      return rgb.concat([pyRound(a * 255) / 255]);
    }
    if (!(m[5] && m[7])) return null;
    var h = mod(parseFloat(m[2]), 360) / 360, l = clamp(parseFloat(m[6]), 100) / 100, s = clamp(parseFloat(m[4]), 100) / 100;
    var out = [l, l, l];
    if (s !== 0) {
      var m2 = l <= 0.5 ? l * (1 + s) : l + s - l * s, m1 = 2 * l - m2;
      out = [hue(m1, m2, h + 1 / 3), hue(m1, m2, h), hue(m1, m2, h - 1 / 3)];
    }
    return out.map(function (v) { return pyRound(v * 255); }).concat([pyRound(a * 255) / 255]);
  }
  function over(color, back) {
    var a = color[3];
    return [0, 1, 2].map(function (i) { return pyRound(color[i] * a + back[i] * (1 - a)); }).concat([1]);
  }
  function mix(first, second, share) {
    var out = [0, 1, 2].map(function (i) { return pyRound(first[i] * share + second[i] * (1 - share)); });
    return out.concat([pyRound((first[3] * share + second[3] * (1 - share)) * 255) / 255]);
  }
  function luminance(c) {
    var lin = c.slice(0, 3).map(function (v) {
      v = v / 255;
      return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2];
  }
  function contrast(fore, back) {
    back = over(back, WHITE);
    var x = luminance(over(fore, back)), y = luminance(back);
    return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
  }
  function isDark(back) {
    back = over(back, WHITE);
    return contrast(WHITE, back) > contrast(BLACK, back);
  }
  function readable(color, back) {
    if (contrast(color, back) >= spec.aa) return color;
    var target = isDark(back) ? WHITE : BLACK;
    for (var step = 1; step <= 20; step++) {
      var candidate = mix(target, over(color, over(back, WHITE)), step / 20);
      if (contrast(candidate, back) >= spec.aa + 0.05) return candidate;
    }
    return target;
  }
  function hex(c) {
    var s = "#" + c.slice(0, 3).map(function (v) { return pyRound(clamp(v, 255)).toString(16).padStart(2, "0"); }).join("");
    return c[3] >= 1 ? s : s + pyRound(c[3] * 255).toString(16).padStart(2, "0");
  }

  /* ---- ui/appearance_rules.py, for the variables the loading state uses ---- */
  function size(value, range, pxOnly) {
    var m = typeof value === "string" ? LENGTH.exec(strip(value)) : null;
    if (!m) return null;
    var n = parseFloat(m[1]);
    if (pxOnly) return m[2] === "px" && range[0] <= n && n <= range[1] ? m[0] : null;
    return (m[2] === "px" && n >= 1 && n <= range[0]) || (m[2] !== "px" && n >= 0.1 && n <= range[1]) ? m[0] : null;
  }

  function variables(variables) {
    var v = variables && typeof variables === "object" ? variables : {};
    var out = {};
    var family = typeof v.fontFamily === "string" && v.fontFamily.length <= 200 ? strip(v.fontFamily) : "";
    if (FAMILY.test(family)) out["--bc-font-family"] = family;
    var base = size(v.fontSizeBase, rules.fontSizeBase, false);
    if (base) out["--bc-font-size-base"] = base;
    var spacing = size(v.spacingUnit, rules.spacingUnit, true);
    if (spacing) out["--bc-spacing-unit"] = spacing;
    var radius = size(v.borderRadius, rules.borderRadius, true);
    if (radius) out["--bc-border-radius"] = radius;
    var bg = over(parse(v.colorBackground) || WHITE, WHITE);
    var text = readable(parse(v.colorText) || (isDark(bg) ? spec.darkText : spec.lightText), bg);
    out["--bc-color-background"] = hex(bg);
    out["--bc-color-text"] = hex(text);
    out["--bc-color-primary"] = hex(parse(v.colorPrimary) || spec.primary);
    out["--bc-color-danger"] = hex(readable(parse(v.colorDanger) || spec.danger, bg));
    var offset = parse(v.offsetBackgroundColor) || mix(text, bg, spec.offsetShare);
    var secondary = readable(parse(v.colorSecondaryText) || mix(text, bg, spec.secondaryShare), bg);
    var onOffset = readable(secondary, over(offset, bg));
    out["--bc-color-secondary-text"] = hex(contrast(onOffset, bg) >= spec.aa ? onOffset : secondary);
    out["--bc-color-border"] = hex(parse(v.colorBorder) || mix(text, bg, spec.borderShare));
    out.colorScheme = isDark(bg) ? "dark" : "light";
    return out;
  }

  /* ---- fonts: Stripe's `fonts` option, https only, applied through the FontFace API ---- */
  var FONT_NAME = /^[A-Za-z0-9 _-]{1,100}$/;
  var WEIGHT = /^(normal|bold|[1-9]00)( [1-9]00)?$/;
  var STYLE = /^(normal|italic|oblique)$/;
  var DISPLAY = /^(auto|block|swap|fallback|optional)$/;
  var RANGE = /^U\+[0-9A-Fa-f?]{1,6}(-[0-9A-Fa-f]{1,6})?(,\s*U\+[0-9A-Fa-f?]{1,6}(-[0-9A-Fa-f]{1,6})?){0,99}$/;
  var SRC = /url\(\s*(["']?)([^"'()\s\\]{1,2000})\1\s*\)(\s*format\(\s*(["']?)([a-z0-9-]{1,20})\4\s*\))?/g;
  var URL_ARG = "(?:\"[^\"'()\\s\\\\]{1,2000}\"|'[^\"'()\\s\\\\]{1,2000}'|[^\"'()\\s\\\\]{1,2000})";
  var FORMAT_ARG = "(?:\"[a-z0-9-]{1,20}\"|'[a-z0-9-]{1,20}'|[a-z0-9-]{1,20})";
  var ITEM = "url\\(\\s*" + URL_ARG + "\\s*\\)(?:\\s*format\\(\\s*" + FORMAT_ARG + "\\s*\\))?";
  var WHOLE_SRC = new RegExp("^\\s*" + ITEM + "(?:\\s*,\\s*" + ITEM + "){0,7}\\s*$");  // nothing else in it
  var MAX_FACES = 40;
  var faces = 0;

  function httpsUrl(value, base) {
    try {
      var url = new URL(value, base);
      return url.protocol === "https:" && !/["'()\\\s]/.test(url.href) ? url.href : null;
    } catch (_bad) {
      return null;
    }
  }

  function source(src, base) {
    if (typeof src !== "string" || src.length > 4000 || !WHOLE_SRC.test(src)) return null;
    var parts = [], m;
    SRC.lastIndex = 0;
    while ((m = SRC.exec(src)) && parts.length < 8) {
      var url = httpsUrl(m[2], base);
      if (!url) return null;
      parts.push('url("' + url + '")' + (m[5] ? ' format("' + m[5] + '")' : ""));
    }
    return parts.length ? parts.join(", ") : null;
  }

  function addFace(font, base) {
    var family = typeof font.family === "string" ? font.family.trim().replace(/^(["'])(.*)\1$/, "$2") : "";
    var src = source(font.src, base);
    if (!FONT_NAME.test(family) || !src || faces >= MAX_FACES || !document.fonts) return;
    var descriptors = {};
    [["weight", WEIGHT], ["style", STYLE], ["display", DISPLAY], ["unicodeRange", RANGE]].forEach(function (d) {
      if (typeof font[d[0]] === "string" && d[1].test(font[d[0]].trim())) descriptors[d[0]] = font[d[0]].trim();
    });
    try {
      var face = new FontFace(family, src, descriptors);
      faces += 1;
      document.fonts.add(face);
      face.load().catch(function () {});
    } catch (_refused) {
      // a descriptor the browser refuses: that face is skipped
    }
  }

  // The first `limit` characters of a response, then the rest is let go: a file of megabytes, or
  // one that never ends, costs the frame no more memory than that.
  var MAX_CSS = 200000;
  function readAtMost(response, limit) {
    if (!response.ok || !response.body) return "";
    var reader = response.body.getReader(), decoder = new TextDecoder(), text = "";
    function next() {
      return reader.read().then(function (chunk) {
        if (chunk.done) return text + decoder.decode();
        text += decoder.decode(chunk.value, { stream: true });
        if (text.length < limit) return next();
        reader.cancel().catch(function () {});
        return text.slice(0, limit);
      });
    }
    return next();
  }

  // A CSS file of @font-face rules: only those rules are taken, nothing else of the file applies.
  function addCss(cssSrc) {
    var url = httpsUrl(cssSrc);
    if (!url || typeof CSSStyleSheet === "undefined") return;
    window.fetch(url, { credentials: "omit", referrerPolicy: "no-referrer" })
      .then(function (response) { return readAtMost(response, MAX_CSS); })
      .then(function (css) {
        if (!css) return;
        var sheet = new CSSStyleSheet();
        sheet.replaceSync(css.replace(/@import[^;]*;/g, ""));
        Array.prototype.forEach.call(sheet.cssRules, function (rule) {
          if (typeof CSSFontFaceRule === "undefined" || !(rule instanceof CSSFontFaceRule)) return;
          var s = rule.style;
          addFace({
            family: s.getPropertyValue("font-family"), src: s.getPropertyValue("src"),
            weight: s.getPropertyValue("font-weight"), style: s.getPropertyValue("font-style"),
            display: s.getPropertyValue("font-display"), unicodeRange: s.getPropertyValue("unicode-range"),
          }, url);
        });
      })
      .catch(function () {});
  }

  function loadFonts(fonts) {
    if (!Array.isArray(fonts)) return;
    fonts.slice(0, 10).forEach(function (font) {
      if (!font || typeof font !== "object") return;
      if (typeof font.cssSrc === "string") addCss(font.cssSrc);
      else addFace(font);
    });
  }

  /* ---- <html lang> and dir as the server will set them (ui/messages.py), from spec.locales ---- */
  function lookUp(tag) {
    if (!tag || tag.length > 35) return null;
    try {
      var locale = new Intl.Locale(tag.replace(/_/g, "-"));
      // Extensions (-u-nu-arab, -x-...) refine a locale; as on the server, its base name decides.
      var max = locale.maximize();
      var candidates = [locale.baseName, [max.language, max.script, max.region].join("-"),
        [locale.language, locale.region].filter(Boolean).join("-"), max.language + "-" + max.script, locale.language];
      for (var i = 0; i < candidates.length; i++) {
        if (Object.prototype.hasOwnProperty.call(spec.locales, candidates[i])) return spec.locales[candidates[i]];
      }
    } catch (_invalid) {
      // not a locale tag
    }
    return null;
  }

  function documentLocale() {
    var given = new URLSearchParams(window.location.search).get("locale");
    var found = given ? lookUp(given) : null;
    // No locale from the platform: the browser's languages decide, as its Accept-Language does on the server.
    (given ? [] : navigator.languages || []).some(function (tag) { return (found = lookUp(tag)); });
    var root = document.documentElement;
    root.lang = found ? found[0] : "en-US";
    root.dir = found ? found[1] : "ltr";
  }

  var data = read();
  var appearance = data.appearance && typeof data.appearance === "object" ? data.appearance : {};
  var values = Object.assign({}, spec.defaults, variables(appearance.variables));
  var root = document.documentElement;
  Object.keys(values).forEach(function (name) {
    if (name.indexOf("--bc-") === 0) root.style.setProperty(name, values[name]);
  });
  root.style.setProperty("--bc-color-scheme", values.colorScheme);
  // Reflex's colour mode writes html's color-scheme from the browser's preference: the
  // component's own scheme wins (embed.js keeps --bc-color-scheme in step with the server's).
  var scheme = document.createElement("style");
  scheme.textContent = "html{color-scheme:var(--bc-color-scheme) !important}";
  document.head.appendChild(scheme);
  root.style.fontSize = values["--bc-font-size-base"];
  documentLocale();
  loadFonts(data.fonts);
  window.BC_FIRST_PAINT = values;  // what the loading state was drawn with (tests compare it with the server's)
})(window.BC_APPEARANCE);
