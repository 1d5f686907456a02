// A time-stamping authority (RFC 3161), the T of PAdES baseline B-T: the SHA-256 of the
// signature value goes out in a TimeStampReq over HTTP (§3.4: POST application/timestamp-query,
// answer application/timestamp-reply); the token that comes back is checked — granted, our
// digest and nonce in its TSTInfo, signed by the certificate it carries — before it is put
// in the signature. Whether that certificate is one to trust is the PDF reader's judgement
// (its trust list), as for the signer's own certificate.
import { X509Certificate, createHash, randomBytes, verify } from 'node:crypto';
import forge from 'node-forge';

const { asn1 } = forge;
type Node = forge.asn1.Asn1;
const U = asn1.Class.UNIVERSAL;
const T = asn1.Type;
const CONTEXT = asn1.Class.CONTEXT_SPECIFIC;

const OID = {
  sha256: '2.16.840.1.101.3.4.2.1',
  signedData: '1.2.840.113549.1.7.2',
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  messageDigest: '1.2.840.113549.1.9.4',
} as const;
const DIGESTS: Record<string, string> = {
  '2.16.840.1.101.3.4.2.1': 'sha256', '2.16.840.1.101.3.4.2.2': 'sha384', '2.16.840.1.101.3.4.2.3': 'sha512', '1.3.14.3.2.26': 'sha1',
};

export interface TsaConfig {
  url: string;
  /** HTTP Basic credentials, as commercial authorities ask. */
  username: string | null;
  password: string | null;
  /** The policy to ask for (an OID), or the authority's default. */
  policy: string | null;
  timeoutMs: number;
}

export interface Timestamp {
  /** The TimeStampToken (a CMS ContentInfo), DER. */
  token: Buffer;
  /** The authority's time (TSTInfo genTime). */
  at: Date;
  /** Who stamped: the subject of the certificate that signed the token. */
  authority: string;
  serial: string;
}

/** The authority did not give a token we can use; `reason` says why, for the person signing. */
export class TimestampError extends Error {}

const PKI_STATUS = ['granted', 'grantedWithMods', 'rejection', 'waiting', 'revocationWarning', 'revocationNotification'];
const FAIL_INFO: Record<number, string> = {
  0: 'badAlg', 2: 'badRequest', 5: 'badDataFormat', 14: 'timeNotAvailable', 15: 'unacceptedPolicy',
  16: 'unacceptedExtension', 17: 'addInfoNotAvailable', 25: 'systemFailure',
};

const seq = (...items: Node[]) => asn1.create(U, T.SEQUENCE, true, items);
const oid = (id: string) => asn1.create(U, T.OID, false, asn1.oidToDer(id).getBytes());
const octets = (b: Buffer) => asn1.create(U, T.OCTETSTRING, false, b.toString('binary'));
const der = (node: Node) => Buffer.from(asn1.toDer(node).getBytes(), 'binary');
const bytes = (node: Node | undefined) => Buffer.from((node?.value as string | undefined) ?? '', 'binary');
const kids = (node: Node | undefined): Node[] => (Array.isArray(node?.value) ? (node.value as Node[]) : []);
const oidOf = (node: Node | undefined) => (node && node.type === T.OID ? asn1.derToOid(node.value as string) : null);
const isTagged = (n: Node, tag: number) => n.tagClass === CONTEXT && n.type === tag;

/** TimeStampReq { version 1, messageImprint, reqPolicy?, nonce, certReq TRUE } (RFC 3161 §2.4.1). */
export function timestampRequest(digest: Buffer, nonce: Buffer, policy: string | null): Buffer {
  return der(seq(
    asn1.create(U, T.INTEGER, false, asn1.integerToDer(1).getBytes()),
    // SHA-256's parameters absent (RFC 5754 §2).
    seq(seq(oid(OID.sha256)), octets(digest)),
    ...(policy ? [oid(policy)] : []),
    asn1.create(U, T.INTEGER, false, nonce.toString('binary')),
    asn1.create(U, T.BOOLEAN, false, '\xff'),
  ));
}

