import { describe, inject } from 'vitest';

/**
 * For tests that open their own embedded database whatever the run (a data folder, the CLI, the
 * PGlite driver itself): they run in the PGlite run only, as the PostgreSQL run would repeat them
 * unchanged (about a minute of its test time).
 */
export const describeInEmbeddedRun = describe.skipIf(Boolean(inject('postgresUrl')));
