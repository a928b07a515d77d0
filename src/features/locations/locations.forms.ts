import type { WeeklyHoursFields } from '../../domain/diary';
import { validatePostcode } from '../../domain/identifiers';
import { checkText, str, type FieldError } from '../../ui/forms';
import { fieldHref } from '../../ui/fields';
import { parseWeeklyHoursForm, weeklyHoursToFields } from './weekly-hours.forms';
import type { LocationRow, LocationValues } from './locations.repository';

export const OPENING_WORDS = { opens: 'opening time', closes: 'closing time' };

export interface LocationFormValues {
  name: string;
  address: string;
  postcode: string;
  stepFreeAccess: string;
  accessInformation: string;
  active: string;
  hours: WeeklyHoursFields;
}

export function parseLocation(
  body: unknown,
  editing: boolean,
): { values: LocationFormValues; parsed: LocationValues; errors: FieldError[] } {
  const hours = parseWeeklyHoursForm(body, 'opening', OPENING_WORDS);
  const values: LocationFormValues = {
    name: str(body, 'name').trim(),
    address: str(body, 'address').trim(),
    postcode: str(body, 'postcode').trim(),
    stepFreeAccess: str(body, 'stepFreeAccess'),
    accessInformation: str(body, 'accessInformation').trim(),
    active: editing ? str(body, 'active') : 'yes',
    hours: hours.fields,
  };
  const errors: FieldError[] = [];
  checkText(errors, 'name', values.name, {
    required: 'Enter the name of the location',
    label: 'Name',
    max: 100,
  });
  checkText(errors, 'address', values.address, {
    required: 'Enter the address, without the postcode',
    label: 'Address',
    max: 500,
  });
  const postcode = validatePostcode(values.postcode);
  if (!postcode.ok) errors.push({ field: 'postcode', message: postcode.message });
  if (values.stepFreeAccess !== 'yes' && values.stepFreeAccess !== 'no')
    errors.push({
      field: 'stepFreeAccess',
      href: fieldHref.choice('stepFreeAccess'),
      message: 'Select yes if there is step-free access',
    });
  checkText(errors, 'accessInformation', values.accessInformation, {
    label: 'Access information',
    max: 2000,
  });
  if (values.active !== 'yes' && values.active !== 'no')
    errors.push({
      field: 'active',
      href: fieldHref.choice('active'),
      message: 'Select yes if the location is in use',
    });
  errors.push(...hours.errors);
  if (hours.errors.length === 0 && Object.keys(hours.value).length === 0)
    errors.push({
      field: 'opening-1-opens',
      message: 'Enter the opening hours for at least one day',
    });
  return {
    values,
    parsed: {
      name: values.name,
      address: values.address,
      postcode: postcode.ok ? postcode.value : values.postcode,
      stepFreeAccess: values.stepFreeAccess === 'yes',
      accessInformation: values.accessInformation,
      openingHours: hours.value,
      active: values.active !== 'no',
    },
    errors,
  };
}

export function locationToValues(location: LocationRow | null): LocationFormValues {
  return {
    name: location?.name ?? '',
    address: location?.address ?? '',
    postcode: location?.postcode ?? '',
    stepFreeAccess: location ? (location.stepFreeAccess ? 'yes' : 'no') : '',
    accessInformation: location?.accessInformation ?? '',
    active: location ? (location.active ? 'yes' : 'no') : 'yes',
    hours: weeklyHoursToFields(location?.openingHours ?? {}),
  };
}

export interface RoomFormValues {
  roomName: string;
  roomStepFree: string;
}

export function parseRoom(body: unknown): {
  values: RoomFormValues;
  parsed: { name: string; stepFreeAccess: boolean };
  errors: FieldError[];
} {
  const values = {
    roomName: str(body, 'roomName').trim(),
    roomStepFree: str(body, 'roomStepFree'),
  };
  const errors: FieldError[] = [];
  checkText(errors, 'roomName', values.roomName, {
    required: 'Enter the name of the room',
    label: 'Room name',
    max: 100,
  });
  if (values.roomStepFree !== 'yes' && values.roomStepFree !== 'no')
    errors.push({
      field: 'roomStepFree',
      href: fieldHref.choice('roomStepFree'),
      message: 'Select yes if the room has step-free access',
    });
  return {
    values,
    parsed: { name: values.roomName, stepFreeAccess: values.roomStepFree === 'yes' },
    errors,
  };
}
