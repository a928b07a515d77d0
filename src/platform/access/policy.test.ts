import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../db/schema';
import {
  can,
  inGroup,
  ROLE_GROUPS,
  reportClinicians,
  type AccessActor,
  type CareResource,
  type MessageThreadResource,
  type PatientResource,
  type TherapistResource,
  type VideoRoomResource,
} from './policy';

const S = 'service-a';
const actor = (userId: string, roles: Role[], supervisees: string[] = []): AccessActor => ({
  userId,
  serviceId: S,
  roles,
  supervisees,
});

const patient: PatientResource = {
  kind: 'patient',
  serviceId: S,
  userId: 'patient-1',
  responsibleClinicianId: 'trainee-1',
};
const appointment: CareResource = {
  kind: 'appointment',
  serviceId: S,
  therapistId: 'therapist-2',
  responsibleClinicianId: 'trainee-1',
  patientUserId: 'patient-1',
};
const diary: TherapistResource = { kind: 'therapist', serviceId: S, therapistId: 'trainee-1' };

describe('opening a patient record', () => {
  it('lets the patient in, and no other patient', () => {
    expect(can(actor('patient-1', ['patient']), 'patient.read', patient)).toBe(true);
    expect(can(actor('patient-2', ['patient']), 'patient.read', patient)).toBe(false);
  });
  it('lets the responsible therapist in, not another therapist', () => {
    expect(can(actor('trainee-1', ['therapist']), 'patient.read', patient)).toBe(true);
    expect(can(actor('therapist-9', ['therapist']), 'patient.read', patient)).toBe(false);
  });
  it('lets a supervisor in for their trainee’s patients only', () => {
    expect(can(actor('sup', ['supervisor'], ['trainee-1']), 'patient.read', patient)).toBe(true);
    expect(can(actor('sup', ['supervisor'], ['trainee-9']), 'patient.read', patient)).toBe(false);
  });
  it('does not give supervision to someone without the supervisor role', () => {
    expect(can(actor('t', ['therapist'], ['trainee-1']), 'patient.read', patient)).toBe(false);
  });
  it('lets a service manager in', () => {
    expect(can(actor('m', ['service_manager']), 'patient.read', patient)).toBe(true);
  });
  it('keeps moderators and community members (former patients, relatives, carers) out', () => {
    expect(can(actor('mod', ['moderator']), 'patient.read', patient)).toBe(false);
    expect(can(actor('carer', ['community_member']), 'patient.read', patient)).toBe(false);
  });
  it('lets the clinicians who may open it change its contact and GP details, not the patient', () => {
    const update = (a: ReturnType<typeof actor>) => can(a, 'patient.update_details', patient);
    expect(update(actor('trainee-1', ['therapist']))).toBe(true);
    expect(update(actor('sup', ['supervisor'], ['trainee-1']))).toBe(true);
    expect(update(actor('m', ['service_manager']))).toBe(true);
    expect(update(actor('therapist-9', ['therapist']))).toBe(false);
    expect(update(actor('patient-1', ['patient']))).toBe(false);
    expect(update(actor('mod', ['moderator']))).toBe(false);
  });
  it('lets the patient, and only the patient, change their own contact details', () => {
    const own = (a: ReturnType<typeof actor>) => can(a, 'patient.update_own_contact', patient);
    expect(own(actor('patient-1', ['patient']))).toBe(true);
    expect(own(actor('patient-2', ['patient']))).toBe(false);
    expect(own(actor('trainee-1', ['therapist']))).toBe(false);
    expect(own(actor('m', ['service_manager']))).toBe(false);
    // A staff account that happens to share the user id is not the patient.
    expect(own(actor('patient-1', ['therapist']))).toBe(false);
    expect(
      can(actor('patient-1', ['patient']), 'patient.update_own_contact', {
        ...patient,
        userId: null,
      }),
    ).toBe(false);
  });
  it('never matches a record without an account to a user', () => {
    const unlinked = { ...patient, userId: null, responsibleClinicianId: null };
    expect(can(actor('t', ['therapist']), 'patient.read', unlinked)).toBe(false);
  });
  it('refuses everyone, managers included, a record of another service', () => {
    const elsewhere = { ...patient, serviceId: 'service-b' };
    for (const role of ROLES)
      expect(can(actor('patient-1', [role], ['trainee-1']), 'patient.read', elsewhere)).toBe(false);
  });
});

