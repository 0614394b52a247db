/**
 * How long a session lasts, by the roles of its user: a learner stays signed in for weeks, anyone
 * who can change other people's data or publish for hours (ASVS 7.3). Pure; the sessions
 * themselves are kept by src/lib/server/auth/sessions.ts.
 */
import type { Role, RoleGrant } from './roles.ts';

/** A learner's session ends after this long without a request. */
export const INACTIVITY_TIMEOUT_MS = 14 * 24 * 60 * 60 * 1000;
/** …and at this age, however active. */
export const ABSOLUTE_LIFETIME_MS = 60 * 24 * 60 * 60 * 1000;
/** lastVerifiedAt is written at most this often, to keep reads free of writes. */
export const ACTIVITY_CHECK_INTERVAL_MS = 60 * 60 * 1000;

/** How long a session lasts: idle timeout, absolute lifetime, and how often activity is written. */
export interface SessionLifetime {
  idleMs: number;
  absoluteMs: number;
  refreshMs: number;
}

export const LEARNER_LIFETIME: SessionLifetime = {
  idleMs: INACTIVITY_TIMEOUT_MS,
  absoluteMs: ABSOLUTE_LIFETIME_MS,
  refreshMs: ACTIVITY_CHECK_INTERVAL_MS,
};
/**
 * Anyone who can change other people's data or publish (ASVS 7.3): 30 minutes idle, 12 hours at
 * most. Activity is written every minute, so the idle timeout is accurate to a minute.
 */
export const PRIVILEGED_LIFETIME: SessionLifetime = {
  idleMs: 30 * 60 * 1000,
  absoluteMs: 12 * 60 * 60 * 1000,
  refreshMs: 60 * 1000,
};

const PRIVILEGED_ROLES: ReadonlySet<Role> = new Set([
  'instructor',
  'content_reviewer',
  'commune_admin',
  'province_admin',
  'system_admin',
  // They read (inspector) or rate (evaluator) other officials' records.
  'evaluator',
  'inspector',
]);

/** The lifetime for a user's current roles: any privileged role gets the short one. */
export function sessionLifetimeFor(roles: readonly Pick<RoleGrant, 'role'>[]): SessionLifetime {
  return roles.some((grant) => PRIVILEGED_ROLES.has(grant.role)) ? PRIVILEGED_LIFETIME : LEARNER_LIFETIME;
}
