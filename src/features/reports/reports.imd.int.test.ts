import { join } from 'node:path';
import { expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { cliInTempFolder } from '../../../tests/support/cli';
import { openDatabase } from '../../db/client';
import { describeInEmbeddedRun } from '../../../tests/support/runs';

const { dir, run } = cliInTempFolder('rapport-imd-');

describeInEmbeddedRun('rapport import-imd', () => {
  it('loads the lookup, and loading it again replaces a postcode’s decile', async () => {
    const first = await run('import-imd', 'tests/fixtures/imd-sample.csv');
    expect(first).toMatchObject({ code: 0, out: 'Imported the IMD decile of 4 postcodes.' });
    const again = await run('import-imd', 'tests/fixtures/imd-sample.csv');
    expect(again.code).toBe(0);
    const database = await openDatabase({ dataDir: dir });
    try {
      const result: unknown = await database.root.execute(
        sql`select postcode, decile from imd_deciles order by postcode`,
      );
      expect((result as { rows: unknown[] }).rows).toEqual([
        { postcode: 'LS14AP', decile: 1 },
        { postcode: 'M11AE', decile: 2 },
        { postcode: 'OX12JD', decile: 10 },
        { postcode: 'SW1A1AA', decile: 9 },
      ]);
    } finally {
      await database.close();
    }
  });

  it('refuses a missing file or a bad one without loading anything', async () => {
    const missing = await run('import-imd', join(dir, 'nope.csv'));
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('cannot read');
    expect((await run('import-imd')).code).toBe(2);
  });
});