describe('managing an appointment or course from the staff side', () => {
  it('lets the diary’s therapist and the responsible clinician in', () => {
    expect(can(actor('therapist-2', ['therapist']), 'care.manage', appointment)).toBe(true);
    expect(can(actor('trainee-1', ['therapist']), 'care.manage', appointment)).toBe(true);
    expect(can(actor('therapist-9', ['therapist']), 'care.manage', appointment)).toBe(false);
  });
  it('lets a supervisor of either therapist in', () => {
    expect(can(actor('s', ['supervisor'], ['therapist-2']), 'care.manage', appointment)).toBe(true);
    expect(can(actor('s', ['supervisor'], ['trainee-1']), 'care.manage', appointment)).toBe(true);
    expect(can(actor('s', ['supervisor'], ['x']), 'care.manage', appointment)).toBe(false);
  });
  it('never lets a patient manage, even their own', () => {
    expect(can(actor('patient-1', ['patient']), 'care.manage', appointment)).toBe(false);
  });
  it('keeps moderators and community members out, and supervision needs the role', () => {
    expect(can(actor('mod', ['moderator']), 'care.manage', appointment)).toBe(false);
    expect(can(actor('c', ['community_member']), 'care.manage', appointment)).toBe(false);
    expect(can(actor('t', ['therapist'], ['therapist-2']), 'care.manage', appointment)).toBe(false);
  });
  it('lets a patient read only their own appointment', () => {
    expect(can(actor('patient-1', ['patient']), 'care.read_own', appointment)).toBe(true);
    expect(can(actor('patient-2', ['patient']), 'care.read_own', appointment)).toBe(false);
    expect(can(actor('therapist-2', ['therapist']), 'care.read_own', appointment)).toBe(false);
    const unlinked = { ...appointment, patientUserId: null };
    expect(can(actor('patient-1', ['patient']), 'care.read_own', unlinked)).toBe(false);
  });
});

describe('diaries and booking', () => {
  it('opens a diary to its owner, their supervisor and managers', () => {
    expect(can(actor('trainee-1', ['therapist']), 'therapist.view_diary', diary)).toBe(true);
    expect(can(actor('s', ['supervisor'], ['trainee-1']), 'therapist.view_diary', diary)).toBe(
      true,
    );
    expect(can(actor('m', ['service_manager']), 'therapist.view_diary', diary)).toBe(true);
    expect(can(actor('other', ['therapist']), 'therapist.view_diary', diary)).toBe(false);
    expect(can(actor('mod', ['moderator']), 'therapist.view_diary', diary)).toBe(false);
  });
  it('lets a therapist book only into their own diary; a manager into any', () => {
    expect(can(actor('trainee-1', ['therapist']), 'therapist.book_for', diary)).toBe(true);
    expect(can(actor('other', ['therapist']), 'therapist.book_for', diary)).toBe(false);
    expect(can(actor('s', ['supervisor'], ['trainee-1']), 'therapist.book_for', diary)).toBe(false);
    expect(can(actor('m', ['service_manager']), 'therapist.book_for', diary)).toBe(true);
  });
});

describe('shared clinical queues (referrals, risk alerts)', () => {
  const referral = { kind: 'referral', serviceId: S } as const;
  const alert = { kind: 'risk_alert', serviceId: S } as const;
  it('are worked by every clinician of the service', () => {
    for (const role of ['therapist', 'supervisor', 'service_manager'] as const) {
      expect(can(actor('c', [role]), 'queue.work', referral)).toBe(true);
      expect(can(actor('c', [role]), 'queue.work', alert)).toBe(true);
    }
  });
  it('are closed to moderators, community members and patients', () => {
    for (const role of ['moderator', 'community_member', 'patient'] as const) {
      expect(can(actor('x', [role]), 'queue.work', referral)).toBe(false);
      expect(can(actor('x', [role]), 'queue.work', alert)).toBe(false);
    }
  });
  it('never open an item of another service', () => {
    const elsewhere = { kind: 'referral', serviceId: 'service-b' } as const;
    expect(can(actor('m', ['service_manager']), 'queue.work', elsewhere)).toBe(false);
  });
});

