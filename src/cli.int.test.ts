import { expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { cliInTempFolder } from '../tests/support/cli';
import { openDatabase } from './db/client';
import { describeInEmbeddedRun } from '../tests/support/runs';

const { dir, run } = cliInTempFolder('rapport-cli-');

describeInEmbeddedRun('operator CLI', () => {
  it('shows the version', async () => {
    const r = await run('version');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^rapport \d+\.\d+\.\d+$/);
  });
  it('refuses bad arguments with usage and a non-zero exit', async () => {
    expect((await run()).code).toBe(2);
    expect((await run('frobnicate')).err).toContain('unknown command "frobnicate"');
    const noRole = await run('create-user', '--email', 'a@b.nhs.uk', '--name', 'A');
    expect(noRole.code).toBe(2);
    expect(noRole.err).toContain('--role');
    const badRole = await run(
      'create-user',
      '--email',
      'a@b.nhs.uk',
      '--name',
      'A',
      '--role',
      'wizard',
    );
    expect(badRole.code).toBe(2);
    expect(badRole.err).toContain('unknown role wizard');
    expect((await run('create-user', '--bogus')).code).toBe(2);
    expect(
      (await run('create-user', '--email', 'not-an-email', '--name', 'A', '--role', 'therapist'))
        .code,
    ).toBe(2);
  });
  it('migrates, creates a user with an invitation link, and issues a reset link', async () => {
    expect((await run('migrate')).code).toBe(0);
    const created = await run(
      'create-user',
      '--email',
      'sam@example.nhs.uk',
      '--name',
      'Sam Okafor',
      '--role',
      'therapist',
      '--role',
      'supervisor',
    );
    expect(created.code).toBe(0);
    expect(created.out).toMatch(/\/account\/set-password\?token=[\w-]{20,}/);
    const again = await run(
      'create-user',
      '--email',
      'sam@example.nhs.uk',
      '--name',
      'Sam',
      '--role',
      'therapist',
    );
    expect(again.code).toBe(1);
    const reset = await run('reset-password', '--email', 'sam@example.nhs.uk');
    expect(reset.code).toBe(0);
    expect(reset.out).toContain('valid 1 hour');
    expect((await run('reset-password', '--email', 'ghost@example.nhs.uk')).code).toBe(1);
  }, 60_000);
  it('creates a second service reached at its host, and accounts in it', async () => {
    const made = await run(
      'create-service',
      '--slug',
      'leeds',
      '--name',
      'Leeds Talking Therapies',
      '--host',
      'IPT.Leeds.example',
    );
    expect(made.code).toBe(0);
    expect(made.out).toContain('ipt.leeds.example');
    expect(
      (
        await run(
          'create-service',
          '--slug',
          'york',
          '--name',
          'York',
          '--host',
          'ipt.leeds.example',
        )
      ).err,
    ).toContain('already reaches another service');
    expect(
      (await run('create-service', '--slug', 'leeds', '--name', 'Again', '--host', 'x.example'))
        .code,
    ).toBe(1);
    expect((await run('create-service', '--slug', 'york', '--name', 'York')).code).toBe(2);
    // The same email may hold an account in each service.
    const inLeeds = await run(
      'create-user',
      '--service',
      'leeds',
      '--email',
      'sam@example.nhs.uk',
      '--name',
      'Sam Okafor',
      '--role',
      'service_manager',
    );
    expect(inLeeds.code).toBe(0);
    expect(
      (await run('reset-password', '--service', 'nowhere', '--email', 'sam@example.nhs.uk')).code,
    ).toBe(2);
  }, 60_000);
  it('verifies the audit chains, and names the row an intruder changed', async () => {
    // The commands above wrote audit rows in two services.
    const first = await run('audit', 'verify');
    expect(first.code, first.err).toBe(0);
    expect(first.out).toMatch(/ok: service [0-9a-f-]{36}: [1-9]\d* audit rows chained/);
    const checkpoint = await run('audit', 'checkpoint');
    expect(checkpoint.code).toBe(0);
    expect(checkpoint.out).toMatch(
      /Checkpoint: service [0-9a-f-]{36} sequence \d+ hash [0-9a-f]{64}/,
    );
    expect((await run('audit', 'verify', '--service', 'leeds')).out).toMatch(
      /1 signed checkpoints match/,
    );
    expect((await run('audit', 'verify', '--service', 'nowhere')).code).toBe(2);
    expect((await run('audit', 'frobnicate')).code).toBe(2);

    // Straight into the data folder as the owner, past the append-only trigger.
    const database = await openDatabase({ dataDir: dir });
    let id: number;
    try {
      await database.root.execute(sql.raw('ALTER TABLE audit_events DISABLE TRIGGER USER'));
      const changed: unknown = await database.root.execute(
        sql.raw(
          `UPDATE audit_events SET outcome = 'failure' WHERE (service_id, seq) = (SELECT id, 1 FROM services WHERE slug = 'leeds') RETURNING id`,
        ),
      );
      id = Number((changed as { rows: { id: number }[] }).rows[0]?.id);
      await database.root.execute(sql.raw('ALTER TABLE audit_events ENABLE TRIGGER USER'));
    } finally {
      await database.close();
    }
    const after = await run('audit', 'verify');
    expect(after.code).toBe(1);
    expect(after.err).toContain(`row id ${id} (sequence 1) does not match its hash`);
    expect(after.err).toContain('The audit trail of 1 service(s) does not verify.');
  }, 60_000);
});
