import { Button } from 'nhsuk-react-components';
import { formatLondonDateTime, formatTime, utcToLondon } from '../../../domain/calendar';
import { formatTimeRange } from '../../../domain/diary';
import { RadiosField } from '../../../ui/fields';
import { CsrfField } from '../../../ui/forms';
import type { ServiceContactDetails } from '../../../ui/ServiceContact';
import { dayOf } from '../../diary';
import { formatUkPhoneNumber } from '../../../domain/identifiers';
import type { OpenRoom } from '../video.service';
import { VIDEO_SOCKET_PATH } from '../signalling';

export interface VideoRoomPageProps {
  room: OpenRoom;
  serviceName: string;
  contact: ServiceContactDetails | null;
  scriptUrl: string;
  csrfToken: string;
  /** Set after the patient answered the consent question. */
  notice?: string;
  /** Now, for how long until the room opens (the page opens the room itself then). */
  now: Date;
}

function PhoneUs({
  contact,
  serviceName,
}: {
  contact: ServiceContactDetails | null;
  serviceName: string;
}) {
  return contact ? (
    <>
      call {serviceName} on <a href={`tel:${contact.phone}`}>{contact.phoneDisplay}</a>
    </>
  ) : (
    <>contact {serviceName} (your GP surgery can tell you how)</>
  );
}

/**
 * What staff do when they cannot use the call: a therapist rearranges with the patient by
 * telephone (a session is never held by phone); a supervisor tells the therapist.
 */
function StaffInstead({ room }: { room: OpenRoom }) {
  if (room.role === 'supervisor')
    return (
      <>
        If you cannot, you will not be able to join this call: let {room.detail.therapistName} know.
      </>
    );
  const p = room.detail.patient;
  return (
    <>
      If you cannot, telephone {p.givenName} {p.familyName}
      {p.mobile ? (
        <>
          {' '}
          on <a href={`tel:${p.mobile}`}>{formatUkPhoneNumber(p.mobile)}</a>
        </>
      ) : null}{' '}
      to rearrange the appointment. Therapy sessions are not held by phone.
    </>
  );
}

/**
 * When a patient still waiting should call us: a therapist this late may be unwell or held up,
 * and the patient would otherwise wait on "soon" for the whole session (walk 11).
 */
const LATE_AFTER_MINUTES = 10;
const lateAfter = (startsAt: Date) => new Date(startsAt.getTime() + LATE_AFTER_MINUTES * 60_000);

function whenOpen(room: OpenRoom): string {
  const s = room.state;
  if (s.state === 'not_open_yet')
    return `The video room opens at ${formatTime(utcToLondon(s.opensAt).time)} on ${dayOf(s.opensAt)}, 15 minutes before your appointment starts. Come back to this page then.`;
  if (s.state === 'open') return 'The video room is open now.';
  if (s.state === 'cancelled')
    return 'This appointment has been cancelled, so there is no video room.';
  return 'The video room for this appointment has closed.';
}

/**
 * The video appointment page: when the room opens, the checklist, the device check and the call
 * itself. The call needs JavaScript; without it the page says so and gives the phone number.
 */