describe('who has viewed a record', () => {
  it('is shown to the patient themselves and to service managers', () => {
    expect(can(actor('patient-1', ['patient']), 'patient.read_access_log', patient)).toBe(true);
    expect(can(actor('m', ['service_manager']), 'patient.read_access_log', patient)).toBe(true);
  });
  it('is not shown to another patient, nor to clinicians who may open the record', () => {
    expect(can(actor('patient-2', ['patient']), 'patient.read_access_log', patient)).toBe(false);
    expect(can(actor('trainee-1', ['therapist']), 'patient.read_access_log', patient)).toBe(false);
    expect(
      can(actor('sup', ['supervisor'], ['trainee-1']), 'patient.read_access_log', patient),
    ).toBe(false);
    expect(can(actor('mod', ['moderator']), 'patient.read_access_log', patient)).toBe(false);
  });
  it('needs the patient role as well as the account, and never crosses services', () => {
    expect(can(actor('patient-1', ['therapist']), 'patient.read_access_log', patient)).toBe(false);
    const elsewhere = { ...patient, serviceId: 'service-b' };
    expect(can(actor('m', ['service_manager']), 'patient.read_access_log', elsewhere)).toBe(false);
  });
  it('never matches a record without an account to a patient', () => {
    const unlinked = { ...patient, userId: null };
    expect(can(actor('patient-1', ['patient']), 'patient.read_access_log', unlinked)).toBe(false);
  });
});

describe('a patient’s messages', () => {
  it('are read by the patient only', () => {
    expect(can(actor('patient-1', ['patient']), 'patient.read_messages', patient)).toBe(true);
    expect(can(actor('patient-2', ['patient']), 'patient.read_messages', patient)).toBe(false);
    expect(can(actor('m', ['service_manager']), 'patient.read_messages', patient)).toBe(false);
    expect(can(actor('trainee-1', ['therapist']), 'patient.read_messages', patient)).toBe(false);
    const unlinked = { ...patient, userId: null };
    expect(can(actor('patient-1', ['patient']), 'patient.read_messages', unlinked)).toBe(false);
  });
});

describe('answering a patient’s question', () => {
  const toTherapist: MessageThreadResource = {
    kind: 'message_thread',
    serviceId: S,
    addressedTo: 'therapist',
    therapistId: 'trainee-1',
    responsibleClinicianId: 'trainee-1',
    escalated: false,
  };
  const answer = (a: AccessActor, t: MessageThreadResource) => can(a, 'message_thread.answer', t);

  it('is for the therapist asked, their supervisor and the managers', () => {
    expect(answer(actor('trainee-1', ['therapist']), toTherapist)).toBe(true);
    expect(answer(actor('sup', ['supervisor'], ['trainee-1']), toTherapist)).toBe(true);
    expect(answer(actor('m', ['service_manager']), toTherapist)).toBe(true);
    expect(answer(actor('therapist-2', ['therapist']), toTherapist)).toBe(false);
    expect(answer(actor('sup', ['supervisor'], ['someone-else']), toTherapist)).toBe(false);
  });

  it('opens to every clinician once asked of the service or escalated, never to others', () => {
    const toService = { ...toTherapist, addressedTo: 'service', therapistId: null } as const;
    const escalated = { ...toTherapist, escalated: true };
    for (const thread of [toService, escalated]) {
      expect(answer(actor('therapist-2', ['therapist']), thread)).toBe(true);
      expect(answer(actor('mod', ['moderator']), thread)).toBe(false);
      expect(answer(actor('patient-1', ['patient']), thread)).toBe(false);
      expect(answer(actor('m', ['service_manager']), { ...thread, serviceId: 'service-b' })).toBe(
        false,
      );
    }
  });
});

