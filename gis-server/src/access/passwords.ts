import argon2 from 'argon2';

// argon2id with the library's defaults (64 MiB, 3 passes): the OWASP recommendation.
export const hashPassword = (password: string) => argon2.hash(password, { type: argon2.argon2id });

// Verifying against a real hash for unknown e-mails keeps the response time the same,
// so timing does not tell which addresses have an account.
let dummyHash: Promise<string> | undefined;

export async function verifyPassword(hash: string | undefined, password: string): Promise<boolean> {
  if (!hash) {
    dummyHash ??= hashPassword('calepin-dummy-password');
    await argon2.verify(await dummyHash, password).catch(() => false);
    return false;
  }
  return argon2.verify(hash, password).catch(() => false);
}
