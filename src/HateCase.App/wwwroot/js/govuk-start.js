// Starts GOV.UK Frontend's components (character counts, error summary focus, skip link, exit
// this page). Every page works without it: this only adds to what the server already sent.
import { initAll } from '/govuk/govuk-frontend.min.js';

initAll();
