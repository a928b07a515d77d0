import type { ReactNode } from 'react';
import {
  CharacterCount,
  Checkboxes,
  DateInput,
  PasswordInput,
  Radios,
  Select,
  TextInput,
  Textarea,
  type CharacterCountProps,
  type CheckboxesProps,
  type DateInputProps,
  type PasswordInputProps,
  type RadiosProps,
  type SelectProps,
  type TextInputProps,
  type TextareaProps,
} from 'nhsuk-react-components';
import { errorFor, str, strList, type FieldError } from './forms';

/**
 * What a form page shows: the answers as typed (or saved) and the errors from parsing them.
 * Views receive these as their `values` and `errors` props; `{ values, errors }` is the state.
 */
export interface FormState<V extends object> {
  values: V;
  errors?: readonly FieldError[] | undefined;
}

/** A field's name is a key of the form's values, so a typo fails to compile. */
export type FieldName<V extends object> = keyof V & string;

/**
 * Where the error summary links for each kind of field. The NHS summary moves focus to the
 * first thing the person can change: the input itself, the first option of a group, the day box.
 * Form parsers use these to set `FieldError.href`; the components below give those ids.
 */
export const fieldHref = {
  input: (name: string): string => name,
  choice: (name: string): string => `${name}-1`,
  date: (name: string): string => `${name}-day`,
} as const;

/** The id of the n-th option (from 1) of a radio or checkbox group, as NHS components number them. */
export function optionId(name: string, n: number): string {
  return `${name}-${String(n)}`;
}

function messageFor<V extends object>(form: FormState<V>, name: string): string | undefined {
  return errorFor(form.errors, name);
}

// `form` is also an HTML attribute (the owning form's id); here it is the form state.
type Owned = 'id' | 'name' | 'defaultValue' | 'value' | 'error' | 'form';

interface Named<V extends object> {
  form: FormState<V>;
  name: FieldName<V>;
}

export type TextFieldProps<V extends object> = Named<V> & Omit<TextInputProps, Owned>;

/** A text input whose id, name, answer and error all come from `name`. */
export function TextField<V extends object>({ form, name, ...rest }: TextFieldProps<V>) {
  return (
    <TextInput
      {...rest}
      id={fieldHref.input(name)}
      name={name}
      defaultValue={str(form.values, name)}
      error={messageFor(form, name)}
    />
  );
}

export type PasswordFieldProps = Omit<PasswordInputProps, Owned> & {
  /** Only the errors: what was typed is never sent back. */
  form: Pick<FormState<object>, 'errors'>;
  name: string;
};

/** A password input: id, name and error from `name`. */
export function PasswordField({ form, name, ...rest }: PasswordFieldProps) {
  return (
    <PasswordInput
      {...rest}
      id={fieldHref.input(name)}
      name={name}
      error={errorFor(form.errors, name)}
    />
  );
}

export type TextareaFieldProps<V extends object> = Named<V> & Omit<TextareaProps, Owned>;

export function TextareaField<V extends object>({ form, name, ...rest }: TextareaFieldProps<V>) {
  return (
    <Textarea
      {...rest}
      id={fieldHref.input(name)}
      name={name}
      defaultValue={str(form.values, name)}
      error={messageFor(form, name)}
    />
  );
}

export type CharacterCountFieldProps<V extends object> = Named<V> &
  Omit<CharacterCountProps, Owned>;

export function CharacterCountField<V extends object>({
  form,
  name,
  ...rest
}: CharacterCountFieldProps<V>) {
  return (
    <CharacterCount
      {...rest}
      id={fieldHref.input(name)}
      name={name}
      defaultValue={str(form.values, name)}
      error={messageFor(form, name)}
    />
  );
}

export type SelectFieldProps<V extends object> = Named<V> &
  Omit<SelectProps, Owned> & { children: ReactNode };

/** A select; its options are the children (plain `<option>`s or `<optgroup>`s). */
export function SelectField<V extends object>({
  form,
  name,
  children,
  ...rest
}: SelectFieldProps<V>) {
  return (
    <Select
      {...rest}
      id={fieldHref.input(name)}
      name={name}
      defaultValue={str(form.values, name)}
      error={messageFor(form, name)}
    >
      {children}
    </Select>
  );
}

/** One option of a radio or checkbox group, or an "or" divider between options. */
export type Choice =
  | {
      value: string;
      label: ReactNode;
      hint?: string;
      /** Shown under the option when it is chosen (a follow-up question). */
      conditional?: ReactNode;
      /** Checkboxes only: choosing it clears the others ("None of these"). */
      exclusive?: boolean;
    }
  | { divider: string };

