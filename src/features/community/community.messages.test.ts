import { describe, expect, it } from 'vitest';
import { moderatorAlertEmail, noModeratorAlertEmail } from './community.messages';

/**
 * The crisis alerts (hazard H20) say only that a post needs a look, and where: the same health
 * words as the test over every template (tests/integration/message-templates.test.ts) are barred.
 */
const HEALTH_WORDS =
  /therap|depress|anxi|assessment|\bIPT\b|interpersonal|\brisk|waiting list|\bcourses?\b|questionnaire|\bscores?\b|PHQ|GAD|suicid|self-harm|diagnos|treatment|counsel|medicat|\bmood|clinical|mental illness/i;
const URL = 'https://rapport.example.nhs.uk';
const text = (m: { subject: string | null; body: string }) => `${m.subject ?? ''}\n${m.body}`;

describe('crisis alert emails', () => {
  it('sends moderators to the queue', () => {
    const email = moderatorAlertEmail({
      communityName: 'Riverside community',
      queueUrl: `${URL}/community/moderation`,
    });
    expect(email.body).toContain(`${URL}/community/moderation`);
    expect(email.body).toContain('A post in the Riverside community needs a moderator');
    expect(text(email)).not.toMatch(HEALTH_WORDS);
  });

  it('sends managers, who cannot open the queue, to add a moderator, with no health detail', () => {
    const email = noModeratorAlertEmail({
      communityName: 'Riverside community',
      moderatorsUrl: `${URL}/community/moderators`,
    });
    expect(email.subject).toContain('needs a moderator now');
    expect(email.body).toContain(`Add a community moderator: ${URL}/community/moderators`);
    expect(email.body).not.toContain('/community/moderation');
    expect(text(email)).not.toMatch(HEALTH_WORDS);
  });
});
