import { renderToStaticMarkup } from 'react-dom/server';
import { Fieldset } from 'nhsuk-react-components';
import { describe, expect, it } from 'vitest';
import {
  CharacterCountField,
  CheckboxesField,
  RadiosField,
  TextareaField,
  TextField,
} from '../../ui/fields';
import { fieldsOnPage } from './field-labels';
import { removedCharactersMessage } from './text';

const form = {
  values: { name: '', story: '', count: '', mode: 'video', needs: [] as string[], opens: '' },
  errors: [{ field: 'story', message: 'Something is wrong' }],
};

const page = renderToStaticMarkup(
  <form>
    <input type="hidden" name="_csrf" value="token" />
    <input type="hidden" name="secret" value="x" />
    <TextField form={form} name="name" label="Partner’s name & age" />
    <TextareaField form={form} name="story" label="What is troubling you?" hint="A hint" />
    <CharacterCountField form={form} name="count" label="Anything else" maxLength={100} />
    <RadiosField
      form={form}
      name="mode"
      legend="How would you like to meet?"
      choices={[
        { value: 'video', label: 'By video' },
        { value: 'in_person', label: 'Face to face' },
      ]}
    />
    <CheckboxesField
      form={form}
      name="needs"
      legend="What do you need?"
      choices={[{ value: 'ramp', label: 'A ramp' }]}
    />
    <Fieldset>
      <Fieldset.Legend>Opening hours</Fieldset.Legend>
      <Fieldset>
        <Fieldset.Legend>Monday</Fieldset.Legend>
      </Fieldset>
      <TextField form={form} name="opens" label="Opens on Monday" />
      <input type="text" id="unlabelled" name="unlabelled" />
    </Fieldset>
  </form>,
);

describe('fieldsOnPage', () => {
  it('finds each field’s control and the words a person sees for it', () => {
    const found = fieldsOnPage(page, [
      'name',
      'story',
      'count',
      'mode',
      'needs',
      'opens',
      'unlabelled',
    ]);
    expect(Object.fromEntries(found)).toEqual({
      name: { id: 'name', label: 'Partner’s name & age' },
      story: { id: 'story', label: 'What is troubling you?' },
      count: { id: 'count', label: 'Anything else' },
      // A group: its first option, and the question its legend asks.
      mode: { id: 'mode-1', label: 'How would you like to meet?' },
      needs: { id: 'needs-1', label: 'What do you need?' },
      opens: { id: 'opens', label: 'Opens on Monday' },
      // No label of its own: the fieldset it is in (not the closed one before it).
      unlabelled: { id: 'unlabelled', label: 'Opening hours' },
    });
  });

  it('leaves out hidden fields and fields not on the page', () => {
    const found = fieldsOnPage(page, ['_csrf', 'secret', 'elsewhere']);
    expect(found.size).toBe(0);
  });
});

describe('removedCharactersMessage', () => {
  it('names the answer when the page gives it a label', () => {
    expect(removedCharactersMessage('What is troubling you?')).toBe(
      '‘What is troubling you?’ had characters we cannot save. We removed them: check it again',
    );
    expect(removedCharactersMessage(null)).toBe(
      'This had characters we cannot save. We removed them: check it again',
    );
  });
});
