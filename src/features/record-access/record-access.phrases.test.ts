import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS } from '../../platform/audit';
import { UNNAMED_ACTION, whatWasDone } from './record-access.phrases';

describe('what staff did, in plain words', () => {
  it('names the common looks at a record', () => {
    expect(whatWasDone('patient.read')).toBe('opened your record');
    expect(whatWasDone('measure_response.list')).toBe('looked at your questionnaire answers');
    expect(whatWasDone('referral.list')).toBe('saw you on the list of referrals');
  });
  it('names what staff do with session notes, therapy records, messages and tasks', () => {
    // Each once read only "looked at your record", saying nothing of what was opened.
    expect(whatWasDone('note.read')).toBe('read the notes of one of your sessions');
    expect(whatWasDone('note.summary_correction')).toBe(
      'added a correction to the summary of one of your sessions',
    );
    expect(whatWasDone('ipt.workspace_read')).toBe('looked at the record of your therapy');
    expect(whatWasDone('message.reply')).toBe('answered one of your messages');
    expect(whatWasDone('supervision.read')).toBe(
      'looked at your care as the supervisor of your therapist',
    );
    expect(whatWasDone('notebook.note_read')).toBe('read a note you shared from your notebook');
    const clinical = AUDIT_ACTIONS.filter((a) =>
      /^(note|ipt|message|task|supervision|video)\./.test(a),
    );
    const ownOnly = new Set([
      'ipt.own_read',
      'ipt.shared_read',
      'ipt.formulation_agree',
      'message.ask',
      'message.escalate',
      'message.list_own',
      'message.send',
      'task.list_own',
      'task.reflect',
      'video.consent',
    ]);
    for (const action of clinical.filter((a) => !ownOnly.has(a)))
      expect(whatWasDone(action), action).not.toBe(UNNAMED_ACTION);
  });
  it('never shows an action code, even for an action it does not know', () => {
    expect(whatWasDone('something.new')).toBe(UNNAMED_ACTION);
    for (const action of AUDIT_ACTIONS) {
      expect(whatWasDone(action)).not.toMatch(/[._]/);
    }
  });
});
