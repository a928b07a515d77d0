import { describe, expect, it } from 'vitest';
import { DEMO_DATA_DIR, demoEnvironment, signInLines } from './start';

describe('the demo’s environment', () => {
  it('always uses its own folder, even when DATA_DIR names another', () => {
    const { env, notes } = demoEnvironment({ DATA_DIR: '/srv/rapport/live', PORT: '3000' });
    expect(env.DATA_DIR).toBe(DEMO_DATA_DIR);
    expect(env.PORT).toBe('3000');
    expect(notes.join(' ')).toContain('ignores DATA_DIR (/srv/rapport/live)');
  });

  it('never connects to a configured PostgreSQL database', () => {
    const { env, notes } = demoEnvironment({ DATABASE_URL: 'postgres://live/rapport' });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.DATA_DIR).toBe(DEMO_DATA_DIR);
    expect(notes.join(' ')).toContain('ignores DATABASE_URL');
  });

  it('says nothing when nothing was set aside', () => {
    expect(demoEnvironment({}).notes).toEqual([]);
    expect(demoEnvironment({ DATA_DIR: DEMO_DATA_DIR }).notes).toEqual([]);
  });

  it('lists every sign-in with the shared password', () => {
    const lines = signInLines(
      {
        password: 'pw words',
        totpSecret: 'DEMOKEY',
        accounts: [{ role: 'Therapist', email: 't@demo.rapport.test' }],
      },
      'http://localhost:3000',
    );
    expect(lines.join('\n')).toContain('http://localhost:3000/sign-in');
    expect(lines.join('\n')).toContain('pw words');
    expect(lines.some((l) => l.includes('Therapist') && l.includes('t@demo.rapport.test'))).toBe(
      true,
    );
  });
});
