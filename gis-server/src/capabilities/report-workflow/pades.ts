// The CMS of a PAdES baseline B-B signature (ETSI EN 319 142-1 §6.3, ETSI EN 319 122-1 §5.2):
// SignedData, detached, SHA-256 with RSA, whose signed attributes are content-type,
// message-digest and the ESS signing-certificate-v2 (RFC 5035: the SHA-256 of the signer's
// certificate and its issuer and serial number), and no signing-time — in PAdES the claimed
// time is the signature dictionary's /M. @signpdf's P12Signer (node-forge's PKCS#7) writes
// signing-time and cannot write signing-certificate-v2, hence this one, built with
// node-forge's ASN.1 and Node's RSA. With a time-stamping authority (timestamp.ts) it is
// baseline B-T: the authority's token over the signature value rides in the SignerInfo's
// unsigned attribute signature-time-stamp (RFC 3161 appendix A, ETSI EN 319 122-1 §5.3).
import { createHash, createSign } from 'node:crypto';
import forge from 'node-forge';
import { Signer } from '@signpdf/utils';

const { asn1 } = forge;
const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  signatureTimeStampToken: '1.2.840.113549.1.9.16.2.14',
  sha256: '2.16.840.1.101.3.4.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
} as const;

const BAGS = { shroudedKey: '1.2.840.113549.1.12.10.1.2', key: '1.2.840.113549.1.12.10.1.1', certificate: '1.2.840.113549.1.12.10.1.3' };
const U = asn1.Class.UNIVERSAL;
const T = asn1.Type;
const seq = (...items: forge.asn1.Asn1[]) => asn1.create(U, T.SEQUENCE, true, items);
const set = (...items: forge.asn1.Asn1[]) => asn1.create(U, T.SET, true, items);
const oid = (id: string) => asn1.create(U, T.OID, false, asn1.oidToDer(id).getBytes());
const octets = (bytes: Buffer) => asn1.create(U, T.OCTETSTRING, false, bytes.toString('binary'));
const integer = (n: number) => asn1.create(U, T.INTEGER, false, asn1.integerToDer(n).getBytes());
const nul = () => asn1.create(U, T.NULL, false, '');
const der = (node: forge.asn1.Asn1) => Buffer.from(asn1.toDer(node).getBytes(), 'binary');
const attribute = (type: string, value: forge.asn1.Asn1) => seq(oid(type), set(value));

interface Identity {
  key: forge.pki.rsa.PrivateKey;
  certificate: forge.pki.Certificate;
  /** Every certificate of the file (the signer's and any chain), as DER. */
  chain: Buffer[];
}

/** The private key and its certificate from a PKCS#12 file. */
export function identityOf(p12: Buffer, passphrase: string): Identity {
  const parsed = forge.pkcs12.pkcs12FromAsn1(asn1.fromDer(forge.util.createBuffer(p12.toString('binary'))), false, passphrase);
  const bags = (type: string) => parsed.getBags({ bagType: type })[type] ?? [];
  const keyBag = bags(BAGS.shroudedKey)[0] ?? bags(BAGS.key)[0];
  const key = keyBag?.key as forge.pki.rsa.PrivateKey | undefined;
  const certificates = bags(BAGS.certificate)
    .map((bag) => bag.cert).filter((c): c is forge.pki.Certificate => Boolean(c));
  if (!key) throw new Error('the PKCS#12 file holds no private key');
  const certificate = certificates.find((c) => {
    const pub = c.publicKey as forge.pki.rsa.PublicKey;
    return pub.n.compareTo(key.n) === 0 && pub.e.compareTo(key.e) === 0;
  });
  if (!certificate) throw new Error('no certificate of the PKCS#12 file matches its private key');
  return { key, certificate, chain: certificates.map((c) => der(forge.pki.certificateToAsn1(c))) };
}

/** Stamps the signature value: the authority's TimeStampToken over its SHA-256, DER. */
export type Stamp = (signatureValue: Buffer) => Promise<Buffer>;

/** The signer @signpdf calls with the bytes the signature covers. */
export class PadesSigner extends Signer {
  private readonly identity: Identity;

  constructor(p12: Buffer, passphrase: string, private readonly stamp: Stamp | null = null) {
    super();
    this.identity = identityOf(p12, passphrase);
  }

  override async sign(content: Buffer): Promise<Buffer> {
    return cmsSignature(content, this.identity, this.stamp);
  }
}

export async function cmsSignature(content: Buffer, { key, certificate, chain }: Identity, stamp: Stamp | null = null): Promise<Buffer> {
  const certAsn1 = forge.pki.certificateToAsn1(certificate);
  const certDer = der(certAsn1);
  // The issuer and serial as the certificate encodes them: forge reads a UTF8String name as its
  // bytes and would encode them again (any name beyond ASCII would then name no certificate).
  const tbs = (certAsn1.value as forge.asn1.Asn1[])[0]?.value as forge.asn1.Asn1[];
  const first = tbs[0]?.tagClass === asn1.Class.CONTEXT_SPECIFIC ? 1 : 0; // [0] version
  const serial = tbs[first] as forge.asn1.Asn1;
  const issuer = tbs[first + 2] as forge.asn1.Asn1;
  const sha256 = seq(oid(OID.sha256));

  const attributes = [
    attribute(OID.contentType, oid(OID.data)),
    attribute(OID.messageDigest, octets(createHash('sha256').update(content).digest())),
    // SigningCertificateV2 { certs SEQUENCE OF ESSCertIDv2 { certHash (SHA-256, the default
    // algorithm, so not named), issuerSerial { issuer GeneralNames { [4] directoryName }, serial } } }
    attribute(OID.signingCertificateV2, seq(seq(seq(
      octets(createHash('sha256').update(certDer).digest()),
      seq(seq(asn1.create(asn1.Class.CONTEXT_SPECIFIC, 4, true, [issuer])), serial),
    )))),
  ];
  // DER: the elements of a SET OF in the order of their encodings.
  const signedAttributes = attributes.map((a) => ({ a, bytes: der(a) })).sort((x, y) => Buffer.compare(x.bytes, y.bytes)).map((x) => x.a);
  // The signature covers the attributes as a DER SET (RFC 5652 §5.4), then sits in [0] IMPLICIT.
  const signed = createSign('sha256').update(der(set(...signedAttributes))).sign(forge.pki.privateKeyToPem(key));

  const signerInfo = seq(
    integer(1),
    seq(issuer, serial),
    sha256,
    asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, signedAttributes),
    seq(oid(OID.rsaEncryption), nul()),
    octets(signed),
    // unsignedAttrs [1] IMPLICIT: the timestamp of the signature value.
    ...(stamp ? [asn1.create(asn1.Class.CONTEXT_SPECIFIC, 1, true, [
      attribute(OID.signatureTimeStampToken, asn1.fromDer(forge.util.createBuffer((await stamp(signed)).toString('binary')))),
    ])] : []),
  );
  const signedData = seq(
    integer(1),
    set(sha256),
    seq(oid(OID.data)),
    asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, chain.map((c) => asn1.fromDer(forge.util.createBuffer(c.toString('binary'))))),
    set(signerInfo),
  );
  return der(seq(oid(OID.signedData), asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [signedData])));
}
