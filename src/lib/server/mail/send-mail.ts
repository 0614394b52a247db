/**
 * Sending one e-mail through the SMTP relay of SMTP_URL (settings.ts) with nodemailer. The
 * transport is made once per SMTP_URL and reused; timeouts keep a relay that stops answering from
 * holding a message (and the queue behind it) for long. Messages carry nothing but what the
 * caller gives: no tracking, no remote content, and nodemailer may not read files or URLs.
 */
import { createTransport, type Transporter } from 'nodemailer';
import { mailSettings } from './settings.ts';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

let transport: { url: string; transporter: Transporter } | undefined;

function transporterFor(url: string): Transporter {
  if (transport?.url !== url) {
    transport?.transporter.close();
    transport = {
      url,
      transporter: createTransport({
        url,
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 20_000,
        disableFileAccess: true,
        disableUrlAccess: true,
      }),
    };
  }
  return transport.transporter;
}

/** Whether the site can send e-mail at all (SMTP_URL is set). */
export function canSendMail(): boolean {
  return mailSettings() !== undefined;
}

/** Sends `mail`; rejects when SMTP_URL is not set or the relay refuses it. */
export async function sendMail(mail: OutgoingMail): Promise<void> {
  const settings = mailSettings();
  if (!settings) throw new Error('SMTP_URL chưa được đặt: không gửi được thư.');
  await transporterFor(settings.smtpUrl).sendMail({ from: settings.from, ...mail });
}
