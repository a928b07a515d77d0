// Marks the page as scripted so NHS.UK components enhance themselves; an external file because
// the content security policy allows no inline script.
document.documentElement.classList.add('js-enabled');
document.addEventListener('DOMContentLoaded', function () {
  document.body.classList.add('js-enabled', 'nhsuk-frontend-supported');
});
