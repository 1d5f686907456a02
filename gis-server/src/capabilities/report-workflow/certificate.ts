// The company's signing certificate: read from its PKCS#12 file, or made self-signed for
// the demo (scripts/make-signing-certificate.ts at set-up; the tests make their own).
import { X509Certificate } from 'node:crypto';
import forge from 'node-forge';

/** A self-signed certificate for `company` with its RSA key, as a PKCS#12 (3DES, which every reader takes). */
export function makeSelfSignedP12(company: string, passphrase: string, years = 10): Buffer {
  const keys = forge.pki.rsa.generateKeyPair({ bits: 2048, e: 0x10001 });
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = `01${forge.util.bytesToHex(forge.random.getBytesSync(15))}`;
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + years * 365 * 86_400_000);
  // UTF8String: forge would otherwise write each character's low byte in a PrintableString.
  const utf8 = (value: string) => ({ value, valueTagClass: forge.asn1.Type.UTF8 as number });
  const subject = [{ name: 'commonName', ...utf8(`${company} (demo signing certificate)`) }, { name: 'organizationName', ...utf8(company) }];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true },
  ]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  const p12 = forge.pkcs12.toPkcs12Asn1(keys.privateKey, [cert], passphrase, { algorithm: '3des' });
  return Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary');
}

/** The certificate's subject as people read it (CN, O), and its validity. */
export function describeP12(p12: Buffer, passphrase: string): { subject: string; notAfter: Date } {
  const asn1 = forge.asn1.fromDer(forge.util.createBuffer(p12.toString('binary')));
  const parsed = forge.pkcs12.pkcs12FromAsn1(asn1, passphrase);
  const certBag = forge.pki.oids.certBag as string;
  const bag = parsed.getBags({ bagType: certBag })[certBag]?.[0];
  const cert = bag?.cert;
  if (!cert) throw new Error('the PKCS#12 file holds no certificate');
  // Node reads the names in every string type (forge leaves a UTF8String's bytes undecoded).
  const x509 = new X509Certificate(Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary'));
  return { subject: x509.subject.split('\n').join(', '), notAfter: new Date(x509.validTo) };
}
