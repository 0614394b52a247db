/**
 * The actions the audit log records: the values stored in the database (db/schema/audit.ts uses
 * them as a column enum) and offered by the log's filter. Pure.
 */

/** What an administrator (or an API token) did; one row per action, never changed. */
export const AUDIT_ACTIONS = [
  'assign',
  'cancel-assignment',
  'import-officials',
  'record-class',
  'import-attendance',
  'save-plan',
  'evaluate',
  'export',
  'revoke-certificate',
  'resend-statement',
  'create-token',
  'revoke-token',
  'token-use',
  'h5p-import',
  'h5p-replace',
  'h5p-submit',
  'h5p-approve',
  'h5p-reject',
  'h5p-delete',
  'create-unit',
  'rename-unit',
  'move-unit',
  'merge-units',
  'split-unit',
  'retire-unit',
  'import-units',
  'grant-role',
  'revoke-role',
  'issue-activation-codes',
  'configure-sso',
  'set-targets',
  'recognise-programme',
  'unrecognise-programme',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
