import type { Persona, ServiceRecords } from './world';

/**
 * One case per route (method + url), so the generated meta-tests (strangers, CSRF, fuzz, axe)
 * cover every route. `route-cases.int.test.ts` fails when a route has no case here, or a case no
 * route: adding a route means saying here who uses it and how to fill its params.
 */
export interface RouteCase {
  /** Who uses the route normally; `anonymous` for public pages. */
  owner: Persona | 'anonymous';
  /** Fills the path params from a service's records (the owner's records in service A). */
  params?: (r: ServiceRecords) => Record<string, string>;
  /**
   * Users of service A who must get 404 for the owner's records. A user of the owner's role in
   * service A requesting service B's ids is always tried when the route names a record.
   */
  strangers?: Persona[];
  /** The params name files or fixed values, not records: no stranger or tenancy case. */
  noRecord?: boolean;
  /** A GET that is not an HTML page (assets, probes, calendar files): no axe check. */
  notHtml?: boolean;
  /** The page holding this route's form, when it is not the GET of the same URL. */
  formPage?: string;
}

const patientParams = (r: ServiceRecords) => ({ patientId: r.patientId });
const apptParams = (r: ServiceRecords) => ({ id: r.appointmentId });
const qParams = (r: ServiceRecords) => ({ appointmentId: r.appointmentId });
const pastSessionParams = (r: ServiceRecords) => ({ appointmentId: r.pastAppointmentId });
const patientCancelledParams = (r: ServiceRecords) => ({ id: r.patientCancelledAppointmentId });
const referralParams = (r: ServiceRecords) => ({ referralId: r.newReferralId });
const locationParams = (r: ServiceRecords) => ({ locationId: r.locationId });
const threadParams = (r: ServiceRecords) => ({ threadId: r.threadId });
const roomParams = (r: ServiceRecords) => ({ locationId: r.locationId, roomId: r.roomId });

const pub: RouteCase = { owner: 'anonymous' };
const api: RouteCase = { owner: 'anonymous', notHtml: true, noRecord: true };
// Fills the path for the fuzz; the API's own tests try real and foreign ids with tokens.
const apiRecord: RouteCase = { ...api, params: (r) => ({ id: r.patientId }) };
const FHIR_TYPES = [
  'Patient',
  'Practitioner',
  'PractitionerRole',
  'Location',
  'EpisodeOfCare',
  'Appointment',
  'QuestionnaireResponse',
  'Observation',
  'Flag',
];
const FHIR_API_CASES: Record<string, RouteCase> = {
  'POST /api/oauth/token': api,
  'GET /api/fhir/r4/metadata': api,
  'GET /api/fhir/r4/.well-known/smart-configuration': api,
  'GET /api/fhir/r4/Patient/:id/$everything': apiRecord,
  ...Object.fromEntries(
    FHIR_TYPES.flatMap((type) => [
      [`GET /api/fhir/r4/${type}`, api],
      [`GET /api/fhir/r4/${type}/:id`, apiRecord],
    ]),
  ),
};
const asset: RouteCase = { owner: 'anonymous', notHtml: true };
const manager: RouteCase = { owner: 'manager' };
const therapist: RouteCase = { owner: 'therapist' };
const patient: RouteCase = { owner: 'patient' };
// --- community (issue 13) ---
const communitySpace: RouteCase = {
  owner: 'patient',
  params: (r) => ({ spaceId: r.communitySpaceId }),
  strangers: ['otherPatient', 'therapist', 'manager'],
};
const communityTopic: RouteCase = {
  owner: 'patient',
  params: (r) => ({ topicId: r.communityTopicId }),
  strangers: ['otherPatient', 'therapist', 'manager'],
};
const communityReport: RouteCase = {
  owner: 'moderator',
  params: (r) => ({ postId: r.communityPostId }),
  strangers: ['patient', 'otherPatient', 'therapist'],
};
const communityModeration: RouteCase = {
  owner: 'moderator',
  params: (r) => ({ postId: r.communityPostId }),
  strangers: ['patient', 'otherPatient', 'therapist', 'manager'],
};
// A video in the patient's space: non-members (the other patient, a therapist) get 404.
const communityVideo: RouteCase = {
  owner: 'patient',
  params: (r) => ({ videoId: r.communityVideoId }),
  strangers: ['otherPatient', 'therapist'],
};
// Hiding a video: moderators; a member who is not one gets 404.
const communityVideoCurator: RouteCase = {
  owner: 'moderator',
  params: (r) => ({ videoId: r.communityVideoId }),
  strangers: ['patient', 'otherPatient', 'therapist'],
};
// --- end community ---
const wallMember: RouteCase = {
  owner: 'patient',
  params: (r) => ({ messageId: r.wallMessageId }),
  strangers: ['otherPatient', 'therapist', 'manager'],
};
const wallModerator: RouteCase = {
  owner: 'moderator',
  params: (r) => ({ messageId: r.wallMessageId }),
  strangers: ['patient', 'otherPatient', 'therapist', 'manager'],
};
/** The IPT workspace: the course's therapist; another therapist and a trainee get 404. */
const iptCase = (params: (r: ServiceRecords) => Record<string, string>): RouteCase => ({
  owner: 'therapist',
  params,
  strangers: ['otherTherapist', 'trainee'],
});

