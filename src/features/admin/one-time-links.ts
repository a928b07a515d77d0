/**
 * Emails that set a password carry a one-time link (`…/account/set-password?token=…`). Whoever
 * holds it can set the password of that account, so the page of sent messages never shows the
 * token: a manager could otherwise start a reset for anyone, read the link and take the account.
 * The token stays in the outbox, which has to send it.
 */
const TOKEN_IN_LINK = /([?&](?:token|code)=)[^\s&#"'<>]+/gi;

export const HIDDEN_TOKEN = '(hidden)';

export function hideOneTimeLinks(text: string): string {
  return text.replace(TOKEN_IN_LINK, `$1${HIDDEN_TOKEN}`);
}
