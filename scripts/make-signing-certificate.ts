// Set-up (scripts/setup.sh): the self-signed certificate that signs validated reports in
// the demo, made once into .data. A deployment sets REPORT_SIGNING_P12 (and
// REPORT_SIGNING_PASSPHRASE) to the company's own certificate instead.
//   tsx scripts/make-signing-certificate.ts <file.p12> [company]
import { writeFile } from 'node:fs/promises';
import { makeSelfSignedP12 } from '../gis-server/src/capabilities/report-workflow/certificate';

const [path, company = process.env.COMPANY_NAME ?? 'Calepin'] = process.argv.slice(2);
if (!path) throw new Error('usage: make-signing-certificate.ts <file.p12> [company]');
await writeFile(path, makeSelfSignedP12(company, process.env.REPORT_SIGNING_PASSPHRASE ?? ''), { mode: 0o600, flag: 'wx' });
console.log(`report signing: a self-signed demo certificate for ${company} in ${path}`);