describe('closing a risk alert', () => {
  const alert = { kind: 'risk_alert', serviceId: S } as const;
  it('is for clinicians: therapists and supervisors', () => {
    expect(can(actor('t', ['therapist']), 'risk_alert.close', alert)).toBe(true);
    expect(can(actor('s', ['supervisor']), 'risk_alert.close', alert)).toBe(true);
    // A manager who is also a therapist closes as the therapist.
    expect(can(actor('m', ['service_manager', 'therapist']), 'risk_alert.close', alert)).toBe(true);
  });
  it('is not for a service manager, who may still work the queue', () => {
    const manager = actor('m', ['service_manager']);
    expect(can(manager, 'risk_alert.close', alert)).toBe(false);
    expect(can(manager, 'queue.work', alert)).toBe(true);
  });
  it('is not for anyone else, nor in another service, nor for a referral', () => {
    for (const role of ['moderator', 'community_member', 'patient'] as const)
      expect(can(actor('x', [role]), 'risk_alert.close', alert)).toBe(false);
    const elsewhere = { kind: 'risk_alert', serviceId: 'service-b' } as const;
    expect(can(actor('t', ['therapist']), 'risk_alert.close', elsewhere)).toBe(false);
    const referral = { kind: 'referral', serviceId: S } as const;
    expect(can(actor('t', ['therapist']), 'risk_alert.close', referral)).toBe(false);
  });
});

describe("resetting a colleague's second factor, or removing their access", () => {
  const colleague = (roles: Role[], userId = 'u1') =>
    ({ kind: 'user', serviceId: S, userId, roles }) as const;
  it.each(['user.reset_second_factor', 'user.change_access'] as const)(
    '%s is for service managers, for staff accounts other than their own',
    (action) => {
      const m = actor('m', ['service_manager']);
      expect(can(m, action, colleague(['therapist']))).toBe(true);
      expect(can(m, action, colleague(['moderator']))).toBe(true);
      expect(can(m, action, colleague(['service_manager'], 'm2'))).toBe(true);
      expect(can(m, action, colleague(['service_manager'], 'm'))).toBe(false);
      expect(can(m, action, colleague(['patient']))).toBe(false);
      expect(can(m, action, colleague(['community_member']))).toBe(false);
      for (const role of ['therapist', 'supervisor', 'moderator', 'patient'] as Role[])
        expect(can(actor('x', [role]), action, colleague(['therapist']))).toBe(false);
      expect(can(m, action, { ...colleague(['therapist']), serviceId: 'other' })).toBe(false);
    },
  );
});

describe('role groups', () => {
  it('name only real roles', () => {
    for (const group of Object.values(ROLE_GROUPS))
      for (const role of group) expect(ROLES).toContain(role);
  });
  it('keep moderators out of clinical work and patients out of staff pages', () => {
    expect(inGroup(['moderator'], 'clinical')).toBe(false);
    expect(inGroup(['moderator'], 'staff')).toBe(true);
    expect(inGroup(['patient'], 'staff')).toBe(false);
    expect(inGroup(['patient', 'community_member'], 'community')).toBe(true);
  });
});

