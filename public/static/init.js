import { initAll } from '/static/nhsuk-frontend.min.js';

// Module scripts run once the document is parsed, so <body> exists here. NHS.UK frontend
// expects this class (normally set by an inline snippet, which our CSP forbids).
document.body.classList.add('js-enabled', 'nhsuk-frontend-supported');
initAll();

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