// The patient's notebook (issue 11).
const notebookNote: RouteCase = {
  owner: 'patient',
  params: (r) => ({ noteId: r.notebookNoteId }),
  strangers: ['otherPatient', 'therapist', 'manager', 'moderator'],
};
const notebookFolder: RouteCase = {
  owner: 'patient',
  params: (r) => ({ folderId: r.notebookFolderId }),
  strangers: ['otherPatient', 'therapist', 'manager', 'moderator'],
};

/** The self-referral's question pages (referral.forms.ts page list): GET and POST, public. */
const REFERRAL_PAGES = [
  'name',
  'date-of-birth',
  'address',
  'contact-details',
  'contact-permissions',
  'nhs-number',
  'gp',
  'gender',
  'ethnicity',
  'language',
  'communication-needs',
  'what-is-troubling-you',
  'areas',
  'other-services',
  'mood',
  'anxiety',
  'day-to-day-life',
  'your-safety',
  'sessions',
  'location',
  'contact-your-gp',
] as const;

export const ROUTE_CASES: Record<string, RouteCase> = {
  // --- community (issue 13) ---
  // The patient is a member (former patient), the moderator moderates, the other patient holds an
  // open carer invitation (tests/support/community.ts). Strangers: non-members and the wrong kind.
  'GET /community': patient,
  'GET /community/join': { owner: 'otherPatient' },
  'POST /community/join': { owner: 'otherPatient' },
  'GET /community/spaces/:spaceId': communitySpace,
  'GET /community/spaces/:spaceId/new-topic': communitySpace,
  'POST /community/spaces/:spaceId/new-topic': communitySpace,
  'GET /community/blogs': patient,
  'GET /community/blogs/new': patient,
  'POST /community/blogs/new': patient,
  'GET /community/topics/:topicId': communityTopic,
  'GET /community/topics/:topicId/reply': communityTopic,
  'POST /community/topics/:topicId/reply': communityTopic,
  'POST /community/topics/:topicId/follow': {
    ...communityTopic,
    formPage: '/community/topics/:topicId',
  },
  'GET /community/posts/:postId/edit': {
    owner: 'patient',
    params: (r) => ({ postId: r.communityPostId }),
    strangers: ['moderator', 'otherPatient', 'therapist'],
  },
  'POST /community/posts/:postId/edit': {
    owner: 'patient',
    params: (r) => ({ postId: r.communityPostId }),
    strangers: ['moderator', 'otherPatient', 'therapist'],
  },
  // Only its author may delete a post: a moderator too is a stranger here.
  'GET /community/posts/:postId/delete': {
    owner: 'patient',
    params: (r) => ({ postId: r.communityPostId }),
    strangers: ['moderator', 'otherPatient', 'therapist'],
  },
  'POST /community/posts/:postId/delete': {
    owner: 'patient',
    params: (r) => ({ postId: r.communityPostId }),
    strangers: ['moderator', 'otherPatient', 'therapist'],
  },
  'GET /community/posts/:postId/report': communityReport,
  'POST /community/posts/:postId/report': communityReport,
  'GET /community/search': patient,
  'GET /community/urgent-help': patient,
  'GET /community/you': patient,
  'GET /community/you/download': { owner: 'patient', notHtml: true },
  'GET /community/you/delete': patient,
  'POST /community/you/delete': patient,
  'GET /community/leave': patient,
  'POST /community/leave': patient,
  'GET /community/invite': patient,
  'POST /community/invite': patient,
  'GET /community/moderators': manager,
  'POST /community/moderators': manager,
  'GET /community/moderation': { owner: 'moderator' },
  'POST /community/moderation/duty': { owner: 'moderator', formPage: '/community/moderation' },
  'GET /community/moderation/posts/:postId': communityModeration,
  'POST /community/moderation/posts/:postId': communityModeration,
  'GET /patients/:patientId/community-invitation': {
    owner: 'therapist',
    params: patientParams,
    strangers: ['otherTherapist', 'trainee', 'moderator'],
  },
  'POST /patients/:patientId/community-invitation': {
    owner: 'therapist',
    params: patientParams,
    strangers: ['otherTherapist', 'trainee', 'moderator'],
  },
  // The video library. The upload is multipart in a browser; the meta-tests send it as a plain
  // form, which the route answers like a form with no files (400), after the same CSRF guard.
  'GET /community/videos': patient,
  'GET /community/videos/new': manager,
  'POST /community/videos/new': { owner: 'manager', formPage: '/community/videos/new' },
  'GET /community/videos/:videoId': communityVideo,
  'GET /community/videos/:videoId/media': { ...communityVideo, notHtml: true },
  'GET /community/videos/:videoId/captions': { ...communityVideo, notHtml: true },
  'GET /community/videos/:videoId/visibility': communityVideoCurator,
  'POST /community/videos/:videoId/visibility': communityVideoCurator,
  // --- end community ---
  'GET /static/*': { ...asset, noRecord: true },
  'GET /assets/*': { ...asset, noRecord: true },
  'GET /static/v/:hash/:file': {
    ...asset,
    noRecord: true,
    params: () => ({ hash: '0123456789abcdef', file: 'init.js' }),
  },
  // The design system's per-component modules; the names hold their content hash.
  'GET /static/nhsuk/:file': { ...asset, noRecord: true, params: () => ({ file: 'header.js' }) },
  'GET /static/nhsuk-frontend.min.css': asset,
  'GET /static/nhsuk-frontend.min.js': asset,
  'GET /static/nhsuk-frontend.min.js.map': asset,
  'GET /health': asset,
  // The session timeout script (src/client/session.ts) and what it asks: anyone signed in.
  'GET /static/client/session.js': asset,
  'GET /session/alive': { owner: 'patient', notHtml: true, noRecord: true },
  'GET /session/status': { owner: 'patient', notHtml: true, noRecord: true },
  'GET /ready': asset,
  'GET /api/health': asset,

  'GET /': pub,
  'GET /ipt': pub,
  'GET /ipt/treatment': pub,
  'GET /ipt/preparing': pub,
  'GET /ipt/video-sessions': pub,
  'GET /ipt/how-its-offered': pub,
  'GET /ipt/who-delivers-it': pub,
  'GET /ipt/faqs': pub,
  'GET /ipt/after-treatment': pub,
  'GET /urgent-help': pub,
  'GET /accessibility': pub,
  'GET /privacy': pub,

  'GET /sign-in': pub,
  'POST /sign-in': pub,
  'GET /sign-out': pub,
  'POST /sign-out': { owner: 'patient', formPage: '/sign-out' },
  'GET /account': patient,
  'POST /account/sign-out-everywhere': { owner: 'patient', formPage: '/account' },
  'POST /account/nhs-login/unlink': { owner: 'patient', formPage: '/account' },
  // The second step needs a half-way session; without one these send people back to /sign-in.
  'GET /sign-in/second-step': pub,
  'POST /sign-in/second-step': pub,
  'POST /sign-in/passkey': pub,
  'GET /sign-in/set-up': pub,
  'POST /sign-in/set-up': pub,
  // --- OpenID sign-in (issue 17): 404 until a provider is configured; with one, a flow needs its
  // cookie, so a stranger's request is refused. src/features/auth/oidc.int.test.ts drives them.
  'GET /sign-in/nhs-login': pub,
  'GET /sign-in/nhs-login/callback': pub,
  'GET /sign-in/nhs-login/confirm': pub,
  'POST /sign-in/nhs-login/confirm': { owner: 'anonymous', formPage: '/sign-in' },
  'GET /sign-in/staff': pub,
  'GET /sign-in/staff/callback': pub,
  // --- end OpenID sign-in ---
  'POST /account/passkeys': { owner: 'therapist', formPage: '/account' },
  'GET /static/simplewebauthn-browser.js': asset,
  'GET /admin/users/:userId/second-factor': {
    owner: 'manager',
    params: (r) => ({ userId: r.userIds.moderator }),
    strangers: ['therapist', 'supervisor', 'moderator', 'patient'],
  },
  'POST /admin/users/:userId/second-factor': {
    owner: 'manager',
    params: (r) => ({ userId: r.userIds.moderator }),
    strangers: ['therapist', 'supervisor', 'moderator', 'patient'],
  },
  'GET /admin/users/:userId/access': {
    owner: 'manager',
    params: (r) => ({ userId: r.leaverUserId }),
    strangers: ['therapist', 'supervisor', 'moderator', 'patient'],
  },
  'POST /admin/users/:userId/access': {
    owner: 'manager',
    params: (r) => ({ userId: r.leaverUserId }),
    strangers: ['therapist', 'supervisor', 'moderator', 'patient'],
  },
  'POST /admin/users/:userId/invitation': {
    owner: 'manager',
    params: (r) => ({ userId: r.leaverUserId }),
    strangers: ['therapist', 'supervisor', 'moderator', 'patient'],
    formPage: '/admin/users',
  },
  'GET /admin/users/:userId/roles': {
    owner: 'manager',
    params: (r) => ({ userId: r.leaverUserId }),
    strangers: ['therapist', 'supervisor', 'moderator', 'patient'],
  },
  'POST /admin/users/:userId/roles': {
    owner: 'manager',
    params: (r) => ({ userId: r.leaverUserId }),
    strangers: ['therapist', 'supervisor', 'moderator', 'patient'],
  },
  'GET /admin/users/:userId/sign-in-links/:kind': {
    owner: 'manager',
    params: (r) => ({ userId: r.userIds.moderator, kind: 'staff' }),
    strangers: ['therapist', 'supervisor', 'moderator', 'patient'],
  },
  'POST /admin/users/:userId/sign-in-links/:kind': {
    owner: 'manager',
    params: (r) => ({ userId: r.userIds.moderator, kind: 'staff' }),
    strangers: ['therapist', 'supervisor', 'moderator', 'patient'],
  },
  'GET /account/set-password': pub,
  'POST /account/set-password': pub,
  'GET /forgot-password': pub,
  'POST /forgot-password': pub,
  'GET /setup': pub,
  'POST /setup': pub,
  'GET /home': patient,

  'GET /patients/:patientId': {
    owner: 'therapist',
    params: patientParams,
    strangers: ['otherTherapist', 'otherPatient', 'trainee'],
  },
  'GET /record-views': patient,
  'GET /messages': patient,
  'GET /messages/ask': patient,
  'POST /messages/ask': patient,
  'GET /messages/questions/:threadId': {
    owner: 'patient',
    params: threadParams,
    strangers: ['otherPatient'],
  },
  'POST /messages/questions/:threadId': {
    owner: 'patient',
    params: threadParams,
    strangers: ['otherPatient'],
  },
  'GET /questions': therapist,
  // Writing to a patient first: whoever may answer their questions (the same rule).
  'GET /patients/:patientId/message': {
    owner: 'therapist',
    params: patientParams,
    strangers: ['otherTherapist', 'trainee', 'supervisor', 'moderator', 'otherPatient'],
  },
  'POST /patients/:patientId/message': {
    owner: 'therapist',
    params: patientParams,
    strangers: ['otherTherapist', 'trainee', 'supervisor', 'moderator', 'otherPatient'],
  },
  'GET /questions/:threadId': {
    owner: 'therapist',
    params: threadParams,
    strangers: ['otherTherapist', 'trainee', 'supervisor', 'moderator', 'otherPatient'],
  },
  'POST /questions/:threadId': {
    owner: 'therapist',
    params: threadParams,
    strangers: ['otherTherapist', 'trainee', 'supervisor', 'moderator', 'otherPatient'],
  },
  'GET /patients/:patientId/record-views': {
    owner: 'manager',
    params: patientParams,
    strangers: [
      'otherPatient',
      'therapist',
      'otherTherapist',
      'supervisor',
      'trainee',
      'moderator',
    ],
  },
  'GET /progress': patient,
  // Contact and GP details: the clinicians who may open the record.
  'GET /patients/:patientId/details': {
    owner: 'therapist',
    params: patientParams,
    strangers: ['otherTherapist', 'trainee'],
  },
  'POST /patients/:patientId/details': {
    owner: 'therapist',
    params: patientParams,
    strangers: ['otherTherapist', 'trainee'],
  },
  // The person's own contact details and ways of contact (ADR 0035).
  'GET /patients/:patientId/contact': {
    owner: 'patient',
    params: patientParams,
    strangers: ['otherPatient'],
  },
  'POST /patients/:patientId/contact': {
    owner: 'patient',
    params: patientParams,
    strangers: ['otherPatient'],
  },
  'GET /patients/:patientId/progress': {
    owner: 'therapist',
    params: patientParams,
    strangers: ['otherTherapist', 'trainee'],
  },

  'GET /refer': pub,
  'POST /refer/start': { owner: 'anonymous', formPage: '/refer' },
  ...Object.fromEntries(
    REFERRAL_PAGES.flatMap((p) => [
      [`GET /refer/${p}`, pub],
      [`POST /refer/${p}`, pub],
    ]),
  ),
  'GET /refer/urgent-help': pub,
  'GET /refer/check': pub,
  'POST /refer/check': pub,
  'GET /refer/confirmation': pub,

  'GET /admin': manager,
  'GET /admin/audit': manager,
  'GET /admin/messages': manager,
  'GET /admin/users': manager,
  'POST /admin/users': manager,
  'GET /admin/contact': manager,
  'POST /admin/contact': manager,
  'GET /admin/outcomes': manager,
  // Reports (issue 15): aggregates for managers; the lists behind figures for clinicians too.
  'GET /admin/reports': manager,
  'GET /admin/reports/equity': manager,
  'GET /admin/reports/patients': therapist,
  'GET /admin/reports/export/summary.csv': { ...manager, notHtml: true },
  'GET /admin/reports/export/caseloads.csv': { ...manager, notHtml: true },
  'GET /admin/reports/export/equity.csv': { ...manager, notHtml: true },
  'GET /admin/reports/export/courses.csv': { ...manager, notHtml: true },
  'GET /admin/reports/export/patients.csv': { ...manager, notHtml: true },

  'GET /therapists': manager,
  'GET /therapists/:userId': { owner: 'manager', params: (r) => ({ userId: r.userIds.therapist }) },
  'GET /therapists/:userId/edit': {
    owner: 'manager',
    params: (r) => ({ userId: r.userIds.therapist }),
  },
  'POST /therapists/:userId/edit': {
    owner: 'manager',
    params: (r) => ({ userId: r.userIds.therapist }),
  },

  'GET /locations': manager,
  'GET /locations/new': manager,
  'POST /locations/new': manager,
  'GET /locations/:locationId': { owner: 'manager', params: locationParams },
  'GET /locations/:locationId/edit': { owner: 'manager', params: locationParams },
  'POST /locations/:locationId/edit': { owner: 'manager', params: locationParams },
  'POST /locations/:locationId/rooms': {
    owner: 'manager',
    params: locationParams,
    formPage: '/locations/:locationId',
  },
  'POST /locations/:locationId/rooms/:roomId/close': {
    owner: 'manager',
    params: roomParams,
    formPage: '/locations/:locationId',
  },
  'POST /locations/:locationId/rooms/:roomId/reopen': {
    owner: 'manager',
    params: roomParams,
    formPage: '/locations/:locationId',
  },

  'GET /courses': therapist,
  'GET /courses/allocate': manager,
  'GET /courses/allocate/:referralId': {
    owner: 'manager',
    params: (r) => ({ referralId: r.waitingReferralId }),
  },
  'POST /courses/allocate/:referralId': {
    owner: 'manager',
    params: (r) => ({ referralId: r.waitingReferralId }),
  },
  'GET /courses/:courseId': {
    owner: 'therapist',
    params: (r) => ({ courseId: r.courseId }),
    strangers: ['otherTherapist', 'trainee'],
  },
  // Emailing a GP letter again (the world's letter is the patient's copy: nothing to send).
  'POST /courses/:courseId/letters/:letterId/email-gp': {
    owner: 'therapist',
    params: (r) => ({ courseId: r.courseId, letterId: r.letterId }),
    strangers: ['otherTherapist', 'trainee', 'patient'],
    formPage: '/courses/:courseId',
  },
  // Recording a GP letter as sent another way (likewise: the patient's copy is not one).
  'POST /courses/:courseId/letters/:letterId/sent-another-way': {
    owner: 'therapist',
    params: (r) => ({ courseId: r.courseId, letterId: r.letterId }),
    strangers: ['otherTherapist', 'trainee', 'patient'],
    formPage: '/courses/:courseId',
  },
  'GET /courses/:courseId/discharge': {
    owner: 'therapist',
    params: (r) => ({ courseId: r.courseId }),
    strangers: ['otherTherapist', 'trainee', 'patient'],
  },
  'POST /courses/:courseId/discharge': {
    owner: 'therapist',
    params: (r) => ({ courseId: r.courseId }),
    strangers: ['otherTherapist', 'trainee', 'patient'],
  },
  'GET /feedback/:dischargeId': {
    owner: 'patient',
    params: (r) => ({ dischargeId: r.dischargeId }),
    strangers: ['otherPatient'],
  },
  'POST /feedback/:dischargeId': {
    owner: 'patient',
    params: (r) => ({ dischargeId: r.dischargeId }),
    strangers: ['otherPatient'],
  },
  'GET /feedback/thank-you': patient,
  'GET /service/experience': manager,
  'GET /letters/:letterId/pdf': {
    owner: 'patient',
    params: (r) => ({ letterId: r.letterId }),
    strangers: ['otherPatient', 'otherTherapist', 'trainee'],
    notHtml: true,
  },
  // Handing a course over: a supervisor may only for their trainees' courses.
  'GET /courses/:courseId/therapist': {
    owner: 'manager',
    params: (r) => ({ courseId: r.courseId }),
    strangers: ['supervisor'],
  },
  'POST /courses/:courseId/therapist': {
    owner: 'manager',
    params: (r) => ({ courseId: r.courseId }),
    strangers: ['supervisor'],
  },
  'POST /courses/:courseId/length': {
    owner: 'therapist',
    params: (r) => ({ courseId: r.courseId }),
    strangers: ['otherTherapist', 'trainee'],
    formPage: '/courses/:courseId',
  },
  'GET /caseload': therapist,
  // IPT course workspace (issue 11 part A)
  ...Object.fromEntries(
    [
      'GET /courses/:courseId/ipt',
      'GET /courses/:courseId/ipt/inventory',
      'GET /courses/:courseId/ipt/phase',
      'POST /courses/:courseId/ipt/phase',
      'GET /courses/:courseId/ipt/people/new',
      'POST /courses/:courseId/ipt/people/new',
      'GET /courses/:courseId/ipt/timeline/new',
      'POST /courses/:courseId/ipt/timeline/new',
      'GET /courses/:courseId/ipt/formulation',
      'POST /courses/:courseId/ipt/formulation',
      'GET /courses/:courseId/ipt/aims/new',
      'POST /courses/:courseId/ipt/aims/new',
      'GET /courses/:courseId/ipt/aims/rate',
      'POST /courses/:courseId/ipt/aims/rate',
    ].map((key) => [key, iptCase((r) => ({ courseId: r.courseId }))]),
  ),
  ...Object.fromEntries(
    [
      'GET /courses/:courseId/ipt/people/:personId/edit',
      'POST /courses/:courseId/ipt/people/:personId/edit',
      'GET /courses/:courseId/ipt/people/:personId/remove',
      'POST /courses/:courseId/ipt/people/:personId/remove',
    ].map((key) => [key, iptCase((r) => ({ courseId: r.courseId, personId: r.ipt.personId }))]),
  ),
  'POST /courses/:courseId/ipt/timeline/:eventId/remove': {
    ...iptCase((r) => ({ courseId: r.courseId, eventId: r.ipt.eventId })),
    formPage: '/courses/:courseId/ipt',
  },
  'POST /courses/:courseId/ipt/aims/:aimId/remove': {
    ...iptCase((r) => ({ courseId: r.courseId, aimId: r.ipt.aimId })),
    formPage: '/courses/:courseId/ipt',
  },
  'GET /therapy': patient,
  // Staying-well plan (issue 11, H26): the therapist from the workspace, the patient from /therapy.
  ...Object.fromEntries(
    [
      'GET /courses/:courseId/ipt/staying-well',
      'GET /courses/:courseId/ipt/staying-well/edit',
      'POST /courses/:courseId/ipt/staying-well/edit',
    ].map((key) => [key, iptCase((r) => ({ courseId: r.courseId }))]),
  ),
  ...Object.fromEntries(
    [
      'GET /therapy/:courseId/staying-well',
      'GET /therapy/:courseId/staying-well/edit',
      'POST /therapy/:courseId/staying-well/edit',
    ].map((key) => [
      key,
      {
        owner: 'patient',
        params: (r: ServiceRecords) => ({ courseId: r.courseId }),
        strangers: ['otherPatient'],
      } satisfies RouteCase,
    ]),
  ),
  'POST /therapy/:courseId/agree': {
    owner: 'patient',
    params: (r) => ({ courseId: r.courseId }),
    strangers: ['otherPatient'],
    formPage: '/therapy',
  },

  'GET /diary': therapist,
  'GET /diary/all': manager,
  'GET /diary/rooms': manager,
  'GET /diary/book': therapist,
  // The booking form of a patient of theirs (the page without one only asks whom to book for).
  'POST /diary/book': {
    owner: 'therapist',
    params: patientParams,
    formPage: '/diary/book?patient=:patientId',
  },
  'GET /diary/appointments/:id': {
    owner: 'therapist',
    params: apptParams,
    strangers: ['otherTherapist', 'trainee'],
  },
  'POST /diary/appointments/:id/cancel': {
    owner: 'therapist',
    params: apptParams,
    strangers: ['otherTherapist', 'trainee'],
    formPage: '/diary/appointments/:id',
  },
  'POST /diary/appointments/:id/attendance': {
    owner: 'therapist',
    params: apptParams,
    strangers: ['otherTherapist', 'trainee'],
    formPage: '/diary/appointments/:id',
  },
  'GET /diary/appointments/:id/rearrange': {
    owner: 'therapist',
    params: apptParams,
    strangers: ['otherTherapist', 'trainee'],
  },
  'POST /diary/appointments/:id/rearrange': {
    owner: 'therapist',
    params: apptParams,
    strangers: ['otherTherapist', 'trainee'],
  },
  'POST /diary/appointments/:id/keep-time': {
    owner: 'therapist',
    params: apptParams,
    strangers: ['otherTherapist', 'trainee'],
    formPage: '/diary/appointments/:id',
  },
  'GET /diary/appointments/:id/no-other-session': {
    owner: 'therapist',
    params: patientCancelledParams,
    strangers: ['otherTherapist', 'trainee'],
  },
  'POST /diary/appointments/:id/no-other-session': {
    owner: 'therapist',
    params: patientCancelledParams,
    strangers: ['otherTherapist', 'trainee'],
  },
  'GET /diary/settings': manager,
  'POST /diary/settings': manager,

  'GET /appointments': patient,
  'GET /appointments/:id': { owner: 'patient', params: apptParams, strangers: ['otherPatient'] },
  'GET /appointments/:id/calendar.ics': {
    owner: 'patient',
    params: apptParams,
    strangers: ['otherPatient'],
    notHtml: true,
  },
  'GET /appointments/:id/video': {
    owner: 'patient',
    params: apptParams,
    strangers: ['otherPatient', 'otherTherapist', 'trainee'],
  },
  // Video calls (issue 12): the bundled browser code, and the patient's consent to the supervisor.
  'GET /static/client/video.js': asset,
  // --- the Wall (issue 14): the patient is a member, the moderator moderates ---
  'GET /static/client/wall.js': asset,
  'GET /community/wall/live': { owner: 'patient', notHtml: true, noRecord: true },
  'GET /community/wall': patient,
  'POST /community/wall': patient,
  'GET /community/wall/help': patient,
  'GET /community/wall/moderation': { owner: 'moderator' },
  'GET /community/wall/messages/:messageId/report': wallMember,
  'POST /community/wall/messages/:messageId/report': wallMember,
  'GET /community/wall/messages/:messageId/hide': wallModerator,
  'POST /community/wall/messages/:messageId/hide': wallModerator,
  'GET /community/wall/messages/:messageId/sanction': wallModerator,
  'POST /community/wall/messages/:messageId/sanction': wallModerator,
  'POST /community/wall/messages/:messageId/reviewed': {
    ...wallModerator,
    formPage: '/community/wall/moderation',
  },
  'POST /community/wall/messages/:messageId/ask-clinical-team': {
    ...wallModerator,
    formPage: '/community/wall/moderation',
  },
  // --- end the Wall ---
  // The signalling socket: a plain GET (no upgrade, no origin) is refused with 401/403.
  'GET /ws/video': { owner: 'patient', notHtml: true, noRecord: true },
  'POST /appointments/:id/video/consent': {
    owner: 'patient',
    params: apptParams,
    strangers: ['otherPatient'],
    formPage: '/appointments/:id/video',
  },
  'GET /appointments/:id/cancel': {
    owner: 'patient',
    params: apptParams,
    strangers: ['otherPatient'],
  },
  'POST /appointments/:id/cancel': {
    owner: 'patient',
    params: apptParams,
    strangers: ['otherPatient'],
  },
  'GET /appointments/:id/rearrange': {
    owner: 'patient',
    params: apptParams,
    strangers: ['otherPatient'],
  },
  'POST /appointments/:id/rearrange': {
    owner: 'patient',
    params: apptParams,
    strangers: ['otherPatient'],
  },

  'GET /staff/referrals': therapist,
  'GET /staff/referrals/:referralId': { owner: 'therapist', params: referralParams },
  'POST /staff/referrals/:referralId/match': {
    owner: 'therapist',
    params: referralParams,
    formPage: '/staff/referrals/:referralId',
  },
  'POST /staff/referrals/:referralId/create-patient': {
    owner: 'therapist',
    params: referralParams,
    formPage: '/staff/referrals/:referralId',
  },
  'POST /staff/referrals/:referralId/onward/:onwardId/sent': {
    owner: 'therapist',
    params: (r) => r.onward,
    formPage: '/staff/referrals/:referralId',
  },
  // The GP's copy of an onward letter: emailed again, or recorded as sent another way.
  'POST /staff/referrals/:referralId/letters/:letterId/email-gp': {
    owner: 'therapist',
    params: (r) => r.onwardLetter,
    formPage: '/staff/referrals/:referralId',
  },
  'POST /staff/referrals/:referralId/letters/:letterId/sent-another-way': {
    owner: 'therapist',
    params: (r) => r.onwardLetter,
    formPage: '/staff/referrals/:referralId',
  },
  'GET /staff/referrals/:referralId/close': { owner: 'therapist', params: referralParams },
  'POST /staff/referrals/:referralId/close': { owner: 'therapist', params: referralParams },
  'GET /staff/referrals/:referralId/book': { owner: 'therapist', params: referralParams },
  'POST /staff/referrals/:referralId/book': { owner: 'therapist', params: referralParams },
  'GET /staff/referrals/:referralId/assessment': { owner: 'therapist', params: referralParams },
  'POST /staff/referrals/:referralId/assessment': { owner: 'therapist', params: referralParams },
  'GET /staff/waiting-list': therapist,
  'GET /staff/risk': therapist,
  'GET /staff/risk/:alertId': { owner: 'therapist', params: (r) => ({ alertId: r.alertId }) },
  'POST /staff/risk/:alertId': { owner: 'therapist', params: (r) => ({ alertId: r.alertId }) },

  'GET /questionnaires/:appointmentId': {
    owner: 'patient',
    params: qParams,
    strangers: ['otherPatient'],
  },
  'GET /questionnaires/:appointmentId/urgent-help': {
    owner: 'patient',
    params: qParams,
    strangers: ['otherPatient'],
  },
  'GET /questionnaires/:appointmentId/done': {
    owner: 'patient',
    params: qParams,
    strangers: ['otherPatient'],
  },
  'GET /questionnaires/:appointmentId/:measureId': {
    owner: 'patient',
    params: (r) => ({ appointmentId: r.appointmentId, measureId: 'phq9' }),
    strangers: ['otherPatient'],
  },
  'POST /questionnaires/:appointmentId/:measureId': {
    owner: 'patient',
    params: (r) => ({ appointmentId: r.appointmentId, measureId: 'phq9' }),
    strangers: ['otherPatient'],
  },
  'GET /patients/:patientId/questionnaires': {
    owner: 'therapist',
    params: patientParams,
    strangers: ['otherTherapist', 'trainee'],
  },
  'GET /patients/:patientId/questionnaires/:appointmentId/:measureId': {
    owner: 'therapist',
    params: (r) => ({ patientId: r.patientId, appointmentId: r.appointmentId, measureId: 'phq9' }),
    strangers: ['otherTherapist', 'trainee'],
  },
  'POST /patients/:patientId/questionnaires/:appointmentId/:measureId': {
    owner: 'therapist',
    params: (r) => ({ patientId: r.patientId, appointmentId: r.appointmentId, measureId: 'phq9' }),
    strangers: ['otherTherapist', 'trainee'],
  },
  'GET /patients/:patientId/questionnaires/:appointmentId/urgent-help': {
    owner: 'therapist',
    params: (r) => ({ patientId: r.patientId, appointmentId: r.appointmentId }),
    strangers: ['otherTherapist', 'trainee'],
  },
  'GET /patients/:patientId/questionnaires/responses/:responseId/correct': {
    owner: 'therapist',
    params: (r) => ({ patientId: r.patientId, responseId: r.responseId }),
    strangers: ['otherTherapist', 'trainee'],
  },
  'POST /patients/:patientId/questionnaires/responses/:responseId/correct': {
    owner: 'therapist',
    params: (r) => ({ patientId: r.patientId, responseId: r.responseId }),
    strangers: ['otherTherapist', 'trainee'],
  },

  // FHIR API (issue 17): bearer tokens, never cookies, so the cookie-based stranger and CSRF
  // cases do not apply; src/features/fhir/fhir.int.test.ts drives them as a client.
  ...FHIR_API_CASES,
  'GET /admin/api-clients': manager,
  'GET /admin/api-clients/new': manager,
  'POST /admin/api-clients/new': manager,
  'POST /admin/api-clients/:clientId/deactivate': {
    owner: 'manager',
    params: (r) => ({ clientId: r.apiClientId }),
    strangers: ['therapist', 'supervisor', 'moderator', 'patient'],
    formPage: '/admin/api-clients',
  },
  // Issue 11 part B: session notes, tasks between sessions, supervision.
  'GET /notes/:appointmentId': {
    owner: 'therapist',
    params: qParams,
    strangers: ['otherTherapist', 'trainee'],
  },
  'POST /notes/:appointmentId': {
    owner: 'therapist',
    params: qParams,
    strangers: ['otherTherapist', 'trainee'],
  },
  'POST /notes/:appointmentId/countersign': {
    owner: 'therapist',
    params: qParams,
    strangers: ['otherTherapist', 'trainee'],
    formPage: '/notes/:appointmentId',
  },
  'GET /notes/:appointmentId/addenda/new': {
    owner: 'therapist',
    params: qParams,
    strangers: ['otherTherapist', 'trainee'],
  },
  'POST /notes/:appointmentId/addenda/new': {
    owner: 'therapist',
    params: qParams,
    strangers: ['otherTherapist', 'trainee'],
  },
  // Corrections to the summary the patient reads (H17): whoever may add an addendum.
  'GET /notes/:appointmentId/corrections/new': {
    owner: 'therapist',
    params: qParams,
    strangers: ['otherTherapist', 'trainee'],
  },
  'POST /notes/:appointmentId/corrections/new': {
    owner: 'therapist',
    params: qParams,
    strangers: ['otherTherapist', 'trainee'],
  },
  'POST /notes/:appointmentId/corrections/countersign': {
    owner: 'therapist',
    params: qParams,
    strangers: ['otherTherapist', 'trainee'],
    formPage: '/notes/:appointmentId',
  },
  'GET /overdue-notes': therapist,
  'GET /summaries': patient,
  'GET /sessions/:appointmentId/tasks/new': {
    owner: 'therapist',
    params: pastSessionParams,
    strangers: ['otherTherapist', 'trainee'],
  },
  'POST /sessions/:appointmentId/tasks/new': {
    owner: 'therapist',
    params: pastSessionParams,
    strangers: ['otherTherapist', 'trainee'],
  },
  'GET /tasks': patient,
  'GET /tasks/:taskId': {
    owner: 'patient',
    params: (r) => ({ taskId: r.taskId }),
    strangers: ['otherPatient'],
  },
  'POST /tasks/:taskId': {
    owner: 'patient',
    params: (r) => ({ taskId: r.taskId }),
    strangers: ['otherPatient'],
  },
  'GET /supervision': { owner: 'supervisor' },
  'GET /supervision/courses/:courseId': {
    owner: 'supervisor',
    params: (r) => ({ courseId: r.traineeCourseId }),
  },
  'POST /supervision/courses/:courseId': {
    owner: 'supervisor',
    params: (r) => ({ courseId: r.traineeCourseId }),
  },
  'GET /supervision/received': therapist,
  'POST /supervision/notes/:noteId/acknowledge': {
    owner: 'trainee',
    params: (r) => ({ noteId: r.supervisionNoteId }),
    strangers: ['therapist', 'otherTherapist'],
    formPage: '/supervision/received',
  },
  // The patient's notebook (issue 11): the patient's own; another patient gets 404.
  'GET /notebook': patient,
  'GET /notebook/print': patient,
  'GET /notebook/pdf': { owner: 'patient', notHtml: true },
  'GET /notebook/notes/new': patient,
  'POST /notebook/notes/new': patient,
  'GET /notebook/notes/:noteId': notebookNote,
  'GET /notebook/notes/:noteId/edit': notebookNote,
  'POST /notebook/notes/:noteId/edit': notebookNote,
  'GET /notebook/notes/:noteId/move': notebookNote,
  'POST /notebook/notes/:noteId/move': notebookNote,
  'POST /notebook/notes/:noteId/share': {
    ...notebookNote,
    formPage: '/notebook/notes/:noteId',
  },
  'GET /notebook/notes/:noteId/delete': notebookNote,
  'POST /notebook/notes/:noteId/delete': notebookNote,
  'GET /notebook/folders/new': patient,
  'POST /notebook/folders/new': patient,
  'GET /notebook/folders/:folderId/rename': notebookFolder,
  'POST /notebook/folders/:folderId/rename': notebookFolder,
  'GET /notebook/folders/:folderId/delete': notebookFolder,
  'POST /notebook/folders/:folderId/delete': notebookFolder,
};

export const routeKey = (method: string, url: string) => `${method} ${url}`;

/** The URL with its params filled, each value URL-encoded. */
export function fillUrl(url: string, params: Record<string, string> = {}): string {
  return url.replace(/:(\w+)/g, (_m, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`no value for :${name} in ${url}`);
    return encodeURIComponent(value);
  });
}

/** The case for a route, or an error naming the route (the coverage test reports all at once). */
export function caseFor(method: string, url: string): RouteCase {
  const c = ROUTE_CASES[routeKey(method, url)];
  if (!c) throw new Error(`no case in tests/support/route-cases.ts for ${method} ${url}`);
  return c;
}
