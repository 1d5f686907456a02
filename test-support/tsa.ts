// A local time-stamping authority (RFC 3161 over HTTP, §3.4) for the tests: what a qualified
// TSA is on the Internet. It answers a TimeStampReq with a TimeStampResp whose token is a CMS
// SignedData of a TSTInfo, signed by a TSA certificate (extended key usage timeStamping,
// critical) issued by its own root — written here with node-forge's ASN.1 and node:crypto,
// apart from the server's adapter, so that `openssl ts -verify` judges both.
import { createHash, createSign, generateKeyPairSync, randomBytes } from 'node:crypto';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import forge from 'node-forge';

const { asn1, pki } = forge;
type Node = forge.asn1.Asn1;
const U = asn1.Class.UNIVERSAL;
const T = asn1.Type;
const seq = (...items: Node[]) => asn1.create(U, T.SEQUENCE, true, items);
const set = (...items: Node[]) => asn1.create(U, T.SET, true, items);
const oid = (id: string) => asn1.create(U, T.OID, false, asn1.oidToDer(id).getBytes());
const int = (n: number) => asn1.create(U, T.INTEGER, false, asn1.integerToDer(n).getBytes());
const octets = (b: Buffer) => asn1.create(U, T.OCTETSTRING, false, b.toString('binary'));
const der = (n: Node) => Buffer.from(asn1.toDer(n).getBytes(), 'binary');
const ctx = (tag: number, items: Node[]) => asn1.create(asn1.Class.CONTEXT_SPECIFIC, tag, true, items);

export const TSA_POLICY = '1.3.6.1.4.1.99999.1.1';

/** How the authority answers the next requests. */
export type TsaMode =
  | 'grant'
  | 'reject' // status rejection, failInfo badAlg, with a text
  | 'other-digest' // a token for another digest than the one asked
  | 'http-500'
  | 'huge' // 2 MB that are no reply
  | 'hang'; // never answers

export interface TsaRequest { digest: Buffer; algorithm: string; nonce: Buffer | null; certReq: boolean; policy: string | null; contentType: string | undefined }

interface Keyed { cert: forge.pki.Certificate; key: forge.pki.rsa.PrivateKey; pem: string }

function certificate(subject: string, issuer: Keyed | null, extensions: object[]): Keyed {
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const key = pki.privateKeyFromPem(pair.privateKey.export({ type: 'pkcs1', format: 'pem' }) as string) as forge.pki.rsa.PrivateKey;
  const cert = pki.createCertificate();
  cert.publicKey = pki.publicKeyFromPem(pair.publicKey.export({ type: 'spki', format: 'pem' }) as string);
  cert.serialNumber = `01${randomBytes(8).toString('hex')}`;
  cert.validity.notBefore = new Date(Date.now() - 86_400_000);
  cert.validity.notAfter = new Date(Date.now() + 5 * 365 * 86_400_000);
  const utf8 = (value: string) => ({ value, valueTagClass: T.UTF8 as number });
  const name = [{ name: 'commonName', ...utf8(subject) }, { name: 'organizationName', ...utf8('Horodatage Test') }, { name: 'countryName', value: 'FR' }];
  cert.setSubject(name);
  cert.setIssuer(issuer ? issuer.cert.subject.attributes : name);
  cert.setExtensions(extensions);
  cert.sign(issuer ? issuer.key : key, forge.md.sha256.create());
  return { cert, key, pem: pki.certificateToPem(cert) };
}

export class TimestampAuthority {
  mode: TsaMode = 'grant';
  readonly requests: TsaRequest[] = [];
  private serial = 1;

  private constructor(private readonly server: Server, readonly url: string, readonly root: Keyed, readonly tsa: Keyed) {}

  /** The root certificate, PEM: what a reader's trust list holds. */
  get rootPem(): string { return this.root.pem; }

