import type { FastifyInstance } from 'fastify';
import { inGroup } from '../../platform/access';
import type { AppContext } from '../../platform/context';
import { useCaseFor } from '../../platform/use-case';
import { requireAuth } from '../../platform/web';
import { listForPatient } from '../diary';
import { GpLettersToSend, gpLettersToSend } from '../letters';
import { ServiceContact } from '../../ui/ServiceContact';
import { serviceContact } from '../admin';
import { activeMember, moderationWaiting, myInvitation } from '../community';
import { CoursesToHandOver, coursesToHandOver } from '../courses';
import { OverdueQuestions, overdueQuestionsFor } from '../messages';
import { ownPatientRecord } from '../patients';
import { HomeQuestionnairePrompt, questionnairePrompt, sessionWhen } from '../questionnaires';
import { filterQuery, headline, HeadlineFigures, parseReportFilter } from '../reports';
import { AlertsToHandOn, alertsToHandOn, openAlertQueue } from '../risk';
import { OnwardReferralsToSend, onwardReferralsToSend, patientJourney } from '../triage';
import { listLocations } from '../locations';
import { listTherapists, superviseesOf } from '../therapists';
import { VideoWaitingPanel, waitingForTherapist } from '../video';
import { wallModerationWaiting } from '../wall';
import { greetingName } from './greeting';
import { settingsSaved } from './home.repository';
import { setupSteps } from './setup';
import { HomePage, type NextAppointment } from './views/HomePage';

