/**
 * Whose an H5P package is and where each of its versions stands: the values stored in the
 * database (db/schema/h5p.ts uses them as column enums) and shown on the package pages. Pure.
 */

/**
 * Whose a package is, recorded from the person who first imported it: "unit" for a commune or
 * province administrator (the unit of their role: other administrators of that unit's subtree may
 * manage it too), "instructor" for an instructor (only they may), "national" for a content
 * reviewer or the demo seed (only reviewers may). Reviewers may manage every package.
 */
export const H5P_SCOPES = ['national', 'unit', 'instructor'] as const;
export type H5pScope = (typeof H5P_SCOPES)[number];

/**
 * A version's life: "pending" (uploaded by someone who may not replace the package directly,
 * waiting for a reviewer), "live" (what lessons play; one per package), "retired" (superseded or
 * its package deleted; its files stay for a grace period so open players keep working),
 * "rejected" (a reviewer refused it; its files are removed).
 */
export const H5P_VERSION_STATUSES = ['pending', 'live', 'retired', 'rejected'] as const;
export type H5pVersionStatus = (typeof H5P_VERSION_STATUSES)[number];
