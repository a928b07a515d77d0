import type { PublicJwk } from '../../db/schema';
import type { ApiScope } from '../../platform/types';
import {
  checkText,
  str,
  strList,
  tooLongMessage,
  type FieldError,
  type FormResult,
} from '../../ui/forms';
import { fieldHref } from '../../ui/fields';
import { REGISTRABLE_SCOPES } from './scopes';

export interface ClientFormValues {
  name: string;
  scopes: string[];
  jwks: string;
}

export interface NewClient {
  name: string;
  scopes: ApiScope[];
  jwks: { keys: PublicJwk[] };
}

// Members that only a private or symmetric key has: such a key must never be pasted here.
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];
const PRIVATE_KEY =
  'is a private key: it has not been kept. Paste only the public key (never the private one)';

/** Why a key cannot be used to check a client's assertions, or null when it can. */
export function jwkProblem(key: unknown): string | null {
  if (typeof key !== 'object' || key === null || Array.isArray(key)) return 'is not a JSON object';
  const k = key as Record<string, unknown>;
  if (PRIVATE_MEMBERS.some((m) => m in k)) return PRIVATE_KEY;
  if (k.alg !== undefined && k.alg !== 'RS384' && k.alg !== 'ES384')
    return 'has an algorithm other than RS384 or ES384';
  if (k.use !== undefined && k.use !== 'sig') return 'is not a signing key';
  if (k.kty === 'RSA') {
    if (typeof k.n !== 'string' || typeof k.e !== 'string') return 'is an RSA key without n and e';
    // 2048 bits at least: n is base64url, 4 characters to 3 bytes.
    if ((k.n.length * 6) / 8 < 256 - 2) return 'is an RSA key shorter than 2048 bits';
    return null;
  }
  if (k.kty === 'EC') {
    if (k.crv !== 'P-384') return 'is an EC key not on the P-384 curve (ES384)';
    if (typeof k.x !== 'string' || typeof k.y !== 'string') return 'is an EC key without x and y';
    return null;
  }
  return 'is neither an RSA nor an EC key';
}

/** A JWK Set (`{"keys": [...]}`) or one JWK, as pasted; public members only are kept. */
export function parseJwks(text: string): { keys: PublicJwk[] } | string {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return 'Enter the public key as JSON (a JWK or a JWK Set)';
  }
  const keys: unknown[] =
    typeof json === 'object' && json !== null && 'keys' in json && Array.isArray(json.keys)
      ? (json.keys as unknown[])
      : [json];
  if (keys.length === 0) return 'The key set has no keys';
  if (keys.length > 10) return 'Enter 10 keys or fewer';
  for (const [i, key] of keys.entries()) {
    const problem = jwkProblem(key);
    if (problem) return keys.length === 1 ? `The key ${problem}` : `Key ${i + 1} ${problem}`;
  }
  return { keys: keys as PublicJwk[] };
}

export function parseClientForm(body: unknown): {
  values: ClientFormValues;
  result: FormResult<NewClient>;
} {
  const values: ClientFormValues = {
    name: str(body, 'name').trim(),
    scopes: strList(body, 'scopes'),
    jwks: str(body, 'jwks').trim(),
  };
  const errors: FieldError[] = [];
  checkText(errors, 'name', values.name, {
    required: 'Enter the name of the system',
    label: 'Name',
    max: 100,
  });
  const scopes = values.scopes.filter((s): s is ApiScope =>
    REGISTRABLE_SCOPES.includes(s as ApiScope),
  );
  if (scopes.length === 0 || scopes.length !== values.scopes.length)
    errors.push({
      field: 'scopes',
      href: fieldHref.choice('scopes'),
      message: 'Select what the system may read',
    });
  let jwks: { keys: PublicJwk[] } | null = null;
  if (!values.jwks) errors.push({ field: 'jwks', message: 'Enter the public key of the system' });
  else if (values.jwks.length > 20_000)
    errors.push({ field: 'jwks', message: tooLongMessage('The key', 20_000) });
  else {
    const parsedKeys = parseJwks(values.jwks);
    if (typeof parsedKeys === 'string') {
      errors.push({ field: 'jwks', message: parsedKeys });
      // A secret is not written back into the page (its HTML, history, screenshots).
      if (parsedKeys.endsWith(PRIVATE_KEY)) values.jwks = '';
    } else jwks = parsedKeys;
  }
  if (errors.length > 0 || !jwks) return { values, result: { ok: false, errors } };
  return { values, result: { ok: true, value: { name: values.name, scopes, jwks } } };
}
