// Passkeys need the browser's WebAuthn API, so these forms are hidden until this script shows
// them; without JavaScript (or WebAuthn) people use the code from their authenticator app.
(function () {
  const lib = window.SimpleWebAuthnBrowser;
  if (!lib || !lib.browserSupportsWebAuthn()) return;

  function wire(form, optionsAttr, ceremony) {
    const options = JSON.parse(form.getAttribute(optionsAttr));
    const field = form.querySelector('input[name="credential"]');
    const error = form.querySelector('[data-passkey-error]');
    form.hidden = false;
    form.addEventListener('submit', async (event) => {
      if (field.value) return; // the signed answer is in: let the form post
      event.preventDefault();
      try {
        const answer = await ceremony({ optionsJSON: options });
        field.value = JSON.stringify(answer);
        form.submit();
      } catch (e) {
        if (error) {
          error.hidden = false;
          error.textContent =
            'Your passkey could not be used. Try again, or use another way to confirm it is you.';
        }
        console.warn('passkey', e);
      }
    });
  }

  const signIn = document.getElementById('passkey-sign-in');
  if (signIn) wire(signIn, 'data-passkey-options', lib.startAuthentication);
  const register = document.getElementById('passkey-register');
  if (register) wire(register, 'data-passkey-options', lib.startRegistration);
})();
