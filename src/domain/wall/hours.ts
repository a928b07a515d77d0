/**
 * When the Wall is open (issue 14, clinical.md "Office hours"): the service's Wall hours, by
 * default Monday to Friday 9am to 5pm Europe/London, closed on bank holidays in England and Wales
 * and on the service's closure days. Outside them the Wall is read-only.
 */
import {
  DEFAULT_OFFICE_HOURS,
  endOfWorkingDay,
  isWithinOfficeHours,
  nextOpening,
  type OfficeHoursOptions,
} from '../calendar';

export type WallState =
  | { readonly open: true; readonly closesAt: Date }
  | { readonly open: false; readonly opensAt: Date };

export function wallState(now: Date, hours: OfficeHoursOptions = DEFAULT_OFFICE_HOURS): WallState {
  if (isWithinOfficeHours(now, hours)) return { open: true, closesAt: endOfWorkingDay(now, hours) };
  return { open: false, opensAt: nextOpening(now, hours) };
}
