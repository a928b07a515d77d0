import { Button, Tag } from 'nhsuk-react-components';
import { CheckboxesField, TextareaField, TextField } from '../../../ui/fields';
import { CsrfField, ErrorSummaryBox, type FieldError } from '../../../ui/forms';
import { Table } from '../../../ui/ResponsiveTable';
import type { ClientFormValues } from '../clients.forms';
import type { ApiClientRow } from '../clients.repository';
import { ALL_READ, REGISTRABLE_SCOPES } from '../scopes';

const date = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'Europe/London' });

const scopeLabel = (scope: string) =>
  scope === ALL_READ
    ? 'Everything (all the record types below)'
    : scope.replace(/^system\/(\w+)\.read$/, '$1');

export function ApiClientsPage({
  clients,
  registered,
  tokenUrl,
  fhirBase,
  csrfToken,
}: {
  clients: readonly ApiClientRow[];
  registered: ApiClientRow | undefined;
  tokenUrl: string;
  fhirBase: string;
  csrfToken: string;
}) {
  return (
    <>
      <h1>API clients</h1>
      {registered ? (
        <div className="nhsuk-inset-text">
          <p>
            {registered.name} is registered. Give its team the client ID{' '}
            <code>{registered.id}</code>.
          </p>
        </div>
      ) : null}
      <p>
        Other systems, such as a GP system or an analytics platform, read records through the FHIR
        API. Each system signs its requests with its own private key; you register its public key
        here and choose what it may read. A system reads the records of every patient of this
        service, so register only systems the service has an agreement with.
      </p>
      <p>
        Token endpoint: <code>{tokenUrl}</code>
        <br />
        FHIR base address: <code>{fhirBase}</code>
      </p>
      <p>
        <a href="/admin/api-clients/new">Register a system</a>
      </p>
      {clients.length === 0 ? (
        <p>No systems are registered.</p>
      ) : (
        <Table caption="Registered systems" responsive>
          <Table.Head>
            <Table.Row>
              <Table.Cell>System</Table.Cell>
              <Table.Cell>Client ID</Table.Cell>
              <Table.Cell>May read</Table.Cell>
              <Table.Cell>Registered</Table.Cell>
              <Table.Cell>Status</Table.Cell>
            </Table.Row>
          </Table.Head>
          <Table.Body>
            {clients.map((c) => (
              <Table.Row key={c.id}>
                <Table.Cell>{c.name}</Table.Cell>
                <Table.Cell>
                  <code>{c.id}</code>
                </Table.Cell>
                <Table.Cell>{c.scopes.map(scopeLabel).join(', ')}</Table.Cell>
                <Table.Cell>{date.format(c.createdAt)}</Table.Cell>
                <Table.Cell>
                  {c.active ? (
                    <form method="post" action={`/admin/api-clients/${c.id}/deactivate`}>
                      <CsrfField token={csrfToken} />
                      <Tag modifier="green">Active</Tag>{' '}
                      <Button type="submit" secondary>
                        Switch off<span className="nhsuk-u-visually-hidden"> {c.name}</span>
                      </Button>
                    </form>
                  ) : (
                    <Tag modifier="grey">Switched off</Tag>
                  )}
                </Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
    </>
  );
}

export function ApiClientFormPage({
  csrfToken,
  values,
  errors,
}: {
  csrfToken: string;
  values: ClientFormValues;
  errors?: FieldError[];
}) {
  const form = { values, errors };
  return (
    <>
      <ErrorSummaryBox errors={errors} />
      <h1>Register a system</h1>
      <form method="post" action="/admin/api-clients/new" noValidate>
        <CsrfField token={csrfToken} />
        <TextField
          form={form}
          name="name"
          label="Name of the system"
          hint="For example, the name of the GP practice system or the analytics platform"
        />
        <CheckboxesField
          form={form}
          name="scopes"
          legend="What may it read?"
          hint="Choose only what the system needs"
          choices={REGISTRABLE_SCOPES.map((s) => ({ value: s, label: scopeLabel(s) }))}
        />
        <TextareaField
          form={form}
          name="jwks"
          label="Public key"
          hint="The public key as JSON: a JWK or a JWK Set, RSA (2048 bits or more) or EC P-384. Never paste a private key."
          rows={8}
          spellCheck={false}
        />
        <Button type="submit">Register the system</Button>
      </form>
    </>
  );
}
