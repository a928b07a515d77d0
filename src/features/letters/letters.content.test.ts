import { describe, expect, it } from 'vitest';
import {
  gpDischargeLetter,
  onwardReferralLetter,
  patientDischargeLetter,
  postalAddressLines,
  type DischargeFacts,
} from './letters.content';

const facts = (patient: Partial<DischargeFacts['patient']>): DischargeFacts => ({
  serviceName: 'Leeds Talking Therapies',
  patient: {
    givenName: 'Quinn',
    familyName: 'Rowe',
    dateOfBirth: '1990-04-02',
    nhsNumber: '9434765919',
    gpPractice: null,
    address: null,
    postcode: null,
    ...patient,
  },
  therapistName: 'Sam Okafor',
  reason: 'completed',
  reasonLabel: 'Completed treatment',
  attendedSessions: 14,
  plannedSessions: 16,
  outcome: [],
  patientOutcome: [],
  riskAlerts: [],
  dischargedAt: new Date('2026-11-27T12:00:00Z'),
});

describe('the address on a letter', () => {
  it('adds the postcode kept apart from the address, in capitals', () => {
    expect(postalAddressLines('41 Cardigan Road\nLeeds', 'ls7 3be')).toEqual([
      '41 Cardigan Road',
      'Leeds',
      'LS7 3BE',
    ]);
  });

  it('does not repeat a postcode the address already has, however it is spaced', () => {
    expect(postalAddressLines('41 Cardigan Road\nLeeds LS73BE', 'LS7 3BE')).toEqual([
      '41 Cardigan Road',
      'Leeds LS73BE',
    ]);
  });

  it('drops blank lines, and has nothing when nothing is known', () => {
    expect(postalAddressLines('41 Cardigan Road\n\n  \nLeeds', null)).toEqual([
      '41 Cardigan Road',
      'Leeds',
    ]);
    expect(postalAddressLines(null, null)).toEqual([]);
    expect(postalAddressLines(null, 'LS7 3BE')).toEqual(['LS7 3BE']);
  });

  it('addresses the patient’s discharge letter to them at the full address', () => {
    const letter = patientDischargeLetter(
      facts({ address: '41 Cardigan Road\nLeeds', postcode: 'LS7 3BE' }),
    );
    expect(letter.to).toEqual(['Quinn Rowe', '41 Cardigan Road', 'Leeds', 'LS7 3BE']);
  });
});

describe('the patient’s discharge letter', () => {
  it('says why the sessions ended in kind words, not the record’s label', () => {
    const done = patientDischargeLetter(facts({}));
    expect(done.paragraphs[0]).toBe(
      'You have finished your course of interpersonal therapy with us. It ended on 27 November 2026.',
    );
    const moved = patientDischargeLetter({
      ...facts({}),
      reason: 'moved_away',
      reasonLabel: 'Moved away',
    });
    expect(moved.paragraphs[0]).toContain('As you are moving away from our area');
    expect(JSON.stringify([done, moved])).not.toMatch(/\((completed treatment|moved away)\)/i);
  });

  it('gives the patient their own outcome sentences and the GP theirs', () => {
    const both = {
      ...facts({}),
      outcome: ['PHQ-9 (depression) score: 17 at the start, 6 at the end.'],
      patientOutcome: [
        'Your score on the questionnaire about low mood (PHQ-9) was 17 at the start',
      ],
    };
    expect(patientDischargeLetter(both).paragraphs).toContain(both.patientOutcome[0]);
    expect(patientDischargeLetter(both).paragraphs).not.toContain(both.outcome[0]);
    expect(gpDischargeLetter(both).paragraphs).toContain(both.outcome[0]);
  });
});

describe('the GP’s discharge letter', () => {
  it('carries the clinician’s note, the patient’s address and how to reach the service', () => {
    const letter = gpDischargeLetter({
      ...facts({ address: '41 Cardigan Road\nLeeds', postcode: 'LS7 3BE' }),
      note: 'Relapse signs: withdrawing from friends. Safety plan shared with Quinn.',
      serviceContact: { phoneDisplay: '0113 496 0000', email: 'leeds.tt@nhs.net' },
    });
    expect(letter.patientLines).toContain('Address: 41 Cardigan Road, Leeds, LS7 3BE');
    expect(letter.paragraphs).toContain(
      'From Sam Okafor: Relapse signs: withdrawing from friends. Safety plan shared with Quinn.',
    );
    expect(letter.paragraphs.at(-1)).toBe(
      'Quinn has been sent their own letter about their discharge. If you have any questions, please contact Leeds Talking Therapies on 0113 496 0000 or at leeds.tt@nhs.net.',
    );
  });

  it('says nothing of a note or contact that is not there, and never shows the note to the patient', () => {
    const gp = gpDischargeLetter(facts({}));
    expect(gp.paragraphs.join(' ')).not.toContain('From Sam Okafor');
    expect(gp.paragraphs.at(-1)).toMatch(/please contact Leeds Talking Therapies\.$/);
    const own = patientDischargeLetter({ ...facts({}), note: 'For the GP only' });
    expect(JSON.stringify(own)).not.toContain('For the GP only');
  });
});