  static async start(): Promise<TimestampAuthority> {
    const root = certificate('Racine Horodatage Test', null, [{ name: 'basicConstraints', cA: true, critical: true }, { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true }]);
    const tsa = certificate('Autorité d’horodatage Test', root, [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, nonRepudiation: true, critical: true },
      { name: 'extKeyUsage', timeStamping: true, critical: true },
    ]);
    let self: TimestampAuthority | null = null;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const me = self as TimestampAuthority;
        if (me.mode === 'hang') return;
        if (me.mode === 'http-500' || req.method !== 'POST') { res.writeHead(req.method === 'POST' ? 500 : 405).end(); return; }
        if (me.mode === 'huge') { res.writeHead(200, { 'content-type': 'application/timestamp-reply' }).end(Buffer.alloc(2 << 20)); return; }
        const body = me.answer(Buffer.concat(chunks), req.headers['content-type']);
        res.writeHead(200, { 'content-type': 'application/timestamp-reply', 'content-length': body.length }).end(body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    self = new TimestampAuthority(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}/tsa`, root, tsa);
    return self;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private answer(body: Buffer, contentType: string | undefined): Buffer {
    let request: Node[];
    try {
      request = asn1.fromDer(forge.util.createBuffer(body.toString('binary'))).value as Node[];
    } catch {
      return der(seq(seq(int(2), seq(asn1.create(U, T.UTF8, false, 'not a TimeStampReq')))));
    }
    const imprint = request[1] as Node;
    const [algorithm, digest] = imprint.value as Node[];
    const rest = request.slice(2);
    const nonce = rest.find((n) => n.type === T.INTEGER);
    const policy = rest.find((n) => n.type === T.OID);
    const certReq = rest.some((n) => n.type === T.BOOLEAN && n.value !== '\x00');
    this.requests.push({
      digest: Buffer.from(digest?.value as string, 'binary'),
      algorithm: asn1.derToOid(((algorithm?.value as Node[])[0] as Node).value as string),
      nonce: nonce ? Buffer.from(nonce.value as string, 'binary') : null,
      certReq,
      policy: policy ? asn1.derToOid(policy.value as string) : null,
      contentType,
    });
    if (this.mode === 'reject') {
      // failInfo badAlg: bit 0 of the BIT STRING (7 unused bits in its one byte).
      return der(seq(seq(int(2), seq(asn1.create(U, T.UTF8, false, 'algorithm not supported')), asn1.create(U, T.BITSTRING, false, '\x07\x80'))));
    }
    const stamped = this.mode === 'other-digest' ? seq(seq(oid('2.16.840.1.101.3.4.2.1')), octets(randomBytes(32))) : imprint;
    const tst = der(seq(
      int(1), oid(TSA_POLICY), stamped, int(this.serial++),
      asn1.create(U, T.GENERALIZEDTIME, false, asn1.dateToGeneralizedTime(new Date())),
      seq(int(1)), // accuracy: one second
      ...(nonce ? [nonce] : []),
    ));
    return der(seq(seq(int(0)), this.token(tst, certReq)));
  }

  /** ContentInfo { signedData, SignedData { TSTInfo, the TSA's certificate, one SignerInfo } }. */
  private token(tst: Buffer, withCertificate: boolean): Node {
    const tsaCert = pki.certificateToAsn1(this.tsa.cert);
    const certDer = der(tsaCert);
    const issuer = pki.distinguishedNameToAsn1(this.tsa.cert.issuer);
    const serial = asn1.create(U, T.INTEGER, false, forge.util.hexToBytes(this.tsa.cert.serialNumber));
    const attributes = [
      seq(oid('1.2.840.113549.1.9.3'), set(oid('1.2.840.113549.1.9.16.1.4'))),
      seq(oid('1.2.840.113549.1.9.4'), set(octets(createHash('sha256').update(tst).digest()))),
      // signing-certificate-v2 (RFC 5816): openssl ts -verify wants an ESS certificate id.
      seq(oid('1.2.840.113549.1.9.16.2.47'), set(seq(seq(seq(octets(createHash('sha256').update(certDer).digest())))))),
    ].map((a) => ({ a, d: der(a) })).sort((x, y) => Buffer.compare(x.d, y.d)).map((x) => x.a);
    const signature = createSign('sha256').update(der(set(...attributes))).sign(pki.privateKeyToPem(this.tsa.key));
    const signerInfo = seq(
      int(1), seq(issuer, serial), seq(oid('2.16.840.1.101.3.4.2.1')), ctx(0, attributes),
      seq(oid('1.2.840.113549.1.1.11'), asn1.create(U, T.NULL, false, '')), octets(signature),
    );
    const signedData = seq(
      int(3), set(seq(oid('2.16.840.1.101.3.4.2.1'))),
      seq(oid('1.2.840.113549.1.9.16.1.4'), ctx(0, [octets(tst)])),
      ...(withCertificate ? [ctx(0, [tsaCert])] : []),
      set(signerInfo),
    );
    return seq(oid('1.2.840.113549.1.7.2'), ctx(0, [signedData]));
  }
}
