import { RESOURCE_TYPES } from './mappers';
import type { ResourceDefinition } from './fhir.service';
import type { ResourceType } from './mappers';
import { ASSERTION_ALGORITHMS } from '../../platform/api';
import { REGISTRABLE_SCOPES } from './scopes';

const PARAM_TYPES: Record<string, { type: string; documentation: string }> = {
  patient: { type: 'reference', documentation: 'The patient the resource is about (Patient/<id>)' },
  identifier: {
    type: 'token',
    documentation: 'NHS number (Patient) or professional registration number (Practitioner)',
  },
  date: { type: 'date', documentation: 'When it happens or happened; ge, gt, le, lt and eq' },
  status: { type: 'token', documentation: 'One or more status codes, comma separated' },
  _id: { type: 'token', documentation: 'Resource ids, comma separated' },
  _lastUpdated: { type: 'date', documentation: 'When the record last changed; ge, gt, le, lt, eq' },
  _count: { type: 'number', documentation: 'Page size, 1 to 200 (default 50)' },
  _offset: { type: 'number', documentation: 'Where the page starts (from the next link)' },
};

/** What the server does, as `/metadata` says it (https://hl7.org/fhir/R4/capabilitystatement.html). */
export function capabilityStatement(
  base: string,
  tokenUrl: string,
  resources: Record<ResourceType, ResourceDefinition>,
  version: string,
  now: Date,
) {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: now.toISOString(),
    publisher: 'Rapport',
    kind: 'instance',
    software: { name: 'Rapport', version },
    implementation: { description: 'Rapport FHIR R4 API', url: base },
    fhirVersion: '4.0.1',
    format: ['json'],
    rest: [
      {
        mode: 'server',
        security: {
          service: [
            {
              coding: [
                {
                  system: 'http://terminology.hl7.org/CodeSystem/restful-security-service',
                  code: 'SMART-on-FHIR',
                },
              ],
            },
          ],
          description: `SMART Backend Services: client_credentials with a private_key_jwt assertion (${ASSERTION_ALGORITHMS.join(', ')}) at ${tokenUrl}; scopes ${REGISTRABLE_SCOPES.join(', ')}`,
        },
        resource: RESOURCE_TYPES.map((type) => ({
          type,
          interaction: [{ code: 'read' }, { code: 'search-type' }],
          searchParam: ['_id', '_lastUpdated', '_count', '_offset', ...resources[type].params].map(
            (name) => ({
              name,
              type: PARAM_TYPES[name]?.type ?? 'string',
              documentation: PARAM_TYPES[name]?.documentation ?? name,
            }),
          ),
          ...(type === 'Patient'
            ? {
                operation: [
                  {
                    name: 'everything',
                    definition: 'http://hl7.org/fhir/OperationDefinition/Patient-everything',
                  },
                ],
              }
            : {}),
        })),
      },
    ],
  };
}
