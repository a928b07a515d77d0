/**
 * Nothing is recorded before it happens (hazard H11). Attendance, an assessment's record and the
 * scores taken at it are facts about an appointment that has taken place: recorded early, the
 * diary shows a future appointment as attended and the scores carry a date before the meeting
 * they came from. Recording opens at the appointment's start time (an assessment can be written
 * up during it); it never closes.
 */
export function hasStarted(appointment: { startsAt: Date }, now: Date): boolean {
  return appointment.startsAt.getTime() <= now.getTime();
}

export type RecordingCheck = { ok: true } | { ok: false; reason: 'not_started'; opensAt: Date };

/** Whether outcomes may be recorded for an appointment now, and from when if not. */
export function outcomeRecordingCheck(appointment: { startsAt: Date }, now: Date): RecordingCheck {
  return hasStarted(appointment, now)
    ? { ok: true }
    : { ok: false, reason: 'not_started', opensAt: appointment.startsAt };
}

/**
 * A task between sessions is agreed at a session that has taken place (H11): one that has started
 * and was not missed or cancelled. Set at a future session, it would say it was agreed at a
 * meeting that has not happened. Nor is one set once the course has ended (discharged): there is
 * no next session to bring it to, and nobody to read what the patient writes back.
 */
export function mayAgreeTaskAt(
  appointment: { startsAt: Date; status: string },
  course: { status: string },
  now: Date,
): boolean {
  return (
    course.status === 'active' &&
    hasStarted(appointment, now) &&
    appointment.status !== 'did_not_attend' &&
    appointment.status !== 'cancelled'
  );
}

/**
 * A session corrected to "did not attend" did not take place, so tasks said to be agreed there
 * are withdrawn from the patient's list (H11). One the patient has already reflected on stays:
 * their own words are never hidden from them, and they did the task whichever day it was agreed.
 */
export function withdrawsTaskWhenMissed(task: { reflectedAt: Date | null }): boolean {
  return task.reflectedAt === null;
}

/**
 * What recording a session's attendance does to the tasks agreed there (H11): missed, those still
 * standing that `withdrawsTaskWhenMissed` are withdrawn; attended after all, withdrawn ones return.
 * Null when nothing changes.
 */
export function taskChangeOnAttendance(
  status: string,
  tasks: readonly { id: string; reflectedAt: Date | null; withdrawnAt: Date | null }[],
): { change: 'withdraw' | 'restore'; taskIds: string[] } | null {
  const missed = status === 'did_not_attend';
  const taskIds = tasks
    .filter((task) =>
      missed
        ? task.withdrawnAt === null && withdrawsTaskWhenMissed(task)
        : task.withdrawnAt !== null,
    )
    .map((task) => task.id);
  return taskIds.length === 0 ? null : { change: missed ? 'withdraw' : 'restore', taskIds };
}

/**
 * A session with a signed note took place: the note says so and is locked (H17). It is not
 * recorded as missed, or cancelled, behind it (H11), whether attendance was recorded before or not: that would hide the patient's summary, withdraw
 * their tasks and send "we missed you" while the signed record says they came. Corrections go in
 * an addendum to the note. Answers the refusal, or null when the change may be made.
 */
export function attendanceChangeRefusal(change: {
  previous: string;
  next: string;
  noteSigned: boolean;
}): string | null {
  if (!change.noteSigned || change.previous === change.next) return null; // saved again as it is
  if (change.next === 'did_not_attend')
    return 'This session has a signed note, so it cannot be recorded as missed. If the record is wrong, add an addendum to the note to correct it';
  if (change.next === 'cancelled')
    return 'This session has a signed note, so it cannot be cancelled. If the record is wrong, add an addendum to the note to correct it';
  return null;
}

/**
 * A missed session corrected back to attended (H11): the "we missed you" message is withdrawn if
 * the patient has not read it and no notice of it has gone; once sent, it stays (no second
 * message to unsay it).
 */
export function withdrawsMissedMessage(change: { previous: string; next: string }): boolean {
  return change.previous === 'did_not_attend' && change.next !== 'did_not_attend';
}
