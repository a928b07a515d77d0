import { describe, expect, it } from 'vitest';
import { locationToValues, parseLocation, parseRoom } from './locations.forms';

describe('parseLocation', () => {
  it('reads a location with opening hours', () => {
    const { parsed, errors } = parseLocation(
      {
        name: ' Leeds Central ',
        address: '1 Park Row\nLeeds',
        postcode: 'ls1 5ab',
        stepFreeAccess: 'yes',
        accessInformation: '',
        active: 'no',
        'opening-1-opens': '08:30',
        'opening-1-closes': '6pm',
      },
      true,
    );
    expect(errors).toEqual([]);
    expect(parsed).toEqual({
      name: 'Leeds Central',
      address: '1 Park Row\nLeeds',
      postcode: 'LS1 5AB',
      stepFreeAccess: true,
      accessInformation: '',
      openingHours: { '1': { opens: '08:30', closes: '18:00' } },
      active: false,
    });
  });
  it('needs opening hours on at least one day', () => {
    const { errors } = parseLocation(
      { name: 'A', address: 'B', postcode: 'LS1 5AB', stepFreeAccess: 'no' },
      false,
    );
    expect(errors).toEqual([
      { field: 'opening-1-opens', message: 'Enter the opening hours for at least one day' },
    ]);
  });
  it('round-trips a saved location into the form', () => {
    expect(locationToValues(null)).toMatchObject({ name: '', stepFreeAccess: '', active: 'yes' });
  });
});

describe('parseRoom', () => {
  it('needs a name and an answer about steps', () => {
    expect(parseRoom({}).errors.map((e) => e.field)).toEqual(['roomName', 'roomStepFree']);
    expect(parseRoom({ roomName: ' Room 2 ', roomStepFree: 'no' }).parsed).toEqual({
      name: 'Room 2',
      stepFreeAccess: false,
    });
  });
});
