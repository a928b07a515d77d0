import { describe, expect, it } from 'vitest';
import {
  checkStayingWellPlan,
  keptContacts,
  stayingWellPrompt,
  type StayingWellInput,
} from './stayingWell';

const plan = (over: Partial<StayingWellInput> = {}): StayingWellInput => ({
  warningSigns: 'Staying in bed past 10, not answering texts',
  whatHelps: 'A walk with the dog, calling Jo',
  contacts: [{ name: 'Jo', how: '07700 900123' }],
  crisisPlan: 'Tell Jo, then call NHS 111 option 2',
  complete: true,
  ...over,
});
const problems = (p: StayingWellInput) => checkStayingWellPlan(p).map((x) => x.problem);

describe('checkStayingWellPlan (H26)', () => {
  it('accepts a full plan marked ready', () => {
    expect(checkStayingWellPlan(plan())).toEqual([]);
  });

  it('refuses a plan with nothing written in it, ready or not', () => {
    const empty = plan({
      warningSigns: ' ',
      whatHelps: '',
      contacts: [{ name: '', how: '' }],
      crisisPlan: '\n',
      complete: false,
    });
    expect(problems(empty)).toEqual(['empty']);
  });

  it('saves an unfinished plan with one part written', () => {
    expect(
      problems(plan({ warningSigns: '', crisisPlan: '', contacts: [], complete: false })),
    ).toEqual([]);
  });

  it('cannot be marked ready without what to do in a crisis', () => {
    expect(problems(plan({ crisisPlan: '  ' }))).toEqual(['ready_without_crisis_plan']);
    expect(problems(plan({ crisisPlan: '', complete: false }))).toEqual([]);
  });

  it('cannot be marked ready without the warning signs', () => {
    expect(problems(plan({ warningSigns: '' }))).toEqual(['ready_without_warning_signs']);
  });

  it('needs a name and a way to reach each person, and says which row', () => {
    const p = plan({
      contacts: [
        { name: 'Jo', how: '' },
        { name: '', how: '' },
        { name: '', how: 'Text' },
      ],
    });
    expect(checkStayingWellPlan(p)).toEqual([
      { index: 0, problem: 'contact_without_how' },
      { index: 2, problem: 'contact_without_name' },
    ]);
  });

  it('keeps only contact rows with something in them, trimmed', () => {
    expect(
      keptContacts([
        { name: ' Jo ', how: ' 07700 900123 ' },
        { name: '', how: ' ' },
      ]),
    ).toEqual([{ name: 'Jo', how: '07700 900123' }]);
  });
});

describe('stayingWellPrompt', () => {
  it('asks for nothing once the course has ended, and shows a plan written before', () => {
    expect(stayingWellPrompt({ phase: 'ending', plan: null, ended: true })).toBe('none');
    expect(stayingWellPrompt({ phase: 'ending', plan: { complete: false }, ended: true })).toBe(
      'show',
    );
  });

  it('offers to write the plan in the ending phase only', () => {
    expect(stayingWellPrompt({ phase: 'ending', plan: null, ended: false })).toBe('write');
    expect(stayingWellPrompt({ phase: 'middle', plan: null, ended: false })).toBe('none');
    expect(stayingWellPrompt({ phase: 'initial', plan: null, ended: false })).toBe('none');
  });

  it('shows a plan as soon as it exists, and asks to finish it in the ending phase', () => {
    expect(stayingWellPrompt({ phase: 'middle', plan: { complete: false }, ended: false })).toBe(
      'show',
    );
    expect(stayingWellPrompt({ phase: 'ending', plan: { complete: false }, ended: false })).toBe(
      'finish',
    );
    expect(stayingWellPrompt({ phase: 'ending', plan: { complete: true }, ended: false })).toBe(
      'show',
    );
  });
});
