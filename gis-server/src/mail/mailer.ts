import nodemailer, { type Transporter } from 'nodemailer';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  attachments?: { filename: string; content: Buffer | string; contentType: string }[];
  /** An iCalendar invitation (METHOD:REQUEST or CANCEL), shown by mail apps as one. */
  icalEvent?: { method: 'REQUEST' | 'CANCEL'; content: string; filename: string };
}

/** nodemailer reads its options from the URL's query too: timeouts unless the URL sets them. */
function withTimeouts(smtpUrl: string): string {
  const url = new URL(smtpUrl);
  for (const [name, ms] of [['connectionTimeout', 15_000], ['greetingTimeout', 15_000], ['socketTimeout', 30_000]] as const) {
    if (!url.searchParams.has(name)) url.searchParams.set(name, String(ms));
  }
  return url.toString();
}

/**
 * E-mail through the SMTP server of SMTP_URL (nodemailer). Without one, `configured` is
 * false and nothing is sent: callers record the mail as not sent and say so.
 */
export class Mailer {
  private transport: Transporter | null;

  constructor(
    smtpUrl: string | null,
    private readonly from: string,
  ) {
    // A refused or silent server must fail the attempt (the job retries), not hang it.
    this.transport = smtpUrl ? nodemailer.createTransport(withTimeouts(smtpUrl)) : null;
  }

  get configured(): boolean {
    return this.transport !== null;
  }

  /** Sends one mail; its Message-ID on success, throws otherwise. */
  async send(mail: OutgoingMail): Promise<string> {
    if (!this.transport) throw new Error('no SMTP server configured (SMTP_URL)');
    const info = await this.transport.sendMail({ from: this.from, ...mail });
    return String(info.messageId ?? '');
  }

  close(): void {
    this.transport?.close();
  }
}
