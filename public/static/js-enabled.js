// Marks the document as scripted as early as possible (before first paint) so styles for
// enhanced components apply without a flash. An external file: the CSP allows no inline script.
document.documentElement.classList.add('js-enabled');
