import { Tag } from 'nhsuk-react-components';
import type { ReferralStatus } from '../../../db/schema';
import { formatDate } from '../../../domain/calendar';
import { londonCalendarDate } from '../../../domain/outcomes';
import { STATUS_LABELS } from '../referral-labels';
import { waitMark, type WaitMark } from '../waiting';

const WAIT_TAGS: Record<WaitMark, { text: string; modifier: 'green' | 'orange' | 'red' }> = {
  under_6_weeks: { text: 'Under 6 weeks', modifier: 'green' },
  over_6_weeks: { text: 'Over 6 weeks', modifier: 'orange' },
  over_18_weeks: { text: 'Over 18 weeks', modifier: 'red' },
};

export function WaitTag({ days }: { days: number }) {
  const tag = WAIT_TAGS[waitMark(days)];
  return <Tag modifier={tag.modifier}>{tag.text}</Tag>;
}

export function UrgentTag() {
  return <Tag modifier="red">Urgent</Tag>;
}

export function StatusTag({ status }: { status: ReferralStatus }) {
  const modifier =
    status === 'new'
      ? 'blue'
      : status === 'assessment_booked'
        ? 'purple'
        : status === 'ipt_waiting'
          ? 'aqua-green'
          : 'grey';
  return <Tag modifier={modifier}>{STATUS_LABELS[status]}</Tag>;
}

/** "25 November 2026", the London calendar date of an instant. */
export function londonDate(instant: Date): string {
  const date = londonCalendarDate(instant);
  return date ? formatDate(date) : '';
}
