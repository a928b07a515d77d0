// Module scripts run once the document is parsed, so <body> exists here. NHS.UK frontend
// expects this class (normally set by an inline snippet, which our CSP forbids).
document.body.classList.add('js-enabled', 'nhsuk-frontend-supported');

// Filled in when served: each component's module and init function, by its data-module name.
// A page loads only the modules of the components it has; without them, the whole bundle.
const COMPONENTS = null;
if (COMPONENTS) {
  const present = new Set(
    Array.from(document.querySelectorAll('[data-module]'), (el) => el.getAttribute('data-module')),
  );
  await Promise.all(
    Object.entries(COMPONENTS)
      .filter(([name]) => present.has(name))
      .map(async ([, [url, init]]) => (await import(url))[init]()),
  );
} else {
  (await import('/static/nhsuk-frontend.min.js')).initAll();
}

// NHS.UK frontend 10 sets aria-expanded on radios and checkboxes that reveal conditional
// content. ARIA does not allow that attribute on those roles (axe: aria-allowed-attr), and
// GOV.UK Frontend dropped it for the same reason; screen readers announce the revealed fields
// anyway. Remove it now and whenever the design system sets it again.
const conditionalInputs = document.querySelectorAll(
  'input[type="radio"][aria-controls], input[type="checkbox"][aria-controls]',
);
const strip = (el) => {
  const isChoice =
    el instanceof HTMLInputElement && (el.type === 'radio' || el.type === 'checkbox');
  if (isChoice && el.hasAttribute('aria-expanded')) el.removeAttribute('aria-expanded');
};
conditionalInputs.forEach(strip);
if (conditionalInputs.length > 0) {
  new MutationObserver((records) => records.forEach((r) => strip(r.target))).observe(
    document.body,
    {
      attributes: true,
      attributeFilter: ['aria-expanded'],
      subtree: true,
    },
  );
}

// Escape closes the header's "More" menu (NHS.UK frontend) but leaves focus on a link it has just
// hidden, so a keyboard user is lost at the top of the page (WCAG 2.4.3). Move focus back to the
// menu's button first; the design system's own handler then closes the menu.
window.addEventListener(
  'keydown',
  (event) => {
    if (event.key !== 'Escape') return;
    const focused = document.activeElement;
    const list = focused?.closest('.nhsuk-header__menu-list');
    if (!list) return;
    list.closest('.nhsuk-header')?.querySelector('.nhsuk-header__menu-toggle')?.focus();
  },
  true,
);