describe('managing API clients (issue 17)', () => {
  const here = { kind: 'service' as const, serviceId: S };
  it('is for service managers of the service only', () => {
    expect(can(actor('m', ['service_manager']), 'api_client.manage', here)).toBe(true);
    for (const role of ROLES.filter((r) => r !== 'service_manager'))
      expect(can(actor('x', [role]), 'api_client.manage', here), role).toBe(false);
    expect(
      can(actor('m', ['service_manager']), 'api_client.manage', { ...here, serviceId: 'other' }),
    ).toBe(false);
  });
});
// --- community (issue 13) ---
describe('the peer-support community', () => {
  const member = (
    kind: 'former_patient' | 'carer' | 'moderator',
    status: 'active' | 'suspended' | 'banned' | 'left' = 'active',
  ) => ({ kind, status });
  const community = (m: ReturnType<typeof member> | null) =>
    ({ kind: 'community', serviceId: S, membership: m }) as const;
  const space = (
    audience: 'former_patients' | 'carers' | 'everyone',
    m: ReturnType<typeof member> | null,
  ) => ({ kind: 'community_space', serviceId: S, audience, membership: m }) as const;
  const carer = actor('carer-1', ['community_member']);

  it('lets a patient’s own clinicians and managers invite them, nobody else', () => {
    expect(can(actor('trainee-1', ['therapist']), 'community.invite_patient', patient)).toBe(true);
    expect(can(actor('therapist-9', ['therapist']), 'community.invite_patient', patient)).toBe(
      false,
    );
    expect(
      can(actor('sup', ['supervisor'], ['trainee-1']), 'community.invite_patient', patient),
    ).toBe(true);
    expect(can(actor('m', ['service_manager']), 'community.invite_patient', patient)).toBe(true);
    expect(can(actor('patient-1', ['patient']), 'community.invite_patient', patient)).toBe(false);
    expect(can(actor('mod', ['moderator']), 'community.invite_patient', patient)).toBe(false);
  });

  it('lets active members and clinicians invite a carer; not a suspended member', () => {
    expect(can(carer, 'community.invite_carer', community(member('carer')))).toBe(true);
    expect(can(carer, 'community.invite_carer', community(member('carer', 'suspended')))).toBe(
      false,
    );
    expect(can(carer, 'community.invite_carer', community(null))).toBe(false);
    expect(can(actor('t', ['therapist']), 'community.invite_carer', community(null))).toBe(true);
  });

  it('lets managers and clinician moderators manage videos; not peer moderators or members', () => {
    const mod = actor('mod', ['moderator']);
    type Badge = 'clinician' | 'former_patient' | 'volunteer';
    const withBadge = (status: 'active' | 'suspended', badge: Badge) =>
      ({
        kind: 'community',
        serviceId: S,
        membership: { kind: 'moderator', status, badge },
      }) as const;
    const badged = (badge: Badge) => withBadge('active', badge);
    expect(can(actor('m', ['service_manager']), 'community.manage_videos', community(null))).toBe(
      true,
    );
    expect(can(mod, 'community.manage_videos', badged('clinician'))).toBe(true);
    expect(can(mod, 'community.manage_videos', badged('volunteer'))).toBe(false);
    expect(can(mod, 'community.manage_videos', badged('former_patient'))).toBe(false);
    expect(can(mod, 'community.manage_videos', withBadge('suspended', 'clinician'))).toBe(false);
    expect(can(carer, 'community.manage_videos', community(member('carer')))).toBe(false);
    expect(can(actor('t', ['therapist']), 'community.manage_videos', community(null))).toBe(false);
  });

  it('lets only managers add moderators', () => {
    expect(can(actor('m', ['service_manager']), 'community.add_moderator', community(null))).toBe(
      true,
    );
    expect(
      can(actor('mod', ['moderator']), 'community.add_moderator', community(member('moderator'))),
    ).toBe(false);
  });

  it('opens the community to active members only, whatever their roles', () => {
    expect(can(carer, 'community.take_part', community(member('carer')))).toBe(true);
    for (const status of ['suspended', 'banned', 'left'] as const)
      expect(can(carer, 'community.take_part', community(member('carer', status)))).toBe(false);
    // Clinical roles do not open the community: a manager who is not a member sees nothing.
    expect(can(actor('m', ['service_manager']), 'community.take_part', community(null))).toBe(
      false,
    );
  });

  it('shows carers only the carers’ and shared spaces, and former patients theirs', () => {
    expect(can(carer, 'community.use_space', space('carers', member('carer')))).toBe(true);
    expect(can(carer, 'community.use_space', space('everyone', member('carer')))).toBe(true);
    expect(can(carer, 'community.use_space', space('former_patients', member('carer')))).toBe(
      false,
    );
    const former = actor('patient-1', ['patient']);
    expect(
      can(former, 'community.use_space', space('former_patients', member('former_patient'))),
    ).toBe(true);
    expect(can(former, 'community.use_space', space('carers', member('former_patient')))).toBe(
      false,
    );
    const mod = actor('mod', ['moderator']);
    expect(can(mod, 'community.use_space', space('carers', member('moderator')))).toBe(true);
    expect(can(mod, 'community.use_space', space('carers', member('moderator', 'left')))).toBe(
      false,
    );
  });

  it('lets only active moderator members moderate', () => {
    const mod = actor('mod', ['moderator']);
    expect(can(mod, 'community.moderate', community(member('moderator')))).toBe(true);
    expect(can(mod, 'community.moderate', community(null))).toBe(false);
    expect(can(mod, 'community.moderate', community(member('moderator', 'suspended')))).toBe(false);
    expect(can(carer, 'community.moderate', community(member('carer')))).toBe(false);
  });

  it('never lets the community into another service', () => {
    expect(
      can(carer, 'community.take_part', { ...community(member('carer')), serviceId: 'service-b' }),
    ).toBe(false);
  });

  it('gives carers (community members) no clinical rule at all', () => {
    expect(can(carer, 'patient.read', patient)).toBe(false);
    expect(can(carer, 'care.manage', appointment)).toBe(false);
    expect(can(carer, 'care.read_own', appointment)).toBe(false);
    expect(can(carer, 'therapist.view_diary', diary)).toBe(false);
    expect(can(carer, 'queue.work', { kind: 'risk_alert', serviceId: S })).toBe(false);
    expect(can(carer, 'patient.read_messages', patient)).toBe(false);
  });
});
// --- end community ---
describe('joining a video appointment’s call', () => {
  const room: VideoRoomResource = {
    kind: 'video_room',
    serviceId: S,
    therapistId: 'trainee-1',
    patientUserId: 'patient-1',
    supervisorConsented: false,
  };
  it('lets in the patient and the therapist whose appointment it is, nobody else', () => {
    expect(can(actor('patient-1', ['patient']), 'video.join', room)).toBe(true);
    expect(can(actor('trainee-1', ['therapist']), 'video.join', room)).toBe(true);
    expect(can(actor('patient-2', ['patient']), 'video.join', room)).toBe(false);
    expect(can(actor('therapist-9', ['therapist']), 'video.join', room)).toBe(false);
    // Managers may manage the appointment but never sit in on the session.
    expect(can(actor('m', ['service_manager']), 'video.join', room)).toBe(false);
    expect(can(actor('mod', ['moderator']), 'video.join', room)).toBe(false);
    // The patient's user id held by a staff account is not the patient.
    expect(can(actor('patient-1', ['therapist']), 'video.join', room)).toBe(false);
  });
  it('lets the trainee’s supervisor in only with the patient’s recorded consent', () => {
    const sup = actor('sup', ['supervisor'], ['trainee-1']);
    expect(can(sup, 'video.join', room)).toBe(false);
    expect(can(sup, 'video.join', { ...room, supervisorConsented: true })).toBe(true);
    const other = actor('sup-2', ['supervisor'], ['trainee-9']);
    expect(can(other, 'video.join', { ...room, supervisorConsented: true })).toBe(false);
  });
  it('never lets anyone into another service’s room', () => {
    const elsewhere = { ...room, serviceId: 'service-b', supervisorConsented: true };
    expect(can(actor('patient-1', ['patient']), 'video.join', elsewhere)).toBe(false);
    expect(can(actor('trainee-1', ['therapist']), 'video.join', elsewhere)).toBe(false);
  });
});

