// Loaded at the very start of <body>, before anything is drawn: tells GOV.UK Frontend's styles
// that scripts run here, and whether this browser runs the component modules. A file, never
// inline script, so the content security policy can forbid inline script.
document.body.classList.add('js-enabled');
if ('noModule' in HTMLScriptElement.prototype) {
  document.body.classList.add('govuk-frontend-supported');
}