/** Ask `tsa` to stamp `digest` (the SHA-256 of what is stamped). */
export async function requestTimestamp(tsa: TsaConfig, digest: Buffer): Promise<Timestamp> {
  // A positive 64-bit nonce: the first byte's high bit clear.
  const nonce = randomBytes(8);
  nonce[0] = (nonce[0] as number) & 0x7f | 0x01;
  const headers: Record<string, string> = { 'content-type': 'application/timestamp-query', accept: 'application/timestamp-reply' };
  if (tsa.username !== null) headers.authorization = `Basic ${Buffer.from(`${tsa.username}:${tsa.password ?? ''}`).toString('base64')}`;
  let res: Response;
  try {
    res = await fetch(tsa.url, {
      method: 'POST', headers, body: new Uint8Array(timestampRequest(digest, nonce, tsa.policy)), signal: AbortSignal.timeout(tsa.timeoutMs),
    });
  } catch (error) {
    const e = error as Error & { cause?: { code?: string } };
    throw new TimestampError(e.name === 'TimeoutError' ? `no answer within ${tsa.timeoutMs / 1000} s` : `unreachable (${e.cause?.code ?? e.message})`);
  }
  if (!res.ok) throw new TimestampError(`HTTP ${res.status}`);
  return readTimestampReply(await boundedBody(res), digest, nonce);
}

/** A reply is a few kB (a token with its chain): one bigger than this is not one. */
const MAX_REPLY_BYTES = 1 << 20;

async function boundedBody(res: Response): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  const reader = res.body?.getReader();
  if (!reader) return Buffer.alloc(0);
  for (let part = await reader.read(); !part.done; part = await reader.read()) {
    size += part.value.length;
    if (size > MAX_REPLY_BYTES) {
      await reader.cancel().catch(() => undefined);
      throw new TimestampError(`its answer is over ${MAX_REPLY_BYTES / 2 ** 20} MB: not a timestamp reply`);
    }
    chunks.push(Buffer.from(part.value));
  }
  return Buffer.concat(chunks);
}

/** The token of a TimeStampResp, once checked against the request's digest and nonce. */
export function readTimestampReply(reply: Buffer, digest: Buffer, nonce: Buffer): Timestamp {
  let resp: Node;
  try {
    resp = asn1.fromDer(forge.util.createBuffer(reply.toString('binary')));
  } catch {
    throw new TimestampError('its answer is not a TimeStampResp (DER)');
  }
  const [statusInfo, token] = kids(resp);
  const [status, ...rest] = kids(statusInfo);
  const code = status ? Number.parseInt(forge.util.bytesToHex(status.value as string), 16) : Number.NaN;
  if (code !== 0 && code !== 1) {
    const text = rest.filter((n) => n.type === T.SEQUENCE).flatMap(kids).map((n) => String(n.value)).join('; ');
    const bits = rest.find((n) => n.type === T.BITSTRING);
    throw new TimestampError(`${PKI_STATUS[code] ?? `status ${code}`}${failInfo(bits)}${text ? `: ${text}` : ''}`);
  }
  if (!token) throw new TimestampError('granted, but no token');
  return checkToken(token, digest, nonce);
}

function failInfo(bits: Node | undefined): string {
  if (!bits) return '';
  // A BIT STRING's first byte counts the unused bits; bit 0 is the high bit of the next byte.
  // (forge may have tried the contents as ASN.1: the raw bytes are then in bitStringContents)
  const raw = (bits as Node & { bitStringContents?: string }).bitStringContents ?? (typeof bits.value === 'string' ? bits.value : '');
  const b = Buffer.from(raw, 'binary').subarray(1);
  const names = Object.entries(FAIL_INFO).filter(([i]) => ((b[Math.floor(+i / 8)] ?? 0) >> (7 - (+i % 8))) & 1).map(([, n]) => n);
  return names.length ? ` (${names.join(', ')})` : '';
}

