import { hash, verify } from '@node-rs/argon2';

// OWASP's argon2id minimum (m=19 MiB, t=2, p=1): about 16 ms a hash on this hardware.
const OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 }; // argon2id is the library default

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  if (!stored) {
    // Same work for an unknown account, so timing does not reveal which emails exist.
    await verify(DUMMY_HASH, password).catch(() => false);
    return false;
  }
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

const DUMMY_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$G1pc8KbMHEz6gUzkbVzm7g$/CKsawerHAgfbZHwEMG2ZSkAUDmCY3mS+1VqyWj3TVE';