export function VideoRoomPage({
  room,
  serviceName,
  contact,
  scriptUrl,
  csrfToken,
  notice,
  now,
}: VideoRoomPageProps) {
  const a = room.detail.appointment;
  const patient = room.role === 'patient';
  const patientName = `${room.detail.patient.givenName} ${room.detail.patient.familyName}`;
  const withWhom =
    room.role === 'patient'
      ? `with ${room.detail.therapistName}`
      : room.role === 'therapist'
        ? `with ${patientName}`
        : `between ${room.detail.therapistName} and ${patientName}`;
  const open = room.state.state === 'open';
  // Cancelled or over: nothing to get ready for or join (walk 11: the page still offered the
  // checklist and, with JavaScript, asked for the camera), only where to go instead.
  if (room.state.state === 'cancelled' || room.state.state === 'closed')
    return (
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          <span className="nhsuk-caption-l">Video appointment</span>
          <h1>{formatLondonDateTime(a.startsAt)}</h1>
          <p>
            Video appointment {withWhom} on {dayOf(a.startsAt)} from{' '}
            {formatTimeRange(a.startsAt, a.endsAt)}.
          </p>
          <p id="video-room-state">{whenOpen(room)}</p>
          <p>
            {patient ? (
              <a href="/appointments">See all your appointments</a>
            ) : room.role === 'therapist' ? (
              <a href={`/diary/appointments/${a.id}`}>Back to the appointment</a>
            ) : (
              <a href="/supervision">Back to supervision</a>
            )}
          </p>
        </div>
      </div>
    );
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        {notice ? (
          <div className="nhsuk-inset-text" role="status">
            <p>{notice}</p>
          </div>
        ) : null}
        <span className="nhsuk-caption-l">Video appointment</span>
        <h1>{formatLondonDateTime(a.startsAt)}</h1>
        <p>
          Video appointment {withWhom} on {dayOf(a.startsAt)} from{' '}
          {formatTimeRange(a.startsAt, a.endsAt)}.
        </p>
        <p id="video-room-state">{whenOpen(room)}</p>

        <div className="nhsuk-inset-text">
          <p>
            Video appointments are not recorded. The call goes straight between{' '}
            {room.role === 'patient'
              ? 'you and your therapist'
              : room.role === 'therapist'
                ? 'you and your patient'
                : 'the people in it'}
            , encrypted; it does not pass through our website.
          </p>
        </div>

        <div id="video-nojs">
          <h2>Video calls need JavaScript</h2>
          <p>
            The video call works in your web browser, but only with JavaScript turned on. Turn it
            on, or try another browser such as Chrome, Safari, Edge or Firefox.
          </p>
          <p>
            {patient ? (
              <>
                If you cannot, <PhoneUs contact={contact} serviceName={serviceName} />. Your
                therapist will contact you.
              </>
            ) : (
              <StaffInstead room={room} />
            )}
          </p>
        </div>

        <h2>Before you join</h2>
        <ul>
          {patient ? (
            <>
              <li>find a private space where you will not be interrupted or overheard</li>
              <li>do not join while driving, or while looking after someone</li>
              <li>turn your sound on, and use headphones if you have them</li>
              <li>have your reading glasses with you if you need them</li>
            </>
          ) : (
            <>
              <li>a private room, door closed, with headphones</li>
              <li>
                the patient&apos;s phone number to hand in case the call drops
                {room.detail.patient.mobile ? (
                  <>
                    :{' '}
                    <a href={`tel:${room.detail.patient.mobile}`}>
                      {formatUkPhoneNumber(room.detail.patient.mobile)}
                    </a>
                  </>
                ) : (
                  ' (no mobile number is recorded: see their record)'
                )}
              </li>
            </>
          )}
        </ul>

        <div
          id="video-app"
          hidden
          data-appointment-id={a.id}
          data-role={room.role}
          data-socket={VIDEO_SOCKET_PATH}
          data-room-open={open ? 'true' : 'false'}
          {...(room.state.state === 'not_open_yet'
            ? {
                'data-opens-in-ms': String(room.state.opensAt.getTime() - now.getTime()),
                'data-opens-text': `The video room opens at ${formatTime(utcToLondon(room.state.opensAt).time)} on ${dayOf(room.state.opensAt)}. You can stay on this page: the button to join will appear then.`,
              }
            : {})}
        >
          <div id="video-unsupported" hidden>
            <h2>Your browser cannot make video calls</h2>
            <p>
              Try another browser such as Chrome, Safari, Edge or Firefox, or another device.{' '}
              {patient ? (
                <>
                  If you cannot, <PhoneUs contact={contact} serviceName={serviceName} />. Your
                  therapist will contact you.
                </>
              ) : (
                <StaffInstead room={room} />
              )}
            </p>
          </div>

          <section id="video-check" aria-labelledby="video-check-heading">
            <h2 id="video-check-heading">Check your camera, microphone and sound</h2>
            <video
              id="video-preview"
              className="rapport-video-preview"
              width="320"
              height="240"
              autoPlay
              muted
              playsInline
              aria-label="What your camera shows"
            ></video>
            <p id="video-camera-status" aria-live="polite">
              Your browser will ask to use your camera and microphone. Choose allow.
            </p>
            <p>
              <label htmlFor="video-mic-level">Microphone level (speak to see it move)</label>
              <br />
              <meter id="video-mic-level" min={0} max={1} value={0}></meter>
            </p>
            <p>
              <button
                id="video-speaker-test"
                type="button"
                className="nhsuk-button nhsuk-button--secondary"
              >
                Play a test sound
              </button>
            </p>
            <h3>Connection</h3>
            <ul aria-live="polite">
              <li id="video-check-signalling">Reaching the service: not checked yet</li>
              <li id="video-check-relay">Reaching the video relay: not checked yet</li>
            </ul>
          </section>

          {open ? (
            <Button id="video-join" type="button">
              Join the video appointment
            </Button>
          ) : null}

          <section id="video-waiting" hidden aria-labelledby="video-waiting-heading">
            {room.role === 'supervisor' ? (
              <>
                <h2 id="video-waiting-heading">
                  Waiting for {room.detail.therapistName} to start the call
                </h2>
                <p role="status">
                  You will join the call when {room.detail.therapistName} is in it. Please stay on
                  this page.
                </p>
              </>
            ) : (
              <>
                <h2 id="video-waiting-heading">You are in the waiting room</h2>
                <p role="status">
                  Your therapist knows you are here and will let you in soon. Please stay on this
                  page. You do not need to do anything else.
                </p>
                {patient ? (
                  <p>
                    {`If you have not been let in by ${formatTime(utcToLondon(lateAfter(a.startsAt)).time)} (${LATE_AFTER_MINUTES} minutes after your appointment was due to start), stay on this page and `}
                    <PhoneUs contact={contact} serviceName={serviceName} />. We will find out what
                    has happened.
                  </p>
                ) : null}
              </>
            )}
          </section>

          <section id="video-call" hidden aria-labelledby="video-call-heading">
            <h2 id="video-call-heading">Video call</h2>
            <p id="video-status" role="status" aria-live="polite"></p>
            <div id="video-remotes"></div>
            <video
              id="video-self"
              width="160"
              height="120"
              autoPlay
              muted
              playsInline
              aria-label="Your camera"
            ></video>
            <section id="video-admit" hidden aria-labelledby="video-admit-heading">
              <h3 id="video-admit-heading">Waiting to be let in</h3>
              <ul id="video-waiting-list"></ul>
            </section>
            <div className="rapport-video-controls">
              <button
                id="video-mute"
                type="button"
                className="nhsuk-button nhsuk-button--secondary"
                aria-pressed="false"
              >
                Mute microphone
              </button>{' '}
              <button
                id="video-camera"
                type="button"
                className="nhsuk-button nhsuk-button--secondary"
                aria-pressed="false"
              >
                Turn camera off
              </button>{' '}
              <button
                id="video-switch"
                type="button"
                className="nhsuk-button nhsuk-button--secondary"
                hidden
              >
                Switch camera
              </button>{' '}
              <button id="video-leave" type="button" className="nhsuk-button nhsuk-button--warning">
                Leave
              </button>{' '}
              {room.role === 'therapist' ? (
                <button id="video-end" type="button" className="nhsuk-button nhsuk-button--warning">
                  End for everyone
                </button>
              ) : null}
            </div>
          </section>

          <section id="video-ended" hidden aria-labelledby="video-ended-heading">
            <h2 id="video-ended-heading">The video call has ended</h2>
            <p id="video-ended-text">
              {patient ? (
                // Most courses have the next sessions booked already: say where they are, and
                // what to do if the call ended too soon, not a promise of contact (walk 11).
                <>
                  You can see your next appointments on{' '}
                  <a href="/appointments">your appointments page</a>. If the call ended before you
                  expected, <PhoneUs contact={contact} serviceName={serviceName} />.
                </>
              ) : room.role === 'supervisor' ? (
                'The therapist records how the session went.'
              ) : (
                'You can record attendance from the diary.'
              )}
            </p>
          </section>
        </div>

        {patient && room.hasSupervisor ? (
          <form method="post" action={`/appointments/${a.id}/video/consent`} noValidate>
            <CsrfField token={csrfToken} />
            <RadiosField
              form={{ values: { supervisorMayJoin: room.supervisorConsented ? 'yes' : 'no' } }}
              name="supervisorMayJoin"
              legend="May your therapist's supervisor join your video appointments?"
              legendProps={{ size: 's' }}
              hint="Your therapist is training and has a supervisor who helps them. They would only watch and listen. You can change your answer at any time."
              inline
              choices={[
                { value: 'yes', label: 'Yes' },
                { value: 'no', label: 'No' },
              ]}
            />
            <Button type="submit" secondary>
              Save my answer
            </Button>
          </form>
        ) : null}

        {patient && (room.state.state === 'not_open_yet' || room.state.state === 'open') ? (
          <p>
            If you cannot make it,{' '}
            <a href={`/appointments/${a.id}`}>change or cancel the appointment</a>.
          </p>
        ) : null}
        <script type="module" src={scriptUrl}></script>
      </div>
    </div>
  );
}