function checkToken(token: Node, digest: Buffer, nonce: Buffer): Timestamp {
  const [type, wrapped] = kids(token);
  if (oidOf(type) !== OID.signedData) throw new TimestampError('the token is not a CMS SignedData');
  const signedData = kids(wrapped)[0];
  const parts = kids(signedData);
  const encap = parts.find((n, i) => i > 0 && n.type === T.SEQUENCE && oidOf(kids(n)[0]) !== null);
  if (oidOf(kids(encap)[0]) !== OID.tstInfo) throw new TimestampError('the token holds no TSTInfo');
  const content = kids(kids(encap)[1])[0];
  // An OCTET STRING, possibly in constructed (BER) parts.
  const tstDer = content && content.constructed ? Buffer.concat(kids(content).map(bytes)) : bytes(content);
  const tst = kids(asn1.fromDer(forge.util.createBuffer(tstDer.toString('binary'))));
  const [, , imprint, serial, genTime, ...optional] = tst;
  const [algorithm, hashed] = kids(imprint);
  if (oidOf(kids(algorithm)[0]) !== OID.sha256 || !bytes(hashed).equals(digest)) {
    throw new TimestampError('the token stamps another digest than ours');
  }
  const tokenNonce = optional.find((n) => n.tagClass === U && n.type === T.INTEGER);
  if (!tokenNonce || !bytes(tokenNonce).equals(nonce)) throw new TimestampError('the token does not carry our nonce');
  const at = generalizedTime(String(genTime?.value ?? ''));

  const certificates = parts.find((n) => isTagged(n, 0));
  const signerInfo = kids(parts.at(-1))[0];
  const certificate = signerCertificate(kids(certificates), kids(signerInfo)[1]);
  checkSignature(signerInfo, tstDer, certificate);
  return {
    token: der(token),
    at,
    authority: certificate.subject.replace(/\n/g, ', '),
    serial: forge.util.bytesToHex(serial?.value as string),
  };
}

function generalizedTime(text: string): Date {
  // YYYYMMDDhhmmss[.fff]Z (RFC 3161 §2.4.2: always UTC).
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\.\d+)?Z$/.exec(text);
  if (!m) throw new TimestampError(`the token's time "${text.slice(0, 40)}" is not a UTC GeneralizedTime`);
  return new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${(m[7] ?? '').slice(0, 4)}Z`);
}

/** The certificate named by the SignerInfo's sid (issuerAndSerialNumber) among those the token carries. */
function signerCertificate(certificates: Node[], sid: Node | undefined): X509Certificate {
  const serial = forge.util.bytesToHex(kids(sid)[1]?.value as string ?? '').replace(/^(00)+(?=.)/, '').toUpperCase();
  for (const c of certificates) {
    const x = new X509Certificate(der(c));
    if (x.serialNumber.replace(/^(00)+(?=.)/, '').toUpperCase() === serial) return x;
  }
  throw new TimestampError('the token does not carry the certificate that signed it (was certReq ignored?)');
}

function checkSignature(signerInfo: Node | undefined, tstDer: Buffer, certificate: X509Certificate) {
  const parts = kids(signerInfo);
  const digestAlgorithm = DIGESTS[oidOf(kids(parts[2])[0]) ?? ''];
  const attributes = parts.find((n) => isTagged(n, 0));
  const signature = parts.find((n, i) => i > 3 && n.type === T.OCTETSTRING);
  if (!digestAlgorithm || !attributes || !signature) throw new TimestampError('the token\'s signer info is not one we can read');
  const messageDigest = kids(attributes).find((a) => oidOf(kids(a)[0]) === OID.messageDigest);
  const claimed = bytes(kids(kids(messageDigest)[1])[0]);
  if (!claimed.equals(createHash(digestAlgorithm).update(tstDer).digest())) throw new TimestampError('the token\'s TSTInfo does not match its signature');
  // The signature covers the signed attributes as a DER SET (RFC 5652 §5.4), not as the [0] they sit in.
  const signed = der(attributes);
  signed[0] = 0x31;
  if (!verify(digestAlgorithm, signed, certificate.publicKey, bytes(signature))) throw new TimestampError('the token\'s signature does not verify');
}