describe('session notes and supervision (issue 11 part B)', () => {
  const session: CareResource = {
    kind: 'appointment',
    serviceId: S,
    therapistId: 'trainee-1',
    responsibleClinicianId: 'trainee-1',
    patientUserId: 'patient-1',
  };
  it('never lets a patient read the clinical note, even their own', () => {
    expect(can(actor('patient-1', ['patient']), 'note.read', session)).toBe(false);
  });
  it('lets the therapist, their supervisor and a manager read it; not another therapist', () => {
    expect(can(actor('trainee-1', ['therapist']), 'note.read', session)).toBe(true);
    expect(can(actor('sup', ['supervisor'], ['trainee-1']), 'note.read', session)).toBe(true);
    expect(can(actor('m', ['service_manager']), 'note.read', session)).toBe(true);
    expect(can(actor('t9', ['therapist']), 'note.read', session)).toBe(false);
    expect(can(actor('sup', ['supervisor'], ['trainee-9']), 'note.read', session)).toBe(false);
  });
  it('lets only the session’s therapist write it', () => {
    expect(can(actor('trainee-1', ['therapist']), 'note.write', session)).toBe(true);
    expect(can(actor('sup', ['supervisor'], ['trainee-1']), 'note.write', session)).toBe(false);
    expect(can(actor('m', ['service_manager']), 'note.write', session)).toBe(false);
    expect(can(actor('patient-1', ['patient']), 'note.write', session)).toBe(false);
  });
  it('lets the supervisor countersign their trainee’s note, never the author', () => {
    const author: TherapistResource = { kind: 'therapist', serviceId: S, therapistId: 'trainee-1' };
    expect(can(actor('sup', ['supervisor'], ['trainee-1']), 'note.countersign', author)).toBe(true);
    expect(can(actor('sup2', ['supervisor'], ['trainee-9']), 'note.countersign', author)).toBe(
      false,
    );
    expect(
      can(
        actor('trainee-1', ['supervisor', 'therapist'], ['trainee-1']),
        'note.countersign',
        author,
      ),
    ).toBe(false);
    expect(can(actor('m', ['service_manager']), 'note.countersign', author)).toBe(false);
  });
  it('lets a supervisor record supervision of their supervisee, who acknowledges it', () => {
    const supervisee: TherapistResource = {
      kind: 'therapist',
      serviceId: S,
      therapistId: 'trainee-1',
    };
    expect(can(actor('sup', ['supervisor'], ['trainee-1']), 'supervision.record', supervisee)).toBe(
      true,
    );
    expect(can(actor('sup', ['supervisor'], []), 'supervision.record', supervisee)).toBe(false);
    expect(can(actor('trainee-1', ['therapist']), 'supervision.acknowledge', supervisee)).toBe(
      true,
    );
    expect(
      can(actor('sup', ['supervisor'], ['trainee-1']), 'supervision.acknowledge', supervisee),
    ).toBe(false);
  });
});