describe('a discharge by someone other than the therapist (walk 13)', () => {
  it('is signed by the supervisor who discharged, with their role, and their note is theirs', () => {
    const f = {
      ...facts({}),
      dischargedBy: { name: 'Priya Supervisor', role: 'Clinical supervisor' },
      note: 'Moved to Leeds North team.',
    };
    const gp = gpDischargeLetter(f);
    expect(gp.signOff).toEqual([
      'Yours sincerely',
      'Priya Supervisor',
      'Clinical supervisor',
      'Leeds Talking Therapies',
    ]);
    expect(gp.paragraphs).toContain(
      'Priya Supervisor, clinical supervisor, discharged Quinn and writes this letter.',
    );
    expect(gp.paragraphs).toContain(
      'From Priya Supervisor (Clinical supervisor): Moved to Leeds North team.',
    );
    expect(gp.paragraphs.join(' ')).not.toContain('From Sam Okafor');
    // The sessions were still with the therapist.
    expect(gp.paragraphs).toContain(
      'They attended 14 sessions of interpersonal therapy (IPT) for depression with Sam Okafor, and completed treatment before the 16 that were planned.',
    );
    expect(patientDischargeLetter(f).signOff).toEqual([
      'With best wishes',
      'Priya Supervisor',
      'Clinical supervisor',
      'Leeds Talking Therapies',
    ]);
  });

  it('keeps the therapist’s name where the therapist discharged', () => {
    expect(gpDischargeLetter(facts({})).signOff).toEqual([
      'Yours sincerely',
      'Sam Okafor',
      'Leeds Talking Therapies',
    ]);
    expect(patientDischargeLetter({ ...facts({}), dischargedBy: null }).signOff).toEqual([
      'With best wishes',
      'Sam Okafor',
      'Leeds Talking Therapies',
    ]);
  });
});

describe('sessions attended, in the discharge letters', () => {
  it('says a course completed in fewer sessions than planned finished early, not "8 of 16"', () => {
    const early = { ...facts({}), attendedSessions: 8 };
    expect(gpDischargeLetter(early).paragraphs).toContain(
      'They attended 8 sessions of interpersonal therapy (IPT) for depression with Sam Okafor, and completed treatment before the 16 that were planned.',
    );
    expect(patientDischargeLetter(early).paragraphs).toContain(
      'You came to 8 sessions with Sam Okafor, and finished before the 16 we had planned.',
    );
  });

  it('keeps "of the planned" for every other ending, and for a course completed as planned', () => {
    const droppedOut = {
      ...facts({}),
      attendedSessions: 8,
      reason: 'dropped_out' as const,
      reasonLabel: 'Dropped out',
    };
    expect(gpDischargeLetter(droppedOut).paragraphs).toContain(
      'They attended 8 of 16 planned sessions of interpersonal therapy (IPT) for depression with Sam Okafor.',
    );
    expect(patientDischargeLetter(droppedOut).paragraphs).toContain(
      'You came to 8 of 16 planned sessions with Sam Okafor.',
    );
    const whole = { ...facts({}), attendedSessions: 16 };
    expect(gpDischargeLetter(whole).paragraphs).toContain(
      'They attended 16 of 16 planned sessions of interpersonal therapy (IPT) for depression with Sam Okafor.',
    );
  });
});

describe('risk in the GP’s discharge letter', () => {
  it('lists every alert raised since the referral with what was done, or says there were none', () => {
    const none = gpDischargeLetter(facts({}));
    expect(none.paragraphs).toContain(
      'No risk alerts were raised while they were with us, from their referral on.',
    );
    const some = gpDischargeLetter({
      ...facts({}),
      riskAlerts: [
        {
          reason: "PHQ-9 question 9 answered 'More than half the days' before their session",
          raisedAt: new Date('2026-10-05T09:00:00Z'),
          actionTaken: 'Phoned the same day; safety plan agreed; GP told.',
        },
        {
          reason: 'Used words of crisis in a message to us: “end my life”.',
          raisedAt: new Date('2026-11-20T18:00:00Z'),
          actionTaken: null,
        },
      ],
    });
    expect(some.paragraphs).toContain(
      '2 risk alerts were raised while they were with us, from their referral on:',
    );
    expect(some.paragraphs).toContain(
      "5 October 2026: PHQ-9 question 9 answered 'More than half the days' before their session. What was done: Phoned the same day; safety plan agreed; GP told.",
    );
    expect(some.paragraphs).toContain(
      '20 November 2026: Used words of crisis in a message to us: “end my life”. No action recorded.',
    );
  });
});

describe('the onward referral letter', () => {
  const onward = (treatmentPhrase: string | null) =>
    onwardReferralLetter({
      serviceName: 'Leeds Talking Therapies',
      patient: facts({}).patient,
      clinicianName: 'Sam Okafor',
      receivingService: 'Leeds Step 3 CBT',
      madeAt: 'assessment',
      treatmentPhrase,
      urgencyLabel: 'Routine',
      presentingProblem: 'Depression',
      scores: [],
      reason: 'Prefers a structured approach.',
      discussed: 'What CBT involves.',
      riskParagraphs: [],
      copyToGp: false,
      writtenAt: new Date('2026-11-27T12:00:00Z'),
    });

  it('names the treatment as given, its acronym kept in capitals', () => {
    const letter = onward('cognitive behavioural therapy (CBT)');
    expect(letter.heading).toBe(
      'Referral to Leeds Step 3 CBT for cognitive behavioural therapy (CBT): Quinn Rowe',
    );
    expect(letter.paragraphs[0]).toContain(
      'We are referring them to you for cognitive behavioural therapy (CBT).',
    );
    expect(JSON.stringify(letter)).not.toContain('(cbt)');
  });

  it('names no treatment when none is given', () => {
    const letter = onward(null);
    expect(letter.heading).toBe('Referral to Leeds Step 3 CBT: Quinn Rowe');
    expect(letter.paragraphs[0]).toMatch(/We are referring them to you\.$/);
  });
});
