import { initAll } from '/static/nhsuk-frontend.min.js';

initAll();