// Reports (issue 15): figures for managers, drill-downs for clinicians within what they may read.
describe('service reports', () => {
  const report = { kind: 'service_report' as const, serviceId: S };
  it('shows the dashboard and exports to service managers only', () => {
    for (const role of ROLES) {
      const a = actor('u', [role]);
      expect(can(a, 'report.view', report)).toBe(role === 'service_manager');
      expect(can(a, 'report.export', report)).toBe(role === 'service_manager');
    }
  });
  it('opens the list behind a figure to clinicians, never to patients or the community', () => {
    for (const role of ROLES)
      expect(can(actor('u', [role]), 'report.drill_down', report)).toBe(
        inGroup([role], 'clinical'),
      );
  });
  it('refuses every report of another service', () => {
    const other = { kind: 'service_report' as const, serviceId: 'service-b' };
    const m = actor('m', ['service_manager']);
    expect(can(m, 'report.view', other)).toBe(false);
    expect(can(m, 'report.drill_down', other)).toBe(false);
    expect(can(m, 'report.export', other)).toBe(false);
  });
  it('limits a drill-down to the patients the actor may read', () => {
    expect(reportClinicians(actor('m', ['service_manager', 'therapist']))).toBeNull();
    expect(reportClinicians(actor('t', ['therapist']))).toEqual(['t']);
    expect(reportClinicians(actor('s', ['supervisor', 'therapist'], ['trainee-1']))).toEqual([
      's',
      'trainee-1',
    ]);
    expect(reportClinicians(actor('s', ['supervisor'], ['trainee-1']))).toEqual(['trainee-1']);
    expect(reportClinicians(actor('x', ['moderator']))).toEqual([]);
  });
});

