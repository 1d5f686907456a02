// The CMS of a signed PDF's signature (its /Contents), read with node-forge's ASN.1 parser,
// for the tests to look inside what pdfsig only judges as a whole.
import { createHash } from 'node:crypto';
import forge from 'node-forge';

type Node = forge.asn1.Asn1;
const { asn1 } = forge;

export const CMS_OIDS = {
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  signatureTimeStampToken: '1.2.840.113549.1.9.16.2.14',
} as const;

export interface PdfSignature {
  /** The OIDs of the signed attributes. */
  signed: string[];
  /** The unsigned attributes: OID and the DER of their (first) value. */
  unsigned: { oid: string; value: Buffer }[];
  /** The SHA-256 that the signing-certificate-v2 attribute names, hex. */
  certificateHash: string;
  /** The first certificate the CMS carries, DER. */
  certificate: Buffer;
  /** The SignerInfo's signature value. */
  signatureValue: Buffer;
}

const kids = (n: Node | undefined) => (n?.value ?? []) as Node[];
const der = (n: Node) => Buffer.from(asn1.toDer(n).getBytes(), 'binary');
const oidOf = (a: Node) => asn1.derToOid(kids(a)[0]?.value as string);
const tagged = (tag: number) => (n: Node) => n.tagClass === asn1.Class.CONTEXT_SPECIFIC && n.type === tag;

export function pdfSignature(pdf: Buffer): PdfSignature {
  const hex = /\/Contents\s*<([0-9A-Fa-f]+)>/.exec(pdf.toString('latin1'))?.[1] as string;
  // The /Contents placeholder is padded with zeros after the CMS: parse its first element only.
  const fromDer = asn1.fromDer as unknown as (bytes: string, options: { parseAllBytes: boolean }) => Node;
  const cms = fromDer(forge.util.hexToBytes(hex), { parseAllBytes: false });
  const signedData = kids(kids(cms)[1])[0];
  const certificates = kids(signedData).find(tagged(0));
  const signerInfo = kids(kids(signedData).at(-1))[0];
  const attrs = kids(kids(signerInfo).find(tagged(0)));
  const v2 = attrs.find((a) => oidOf(a) === CMS_OIDS.signingCertificateV2);
  // Attribute { type, SET { SigningCertificateV2 { certs { ESSCertIDv2 { certHash, issuerSerial } } } } }
  const essCertId = kids(kids(kids(kids(v2)[1])[0])[0])[0];
  const signatureValue = kids(signerInfo).filter((n) => n.tagClass === asn1.Class.UNIVERSAL && n.type === asn1.Type.OCTETSTRING).at(-1);
  return {
    signed: attrs.map(oidOf),
    unsigned: kids(kids(signerInfo).find(tagged(1))).map((a) => ({ oid: oidOf(a), value: der(kids(kids(a)[1])[0] as Node) })),
    certificateHash: Buffer.from(kids(essCertId)[0]?.value as string, 'binary').toString('hex'),
    certificate: der(kids(certificates)[0] as Node),
    signatureValue: Buffer.from(signatureValue?.value as string, 'binary'),
  };
}

export const sha256 = (b: Buffer) => createHash('sha256').update(b).digest();
