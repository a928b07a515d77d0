-- The chain trigger finds its service's head row once per audit row, on every request that
-- audits. Its plan is cached per connection: planned while audit_events was small (a new
-- service, or statistics taken early), it was a scan of the whole table, kept while the table
-- grew, and a 40-row caseload audit took 34 ms instead of 3 (issue 16, bench/caseload.ts with
-- ANALYZE after seeding). Inside the trigger only index scans are allowed, so finding the head
-- is a walk down audit_events_chain_idx however large the table and whatever its statistics.
ALTER FUNCTION audit_events_chain() SET enable_seqscan = off;
--> statement-breakpoint
ALTER FUNCTION audit_events_chain() SET enable_bitmapscan = off;
