/**
 * What the xAPI outbox holds and where each statement stands: the values stored in the database
 * (db/schema/xapi.ts uses them as column enums) and shown to administrators. Pure.
 */

/** The facts that become xAPI statements for the training-quality records system. */
export const XAPI_FACT_KINDS = [
  'course-completed',
  'test-passed',
  'test-failed',
  'certificate-issued',
  'certificate-revoked',
  'evaluation',
] as const;
export type XapiFactKind = (typeof XAPI_FACT_KINDS)[number];

/** pending (waiting or retrying) → delivered, or failed after the last retry (resend → pending). */
export const XAPI_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type XapiStatus = (typeof XAPI_STATUSES)[number];
