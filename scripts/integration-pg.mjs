// Runs the integration tests against PostgreSQL when TEST_DATABASE_URL is set.
// CI sets it (a missing database fails there); on a newcomer's machine this step skips, saying why.
import { spawnSync } from 'node:child_process';

const url = process.env.TEST_DATABASE_URL;
if (!url) {
  if (process.env.CI) {
    console.error(
      'TEST_DATABASE_URL is not set: CI must run the integration tests against PostgreSQL.',
    );
    process.exit(1);
  }
  console.log(
    'SKIPPING PostgreSQL integration tests: set TEST_DATABASE_URL=postgres://user:pass@127.0.0.1:5432/postgres to run them.',
  );
  process.exit(0);
}
const result = spawnSync('npx', ['vitest', 'run', '--project', 'integration'], {
  stdio: 'inherit',
  env: { ...process.env, RAPPORT_TEST_DB: 'postgres' },
});
process.exit(result.status ?? 1);
