/**
 * The mail settings, the one place they are read from the environment:
 *
 * - SMTP_URL: the relay that sends the site's e-mail, e.g. `smtp://user:pass@mail.tinh.gov.vn:587`
 *   (STARTTLS when the server offers it) or `smtps://user:pass@mail.tinh.gov.vn:465` (TLS from the
 *   start). Not set: the site sends no e-mail, and whatever needs it says so.
 * - MAIL_FROM: the sender, e.g. `"Học Liệu Số" <khong-tra-loi@hoclieuso.tinh.gov.vn>`; not set:
 *   `"Học Liệu Số" <khong-tra-loi@<host of SITE_URL>>`.
 *
 * Read on every call (no cache) so a test or an operator's restart sees the current values.
 */
import { configuredSiteAddress } from '../site-address.ts';

export interface MailSettings {
  smtpUrl: string;
  from: string;
}

/** The settings, or undefined when SMTP_URL is not set. */
export function mailSettings(): MailSettings | undefined {
  const smtpUrl = process.env.SMTP_URL?.trim();
  if (!smtpUrl) return undefined;
  const site = configuredSiteAddress();
  const host = site ? new URL(site).hostname : 'localhost';
  const from = process.env.MAIL_FROM?.trim() || `"Học Liệu Số" <khong-tra-loi@${host}>`;
  return { smtpUrl, from };
}
