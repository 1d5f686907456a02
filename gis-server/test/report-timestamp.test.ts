// PAdES baseline B-T (issue 18): the report's signature value stamped by a time-stamping
// authority (RFC 3161). The adapter against a local authority that speaks the protocol
// (test-support/tsa.ts): what it sends, what it accepts, what it refuses and says why; then a
// signed PDF whose token `openssl ts -verify` checks against the authority's root, and that
// pdfsig still verifies. Without an authority the signature stays B-B.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeP12, makeSelfSignedP12 } from '../src/capabilities/report-workflow/certificate';
import { signReport } from '../src/capabilities/report-workflow/sign';
import { type TsaConfig, TimestampError, requestTimestamp } from '../src/capabilities/report-workflow/timestamp';
import { CMS_OIDS, pdfSignature, sha256 } from '../../test-support/pdf-signature';
import { TSA_POLICY, TimestampAuthority } from '../../test-support/tsa';

const run = promisify(execFile);
let tsa: TimestampAuthority;
let dir: string;
let config: TsaConfig;
let p12: Buffer;
let draft: Uint8Array;
let png: Buffer;

beforeAll(async () => {
  tsa = await TimestampAuthority.start();
  config = { url: tsa.url, username: null, password: null, policy: null, timeoutMs: 5000 };
  dir = await mkdtemp(join(tmpdir(), 'calepin-tsa-'));
  await writeFile(join(dir, 'root.pem'), tsa.rootPem);
  // A company name beyond ASCII: the certificate's names are UTF8Strings, read back whole.
  p12 = makeSelfSignedP12('Énergies d’Aquitaine SAS', 'secret');
  const doc = await PDFDocument.create();
  doc.addPage([595.28, 841.89]).drawText('Rapport d’audit', { x: 72, y: 760 });
  draft = await doc.save();
  png = await sharp({ create: { width: 300, height: 100, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 1 } } }).png().toBuffer();
}, 60_000);
afterAll(async () => {
  await tsa?.close();
  await rm(dir, { recursive: true, force: true });
});

const signing = (withTsa: TsaConfig | null) => ({
  png, signer: 'Chloé Bernard', at: new Date(), company: 'Énergies d’Aquitaine SAS', location: 'Lyon',
  reason: 'Rapport validé', p12, passphrase: 'secret', tsa: withTsa,
});

/** `openssl ts -verify` of a token for a SHA-256 digest, trusting the authority's root. */
async function opensslVerify(token: Buffer, digest: Buffer): Promise<string> {
  const file = join(dir, `token-${digest.toString('hex').slice(0, 8)}.der`);
  await writeFile(file, token);
  const { stdout } = await run('openssl', ['ts', '-verify', '-digest', digest.toString('hex'), '-in', file, '-token_in', '-CAfile', join(dir, 'root.pem')]);
  return stdout;
}

describe('the time-stamping adapter', () => {
  it('asks for a SHA-256 stamp with a nonce and the certificate, and reads the authority’s time and name', async () => {
    const digest = sha256(Buffer.from('a signature value'));
    const before = Date.now();
    const stamp = await requestTimestamp(config, digest);
    const asked = tsa.requests.at(-1);
    expect(asked).toMatchObject({ algorithm: '2.16.840.1.101.3.4.2.1', certReq: true, policy: null, contentType: 'application/timestamp-query' });
    expect(asked?.digest.equals(digest)).toBe(true);
    expect(asked?.nonce?.length).toBe(8);
    expect(stamp.at.getTime()).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(stamp.at.getTime()).toBeLessThanOrEqual(Date.now());
    expect(stamp.authority).toContain('CN=Autorité d’horodatage Test');
    expect(await opensslVerify(stamp.token, digest)).toContain('Verification: OK');
    await expect(opensslVerify(stamp.token, sha256(Buffer.from('another value')))).rejects.toThrow(/message imprint mismatch/);
  });

  it('asks for the configured policy', async () => {
    await requestTimestamp({ ...config, policy: TSA_POLICY }, sha256(Buffer.from('x')));
    expect(tsa.requests.at(-1)?.policy).toBe(TSA_POLICY);
  });

  it('says why when the authority gives no usable stamp', async () => {
    const digest = sha256(Buffer.from('refused'));
    const cases: [TimestampAuthority['mode'], RegExp][] = [
      ['reject', /^rejection \(badAlg\): algorithm not supported$/],
      ['other-digest', /another digest/],
      ['http-500', /^HTTP 500$/],
      ['huge', /^its answer is over 1 MB: not a timestamp reply$/],
    ];
    try {
      for (const [mode, why] of cases) {
        tsa.mode = mode;
        const error = await requestTimestamp(config, digest).catch((e: unknown) => e);
        expect(error, mode).toBeInstanceOf(TimestampError);
        expect((error as Error).message, mode).toMatch(why);
      }
      tsa.mode = 'hang';
      const started = Date.now();
      await expect(requestTimestamp({ ...config, timeoutMs: 500 }, digest)).rejects.toThrow('no answer within 0.5 s');
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      tsa.mode = 'grant';
    }
    // A port where nothing listens.
    const free = createServer();
    await new Promise<void>((resolve) => free.listen(0, '127.0.0.1', resolve));
    const { port } = free.address() as { port: number };
    await new Promise<void>((resolve) => free.close(() => resolve()));
    await expect(requestTimestamp({ ...config, url: `http://127.0.0.1:${port}/` }, digest)).rejects.toThrow(/unreachable \(ECONNREFUSED\)/);
  });
});

describe('a report signature', () => {
  it('is baseline B-T with an authority: its token stamps the signature value, openssl and pdfsig verify', async () => {
    const { pdf, timestamp } = await signReport(draft, signing(config));
    const cms = pdfSignature(pdf);
    expect(cms.unsigned.map((a) => a.oid)).toEqual([CMS_OIDS.signatureTimeStampToken]);
    const token = cms.unsigned[0]?.value as Buffer;
    expect(token.equals(timestamp?.token as Buffer)).toBe(true);
    expect(await opensslVerify(token, sha256(cms.signatureValue))).toContain('Verification: OK');
    const file = join(dir, 'b-t.pdf');
    await writeFile(file, pdf);
    const { stdout } = await run('pdfsig', [file]);
    expect(stdout).toContain('Signature Validation: Signature is Valid.');
    expect(stdout).toContain('Signature Type: ETSI.CAdES.detached');
    expect(stdout).toContain('Signer Certificate Common Name: Énergies d’Aquitaine SAS (demo signing certificate)');
  });

  it('is baseline B-B without one: no unsigned attribute, nothing asked', async () => {
    const asked = tsa.requests.length;
    const { pdf, timestamp } = await signReport(draft, signing(null));
    expect(timestamp).toBeNull();
    expect(pdfSignature(pdf).unsigned).toEqual([]);
    expect(tsa.requests.length).toBe(asked);
    const file = join(dir, 'b-b.pdf');
    await writeFile(file, pdf);
    const { stdout } = await run('pdfsig', [file]);
    expect(stdout).toContain('Signature Validation: Signature is Valid.');
    expect(stdout).toContain('Signer Certificate Common Name: Énergies d’Aquitaine SAS (demo signing certificate)');
    expect(describeP12(p12, 'secret').subject).toBe('CN=Énergies d’Aquitaine SAS (demo signing certificate), O=Énergies d’Aquitaine SAS');
  });
});
