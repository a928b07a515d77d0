import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import type { Db } from '../../src/db/client';
import { insertFactor } from '../../src/features/auth/second-factor.repository';

/**
 * Known second factors for test staff: an authenticator-app secret (tests compute its codes with
 * the test clock) and a software passkey (the TestClient answers WebAuthn challenges with it, as
 * a real authenticator would; each answer is to a fresh challenge, so it never replays).
 */
export const TEST_TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
/** Each user's test passkey has its own id (ids are unique in a service); the key is shared. */
export function testPasskeyId(userId: string): string {
  return Buffer.from(`rapport-test-passkey:${userId}`).toString('base64url');
}
export const TEST_PASSKEY_PRIVATE_PKCS8 = privateKey
  .export({ format: 'der', type: 'pkcs8' })
  .toString('base64');

/** The public key as COSE (EC2, ES256), as an authenticator reports it at registration. */
function coseKey(key: KeyObject): Buffer {
  const jwk = key.export({ format: 'jwk' });
  const x = Buffer.from(jwk.x!, 'base64url');
  const y = Buffer.from(jwk.y!, 'base64url');
  // {1: 2 (EC2), 3: -7 (ES256), -1: 1 (P-256), -2: x, -3: y}
  return Buffer.concat([
    Buffer.from([0xa5, 0x01, 0x02, 0x03, 0x26, 0x20, 0x01, 0x21, 0x58, 0x20]),
    x,
    Buffer.from([0x22, 0x58, 0x20]),
    y,
  ]);
}

export async function enrolTestFactors(
  db: Db,
  serviceId: string,
  userId: string,
  at: Date,
): Promise<void> {
  await insertFactor(db, {
    serviceId,
    userId,
    kind: 'totp',
    name: 'Authenticator app',
    totpSecret: TEST_TOTP_SECRET,
    createdAt: at,
  });
  await insertFactor(db, {
    serviceId,
    userId,
    kind: 'passkey',
    name: 'Test passkey',
    credentialId: testPasskeyId(userId),
    publicKey: coseKey(publicKey).toString('base64url'),
    signCount: 0,
    transports: ['internal'],
    createdAt: at,
  });
}

interface RequestOptions {
  challenge: string;
  rpId?: string;
  allowCredentials?: { id: string }[];
}

/** Signs a WebAuthn assertion for the test passkey, as a platform authenticator would. */
export function testPasskeyAssertion(options: RequestOptions, origin: string) {
  const rpId = options.rpId ?? new URL(origin).hostname;
  const clientDataJSON = Buffer.from(
    JSON.stringify({
      type: 'webauthn.get',
      challenge: options.challenge,
      origin,
      crossOrigin: false,
    }),
  );
  // rpIdHash, flags (user present + verified), a zero signature counter (as passkeys report).
  const authenticatorData = Buffer.concat([
    createHash('sha256').update(rpId).digest(),
    Buffer.from([0x05]),
    Buffer.from([0, 0, 0, 0]),
  ]);
  const signature = sign(
    'sha256',
    Buffer.concat([authenticatorData, createHash('sha256').update(clientDataJSON).digest()]),
    privateKey,
  );
  const id = options.allowCredentials?.[0]?.id ?? '';
  return {
    id,
    rawId: id,
    type: 'public-key',
    clientExtensionResults: {},
    response: {
      clientDataJSON: clientDataJSON.toString('base64url'),
      authenticatorData: authenticatorData.toString('base64url'),
      signature: signature.toString('base64url'),
    },
  };
}