export function registerHomeRoutes(app: FastifyInstance, ctx: AppContext): void {
  const managerOverview = async (serviceId: string) => {
    const [saved, locations, therapists] = await Promise.all([
      settingsSaved(ctx.db, serviceId),
      listLocations(ctx.db, serviceId),
      listTherapists(ctx.db, serviceId),
    ]);
    const activeTherapists = therapists.filter((t) => t.active);
    const activeLocations = locations.filter((l) => l.active).length;
    return {
      steps: setupSteps({
        settingsSaved: saved,
        activeLocations,
        therapists: activeTherapists.map((t) => ({
          hasProfile: t.profile !== null,
          hasWorkingPattern: Object.keys(t.profile?.workingPattern ?? {}).length > 0,
        })),
      }),
      // Those who can sign in: an invited colleague is not working yet.
      therapists: activeTherapists.filter((t) => t.canSignIn).length,
      locations: activeLocations,
    };
  };

  /** The patient's next booked appointment that has not yet ended, if any. */
  const nextBooked = async (
    patientId: string,
    serviceId: string,
  ): Promise<NextAppointment | null> => {
    const now = ctx.clock.now().getTime();
    const next = (await listForPatient(ctx.db, serviceId, patientId)).find(
      (d) => d.appointment.status === 'booked' && d.appointment.endsAt.getTime() > now,
    );
    if (!next) return null;
    const { appointment, location, room } = next;
    return {
      id: appointment.id,
      kind: appointment.type,
      sessionNumber: appointment.sessionNumber,
      startsAt: appointment.startsAt,
      endsAt: appointment.endsAt,
      mode: appointment.mode,
      place:
        appointment.mode === 'face_to_face' && location
          ? {
              name: location.name,
              room: room?.name ?? null,
              address: location.address,
              postcode: location.postcode,
            }
          : null,
    };
  };

  app.get('/home', { config: { access: 'authenticated' } }, async (request, reply) => {
    const user = requireAuth(request);
    // Other features' services still take the actor on its own.
    const uc = useCaseFor(request, {
      db: ctx.db,
      clock: ctx.clock,
      publicUrl: ctx.config.publicUrl,
    });
    const { actor } = uc;
    const patient = user.roles.includes('patient')
      ? await ownPatientRecord(ctx.db, user.serviceId, user.userId)
      : null;
    const journey = patient ? await patientJourney(ctx.db, ctx.clock, actor, patient.id) : null;
    const nextAppointment = patient ? await nextBooked(patient.id, user.serviceId) : null;
    // Before each session: the questionnaires to answer, while they are open.
    const prompt = patient ? await questionnairePrompt(ctx.db, ctx.clock, actor, patient.id) : null;
    // A therapist sees the open risk alerts for their own patients first thing.
    const alerts = user.roles.includes('therapist')
      ? await openAlertQueue(ctx.db, ctx.clock, actor, { clinicianId: user.userId })
      : null;
    // A supervisor also sees those of their trainees' patients (they escalate to them).
    const traineeAlerts = user.roles.includes('supervisor')
      ? await openAlertQueue(ctx.db, ctx.clock, actor, {
          clinicianIds: await superviseesOf(ctx.db, user.serviceId, user.userId),
        })
      : null;
    // Their discharge GP letters that have not reached the practice, and for a manager those
    // of staff who have left (hazard H27).
    const gpLetters =
      user.roles.includes('therapist') || user.roles.includes('service_manager')
        ? await gpLettersToSend(uc)
        : [];
    // A manager: courses left with a therapist whose access was removed (ADR 0036).
    const handOver = user.roles.includes('service_manager') ? await coursesToHandOver(uc) : [];
    // And open risk alerts left with them, which reach nobody's home page otherwise (H2).
    const alertsLeft = user.roles.includes('service_manager') ? await alertsToHandOn(uc) : [];
    // Their onward referrals whose letter is not yet recorded as sent (hazard H27).
    const onward = inGroup(user.roles, 'clinical') ? await onwardReferralsToSend(uc) : [];
    // Patients' questions waiting more than a working day (hazard H18); a supervisor's too, for
    // the replies to conversations they started with a trainee's patient.
    const overdue = inGroup(user.roles, 'clinical') ? await overdueQuestionsFor(uc) : [];
    // A member of the peer-support community (a former patient, a carer, a moderator): the way in.
    const mayTakePart = user.roles.includes('patient') || inGroup(user.roles, 'community');
    const member = mayTakePart ? await activeMember(uc) : null;
    const communityMember = member !== null;
    // A moderator: what waits in the moderation queue, crisis first (hazard H20).
    const moderation = member?.kind === 'moderator' ? await moderationWaiting(uc) : null;
    // And how many of the Wall's messages wait, crisis language first: counts, never words.
    const wallModeration = moderation ? await wallModerationWaiting(uc) : null;
    // Invited and not yet joined: the way to join, not only the email.
    const communityInvited =
      mayTakePart && !communityMember ? (await myInvitation(uc)) !== null : false;
    // A service manager sees what to set up, in order, and cards for therapists and locations.
    const manager = user.roles.includes('service_manager')
      ? await managerOverview(user.serviceId)
      : null;
    // And this month's headline figures, each opening the dashboard.
    const month = manager ? parseReportFilter({}, ctx.clock.now()) : null;
    const figures = month ? await headline(uc, month.filter) : null;
    return ctx.page(
      request,
      reply,
      { title: 'Home' },
      <HomePage
        greetingName={greetingName(user.displayName, patient?.givenName)}
        roles={user.roles}
        patientId={patient?.id ?? null}
        communityMember={communityMember}
        communityInvited={communityInvited}
        moderation={moderation}
        wallModeration={wallModeration}
        journey={journey}
        nextAppointment={nextAppointment}
        manager={manager}
        figures={
          figures && month ? (
            <HeadlineFigures headline={figures} query={filterQuery(month.values, month.period)} />
          ) : null
        }
        alerts={alerts}
        traineeAlerts={traineeAlerts}
        videoWaiting={
          <VideoWaitingPanel
            waiting={
              // Only a therapist has patients waiting for them: nobody else pays for the query.
              user.roles.includes('therapist')
                ? await waitingForTherapist(ctx, user.serviceId, user.userId)
                : []
            }
          />
        }
        questions={<OverdueQuestions questions={overdue} />}
        gpLetters={<GpLettersToSend letters={gpLetters} />}
        onwardReferrals={<OnwardReferralsToSend referrals={onward} />}
        coursesToHandOver={
          <>
            <AlertsToHandOn alerts={alertsLeft} />
            <CoursesToHandOver courses={handOver} />
          </>
        }
        contact={
          patient ? (
            <ServiceContact
              serviceName={request.service.name}
              contact={await serviceContact(ctx.db, request.service.id)}
            />
          ) : null
        }
        questionnaires={
          prompt ? (
            <HomeQuestionnairePrompt
              prompt={prompt}
              when={sessionWhen(prompt.startsAt, ctx.clock.now())}
            />
          ) : null
        }
      />,
    );
  });
}
