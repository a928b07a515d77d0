import { CheckboxesField, TextareaField, type FormState } from '../../../ui/fields';

export interface OutsideHoursValues {
  outsideHours: string;
  outsideHoursReason: string;
}

/**
 * "Book outside the usual hours": a ticked box and a reason let a booking through that is outside
 * the therapist's working pattern, the location's opening hours or the service's closures, or at
 * a location they do not work at. The
 * reason is kept on the appointment and shown there (hazard H10). The reason box sits inside the
 * checkbox's conditional content, which shows without JavaScript too.
 */
export function OutsideHoursField<V extends OutsideHoursValues>({ form }: { form: FormState<V> }) {
  const state = form as unknown as FormState<OutsideHoursValues>;
  return (
    <CheckboxesField
      form={state}
      name="outsideHours"
      legend="Outside the usual hours"
      legendProps={{ size: 's' }}
      hint="Only if this time is outside the therapist’s working hours, the location’s opening hours or the service’s closures, or the location is not one they work at"
      choices={[
        {
          value: 'yes',
          label: 'Book it anyway: the patient asked for this time, or there is another reason',
          conditional: (
            <TextareaField
              form={state}
              name="outsideHoursReason"
              label="Why is it outside the usual hours?"
              hint="For example, the patient works in the day and asked for an evening session. Kept on the appointment."
              rows={3}
            />
          ),
        },
      ]}
    />
  );
}
