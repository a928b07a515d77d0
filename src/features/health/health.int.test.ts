import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../tests/support/test-app';

const TOKEN = 'operator-token-for-tests-0123456789abcdef';
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ env: { OPERATOR_TOKEN: TOKEN } });
});
afterAll(async () => t.close());

describe('/ready', () => {
  it('answers only ok to anyone', async () => {
    const res = await t.app.inject({ url: '/ready' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
    expect(res.body).not.toMatch(/pglite|postgres/i);
  });

  it('gives no details for a wrong or partial token', async () => {
    for (const authorization of [
      `Bearer ${TOKEN}x`,
      `Bearer ${TOKEN.slice(0, -1)}`,
      TOKEN,
      'Bearer ',
    ]) {
      const res = await t.app.inject({ url: '/ready', headers: { authorization } });
      expect(res.json(), authorization).toEqual({ status: 'ok' });
    }
  });

  it('shows the database engine to an operator with the token', async () => {
    const res = await t.app.inject({
      url: '/ready',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', database: t.database.kind, databaseAnswers: true });
  });

  it('shows nobody the details when no operator token is set', async () => {
    const plain = await createTestApp();
    try {
      const res = await plain.app.inject({ url: '/ready', headers: { authorization: 'Bearer ' } });
      expect(res.json()).toEqual({ status: 'ok' });
    } finally {
      await plain.close();
    }
  });
});