type GroupOwned = Owned | 'idPrefix' | 'children';

export type RadiosFieldProps<V extends object> = Named<V> &
  Omit<RadiosProps, GroupOwned> & { choices: readonly Choice[] };

/**
 * A radio group named `name`; options are numbered `name-1`, `name-2`… so the error summary's
 * `fieldHref.choice(name)` always lands on the first option.
 */
export function RadiosField<V extends object>({
  form,
  name,
  choices,
  ...rest
}: RadiosFieldProps<V>) {
  const current = str(form.values, name);
  return (
    <Radios {...rest} idPrefix={name} name={name} error={messageFor(form, name)}>
      {choices.map((c) =>
        'divider' in c ? (
          <Radios.Divider key={`divider:${c.divider}`}>{c.divider}</Radios.Divider>
        ) : (
          <Radios.Item
            key={c.value}
            value={c.value}
            hint={c.hint}
            conditional={c.conditional}
            defaultChecked={current === c.value}
          >
            {c.label}
          </Radios.Item>
        ),
      )}
    </Radios>
  );
}

export type CheckboxesFieldProps<V extends object> = Named<V> &
  Omit<CheckboxesProps, GroupOwned> & { choices: readonly Choice[] };

export function CheckboxesField<V extends object>({
  form,
  name,
  choices,
  ...rest
}: CheckboxesFieldProps<V>) {
  const chosen = strList(form.values, name);
  return (
    <Checkboxes {...rest} idPrefix={name} name={name} error={messageFor(form, name)}>
      {choices.map((c) =>
        'divider' in c ? (
          <Checkboxes.Divider key={`divider:${c.divider}`} dividerText={c.divider} />
        ) : (
          <Checkboxes.Item
            key={c.value}
            value={c.value}
            hint={c.hint}
            conditional={c.conditional}
            exclusive={c.exclusive ? true : undefined}
            defaultChecked={chosen.includes(c.value)}
          >
            {c.label}
          </Checkboxes.Item>
        ),
      )}
    </Checkboxes>
  );
}

type DatePart = 'day' | 'month' | 'year';

export type DateFieldProps<V extends object> = Omit<DateInputProps, GroupOwned> & {
  form: FormState<V>;
  /** The boxes post as `name-day`, `name-month`, `name-year`; the values may keep them apart. */
  name: string;
  /** Where the three boxes' answers are in the values; by default `${name}-day` and so on. */
  parts?: Record<DatePart, FieldName<V>>;
  /** `autocomplete` tokens for the boxes (a date of birth: bday-day…). */
  autoComplete?: Record<DatePart, string>;
};

/** The boxes an error marks, when the parser said which (`boxes`); otherwise all three. */
function markedBoxes(error: FieldError | undefined): readonly DatePart[] | null {
  return error?.boxes ?? null;
}

/**
 * The summary entry for a date that could not be read: it links to the first box at fault (the
 * month, when only the month is missing) and outlines only those boxes, as the design system asks.
 */
export function dateError(
  field: string,
  failure: { readonly message: string; readonly boxes: readonly DatePart[] },
): FieldError {
  const first = failure.boxes[0];
  return {
    field,
    message: failure.message,
    href: first ? `${field}-${first}` : fieldHref.date(field),
    boxes: failure.boxes,
  };
}

/**
 * Day, month and year boxes posted as `name-day`, `name-month`, `name-year`; the error summary's
 * `fieldHref.date(name)` lands on the day box.
 */
export function DateField<V extends object>({
  form,
  name,
  parts,
  autoComplete,
  ...rest
}: DateFieldProps<V>) {
  const error = form.errors?.find((e) => e.field === name);
  const marked = markedBoxes(error);
  const box = (part: DatePart): { defaultValue: string; autoComplete?: string; error?: false } => ({
    defaultValue: str(form.values, parts ? parts[part] : `${name}-${part}`),
    ...(autoComplete ? { autoComplete: autoComplete[part] } : {}),
    // Only the boxes at fault are outlined when the parser says which; false keeps the rest plain.
    ...(marked && !marked.includes(part) ? { error: false as const } : {}),
  });
  return (
    <DateInput {...rest} id={name} name={name} error={error?.message}>
      <DateInput.Day {...box('day')} />
      <DateInput.Month {...box('month')} />
      <DateInput.Year {...box('year')} />
    </DateInput>
  );
}
