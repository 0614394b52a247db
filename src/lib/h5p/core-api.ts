/**
 * The H5P core API the bundled player implements, and the check that refuses a library needing a
 * newer one (its library.json `coreApi`): such a library would call functions the player lacks.
 */
/**
 * Core API of the player we ship, h5p-standalone 3.8.2. Its bundled core (vendor/h5p/ in
 * h5p-standalone's repository at tag v3.8.2: js/h5p.js, blob cb2ef2c2…, and
 * js/h5p-confirmation-dialog.js, styles/h5p.css) is byte for byte that of h5p-php-library tag
 * 1.28.0, whose `H5PCore::$coreApi` (h5p.classes.php) is majorVersion 1, minorVersion 28. The
 * JavaScript core carries no version number of its own, hence this constant: check it again
 * whenever h5p-standalone is upgraded.
 */
export const PLAYER_CORE_API = { majorVersion: 1, minorVersion: 28 } as const;

type CoreApi = { majorVersion: number; minorVersion: number };

/** What the check reads of a library.json (src/schemas/h5p.ts H5pLibrary), so schemas and rules do not import each other. */
type LibraryNeeds = { machineName: string; coreApi?: CoreApi };

/** "1.28". */
export function describeCoreApi(version: CoreApi): string {
  return `${version.majorVersion}.${version.minorVersion}`;
}

/** True when `needed` is newer than `supported`. */
export function isNewerCoreApi(needed: CoreApi, supported: CoreApi = PLAYER_CORE_API): boolean {
  return (
    needed.majorVersion > supported.majorVersion ||
    (needed.majorVersion === supported.majorVersion && needed.minorVersion > supported.minorVersion)
  );
}

/** Why the library cannot run in our player, in Vietnamese, or null when it can. */
export function coreApiProblem(
  folder: string,
  library: LibraryNeeds,
  supported: CoreApi = PLAYER_CORE_API,
): string | null {
  const needed = library.coreApi;
  if (!needed || !isNewerCoreApi(needed, supported)) return null;
  return (
    `Thư viện "${folder}" (${library.machineName}) cần lõi H5P (coreApi) phiên bản ${describeCoreApi(needed)}, ` +
    `nhưng trình phát của hệ thống chỉ hỗ trợ đến phiên bản ${describeCoreApi(supported)}. ` +
    'Hãy xuất lại gói bằng phiên bản thư viện cũ hơn, hoặc đề nghị quản trị hệ thống nâng cấp trình phát.'
  );
}