describe('the staying-well plan (issue 11, hazard H26)', () => {
  const course: CareResource = {
    kind: 'course',
    serviceId: S,
    therapistId: 'therapist-2',
    responsibleClinicianId: 'trainee-1',
    patientUserId: 'patient-1',
  };
  it('is written together by the patient and the course’s therapist', () => {
    expect(can(actor('patient-1', ['patient']), 'staying_well.write', course)).toBe(true);
    expect(can(actor('therapist-2', ['therapist']), 'staying_well.write', course)).toBe(true);
    expect(can(actor('trainee-1', ['therapist']), 'staying_well.write', course)).toBe(true);
  });
  it('is read, not written, by the supervisor and a manager', () => {
    const sup = actor('sup', ['supervisor'], ['therapist-2']);
    const m = actor('m', ['service_manager']);
    for (const a of [sup, m]) {
      expect(can(a, 'staying_well.read', course)).toBe(true);
      expect(can(a, 'staying_well.write', course)).toBe(false);
    }
  });
  it('keeps out another patient, another therapist and the community', () => {
    for (const a of [
      actor('patient-2', ['patient']),
      actor('therapist-9', ['therapist']),
      actor('sup', ['supervisor'], ['trainee-9']),
      actor('mod', ['moderator']),
      actor('patient-1', ['community_member']),
    ]) {
      expect(can(a, 'staying_well.read', course)).toBe(false);
      expect(can(a, 'staying_well.write', course)).toBe(false);
    }
  });
  it('refuses everyone a plan of another service', () => {
    const elsewhere = { ...course, serviceId: 'service-b' };
    for (const role of ROLES) {
      const a = actor('patient-1', [role], ['therapist-2']);
      expect(can(a, 'staying_well.read', elsewhere)).toBe(false);
      expect(can(a, 'staying_well.write', elsewhere)).toBe(false);
    }
  });
});
// --- notebook (issue 11) ---
describe('the patient’s notebook', () => {
  const book = (shared: boolean) => ({
    kind: 'notebook' as const,
    serviceId: S,
    ownerUserId: 'patient-1',
    shared,
    therapistId: 'trainee-1',
    responsibleClinicianId: 'therapist-2',
  });
  it('is kept by the patient alone: no other patient and no member of staff writes in it', () => {
    expect(can(actor('patient-1', ['patient']), 'notebook.keep', book(false))).toBe(true);
    expect(can(actor('patient-1', ['patient']), 'notebook.keep', book(true))).toBe(true);
    expect(can(actor('patient-2', ['patient']), 'notebook.keep', book(false))).toBe(false);
    expect(can(actor('trainee-1', ['therapist']), 'notebook.keep', book(true))).toBe(false);
    expect(can(actor('m', ['service_manager']), 'notebook.keep', book(true))).toBe(false);
    // The account alone is not enough: it must hold the patient role.
    expect(can(actor('patient-1', ['community_member']), 'notebook.keep', book(false))).toBe(false);
  });
  it('keeps a private note from everyone but the patient', () => {
    expect(can(actor('patient-1', ['patient']), 'notebook.read', book(false))).toBe(true);
    for (const a of [
      actor('trainee-1', ['therapist']),
      actor('therapist-2', ['therapist']),
      actor('sup', ['supervisor'], ['trainee-1']),
      actor('m', ['service_manager']),
      actor('patient-2', ['patient']),
    ])
      expect(can(a, 'notebook.read', book(false))).toBe(false);
  });
  it('lets the course’s therapist, the responsible clinician and their supervisor read a shared note', () => {
    expect(can(actor('trainee-1', ['therapist']), 'notebook.read', book(true))).toBe(true);
    expect(can(actor('therapist-2', ['therapist']), 'notebook.read', book(true))).toBe(true);
    expect(can(actor('sup', ['supervisor'], ['trainee-1']), 'notebook.read', book(true))).toBe(
      true,
    );
  });
  it('keeps a shared note from other therapists, managers, moderators and other patients', () => {
    for (const a of [
      actor('t9', ['therapist']),
      actor('sup', ['supervisor'], ['trainee-9']),
      actor('sup', ['therapist'], ['trainee-1']),
      actor('m', ['service_manager']),
      actor('mod', ['moderator']),
      actor('patient-2', ['patient']),
    ])
      expect(can(a, 'notebook.read', book(true))).toBe(false);
  });
  it('never opens a notebook of another service, nor one without an account', () => {
    expect(
      can(actor('patient-1', ['patient']), 'notebook.keep', { ...book(false), serviceId: 'b' }),
    ).toBe(false);
    expect(
      can(actor('trainee-1', ['therapist']), 'notebook.read', { ...book(true), serviceId: 'b' }),
    ).toBe(false);
    expect(
      can(actor('patient-1', ['patient']), 'notebook.read', { ...book(false), ownerUserId: null }),
    ).toBe(false);
  });
});
// --- end notebook ---
