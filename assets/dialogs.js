// Runs in the head of every component page: modal dialogs behave as dialogs do (WAI-ARIA APG).
// A dialog is any element with role="dialog" and aria-modal="true" that the server renders. When
// one appears, focus moves to its first control; Tab and Shift+Tab stay inside it; Escape clicks
// its own close button (marked data-dialog-close, or named by the dialog's data-dialog-close),
// so the server closes it through the same handler as a click; when it goes away, focus returns
// to the control that opened it (found again by id or data-testid if the page re-rendered it),
// or to its section.
(function () {
  "use strict";

  var DIALOGS = '[role="dialog"][aria-modal="true"]';
  var FOCUSABLE =
    'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), ' +
    'select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';
  var open = []; // {key, element, opener}, the most recently opened last
  var lastFocus = null;

  function keyOf(dialog) {
    return dialog.id || dialog.getAttribute("data-testid") || dialog.getAttribute("aria-label") || "";
  }

  function focusables(dialog) {
    return Array.prototype.filter.call(dialog.querySelectorAll(FOCUSABLE), function (el) {
      return el.getClientRects().length > 0;
    });
  }

  function focusInto(dialog) {
    var first = dialog.querySelector("[autofocus]") || focusables(dialog)[0];
    if (first) first.focus();
  }

  function remember(el) {
    if (!el || el === document.body) return null;
    var section = el.closest("section");
    return { element: el, id: el.id, testid: el.getAttribute("data-testid"), section: section };
  }

  function usable(el) {
    return el && el.isConnected && !el.disabled && el.getClientRects().length > 0 ? el : null;
  }

  function find(opener) {
    if (!opener) return null;
    return (
      usable(opener.element) ||
      (opener.id && usable(document.getElementById(opener.id))) ||
      (opener.testid && usable(document.querySelector('[data-testid="' + CSS.escape(opener.testid) + '"]'))) ||
      null
    );
  }

  // The opener is gone (its row was removed) or disabled: its section's heading, or the
  // section itself (each is named), takes the focus instead of the page.
  function sectionHeading(opener) {
    var section = opener && opener.section && opener.section.isConnected ? opener.section : null;
    var target = section && (section.querySelector("h1, h2, h3") || section);
    if (!target) return null;
    target.setAttribute("tabindex", "-1");
    return target;
  }

  function lost() {
    var active = document.activeElement;
    return !active || active === document.body || !active.isConnected;
  }

  function update() {
    var present = Array.prototype.slice.call(document.querySelectorAll(DIALOGS));
    var closed = [];
    open = open.filter(function (entry) {
      var now = present.find(function (d) { return keyOf(d) === entry.key; });
      if (!now) {
        closed.push(entry);
        return false;
      }
      if (now !== entry.element) {
        // Re-rendered in place: same dialog, new element. Keep the focus inside it.
        entry.element = now;
        if (document.hasFocus() && lost()) focusInto(now);
      }
      return true;
    });
    present.forEach(function (dialog) {
      if (open.some(function (entry) { return entry.element === dialog; })) return;
      var opener = lastFocus && !dialog.contains(lastFocus) ? remember(lastFocus) : null;
      open.push({ key: keyOf(dialog), element: dialog, opener: opener });
      // A dialog shown while the platform's page has the focus (payout-details opened from the
      // platform's own list) waits for it: Tab into the frame then lands on its first control.
      if (document.hasFocus()) focusInto(dialog);
    });
    if (!closed.length || !document.hasFocus()) return;
    var top = open[open.length - 1];
    var target = null;
    for (var i = closed.length - 1; i >= 0 && !target; i--) target = find(closed[i].opener);
    target = target || sectionHeading(closed[closed.length - 1].opener);
    if (top && (!target || !top.element.contains(target))) {
      if (!top.element.contains(document.activeElement)) focusInto(top.element);
    } else if (target) {
      target.focus();
    }
  }

  document.addEventListener("focusin", function (event) { lastFocus = event.target; }, true);

  document.addEventListener(
    "keydown",
    function (event) {
      var top = open[open.length - 1];
      if (!top || !top.element.isConnected) return;
      if (event.key === "Escape") {
        var named = top.element.getAttribute("data-dialog-close");
        var close = (named && document.getElementById(named)) || top.element.querySelector("[data-dialog-close]");
        if (close && !close.disabled) {
          event.preventDefault();
          close.click();
        }
      } else if (event.key === "Tab") {
        var items = focusables(top.element);
        var index = items.indexOf(document.activeElement);
        if (!items.length) {
          event.preventDefault();
        } else if (event.shiftKey && index <= 0) {
          event.preventDefault();
          items[items.length - 1].focus();
        } else if (!event.shiftKey && (index === -1 || index === items.length - 1)) {
          event.preventDefault();
          items[0].focus();
        }
      }
    },
    true
  );

  document.addEventListener("DOMContentLoaded", function () {
    new MutationObserver(update).observe(document.body, { childList: true, subtree: true });
    update();
  });
})();
