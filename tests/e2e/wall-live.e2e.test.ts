import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { communityMembers, wallMessages } from '../../src/db/schema';
import { createUser } from '../support/test-app';
import {
  browserAvailable,
  expectAccessible,
  signInAs,
  startBrowserHarness,
  type BrowserHarness,
} from './browser';

const run = browserAvailable();

/**
 * The Wall's live chat in Chromium (issue 14): a message posted by one member appears on a
 * moderator's screen without a reload, only once stored; a message with crisis language takes its
 * author to help and shows the moderator it needs them, counting in their queue link (walk 5).
 * Every wait is on the page or the database: never a fixed sleep.
 */
describe.runIf(run)(
  'the Wall live in Chromium',
  () => {
    let h: BrowserHarness;
    let moderator: Page;
    let member: Page;
    let memberId: string;
    const live = (page: Page) => page.waitForSelector('body[data-wall-live="true"]');

    beforeAll(async () => {
      // Tuesday 1 December 2026, 2pm in London: the Wall is open (office hours).
      h = await startBrowserHarness({ now: '2026-12-01T14:00:00Z' });
      const join = async (email: string, pseudonym: string, mod: boolean) => {
        const user = await createUser(
          h.t,
          email,
          [mod ? 'moderator' : 'community_member'],
          `Real ${pseudonym}`,
        );
        const [row] = await h.t.database.db
          .insert(communityMembers)
          .values({
            serviceId: h.t.service.id,
            userId: user.id,
            pseudonym,
            pseudonymKey: pseudonym.toLowerCase(),
            avatar: 'circle-blue',
            kind: mod ? 'moderator' : 'former_patient',
            badge: mod ? 'clinician' : 'former_patient',
            onDuty: mod,
            rulesAcceptedAt: h.t.clock.now(),
            joinedAt: h.t.clock.now(),
          })
          .returning();
        return row!;
      };
      await join('kestrel@example.nhs.uk', 'Kestrel', true);
      memberId = (await join('linnet@example.com', 'Linnet', false)).id;
      moderator = await h.newPage();
      await signInAs(h, moderator, 'kestrel@example.nhs.uk');
      member = await h.newPage();
      await signInAs(h, member, 'linnet@example.com');
    });
    afterAll(async () => h.close());

    it('shows a member’s message to the moderator live, once stored', async () => {
      await moderator.goto(`${h.baseUrl}/community/wall`);
      await live(moderator);
      await expectAccessible(moderator, 'the Wall, as a moderator');
      await member.goto(`${h.baseUrl}/community/wall`);
      await live(member);
      await expectAccessible(member, 'the Wall, as a member');

      await member.fill('#body', 'Good morning, everyone');
      await member.getByRole('button', { name: 'Post message' }).click();
      await member.locator('#wall-status', { hasText: 'Your message was posted.' }).waitFor();
      await moderator.locator('#wall-messages', { hasText: 'Good morning, everyone' }).waitFor();
      const stored = await h.t.database.db
        .select()
        .from(wallMessages)
        .where(eq(wallMessages.authorId, memberId));
      expect(stored.map((m) => m.body)).toEqual(['Good morning, everyone']);
      // Sent over the socket, not by posting the form: the page did not reload.
      expect(new URL(member.url()).pathname).toBe('/community/wall');
    });

    it('takes a crisis message’s author to help and counts it in the moderator’s queue', async () => {
      const before = Number(await moderator.locator('#wall-queue-count').textContent());
      await member.fill('#body', 'I want to end my life');
      await member.getByRole('button', { name: 'Post message' }).click();
      await member.waitForURL((url) => url.pathname === '/community/wall/help');
      await moderator.locator('#wall-messages', { hasText: 'I want to end my life' }).waitFor();
      await moderator
        .locator('#wall-messages .nhsuk-tag--red', { hasText: 'Needs a moderator' })
        .waitFor();
      await moderator.locator('#wall-queue-count', { hasText: String(before + 1) }).waitFor();
    });
  },
  120_000,
);
