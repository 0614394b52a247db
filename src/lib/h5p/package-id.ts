/**
 * What an H5P package id may be: the lesson check and the schema of <H5P id="…" /> accept the
 * same ids that the import form and the package folders (src/lib/server/h5p/storage.ts) do. Pure.
 */

/** Ids lessons use in <H5P id="…" />: lower case letters, digits and inner dashes, 2–64 characters. */
export const PACKAGE_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}[a-z0-9]$/;

/** Path segments under /h5p/ taken by the platform's own routes, so no package may use them as id. */
export const RESERVED_PACKAGE_IDS: ReadonlySet<string> = new Set(['trinh-phat']);
