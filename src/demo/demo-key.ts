/**
 * Every demo member of staff has this authenticator-app key, so the demo can be tried with one
 * app entry (or `npm run rapport -- demo-code`). Public by design: demo data only. Kept apart from
 * seed.ts so the CLI can print a code without loading the whole demo.
 */
export const DEMO_TOTP_SECRET = 'DEMORAPPORTSTAFFDEMORAPPORTSTAFF';
