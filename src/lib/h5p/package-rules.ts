/**
 * What an `.h5p` package may contain: size limits, the allowed file types and the rules for a safe
 * path inside the archive. Pure: no zip reading, no file system.
 */

/** Limits on an uploaded package, counted on bytes actually inflated, not on what headers declare. */
export interface H5pLimits {
  /** Most entries (files and folders) an archive may list. */
  maxEntries: number;
  /** Most bytes all files together may inflate to. */
  maxTotalBytes: number;
  /** Most bytes one file may inflate to. */
  maxFileBytes: number;
}

export const DEFAULT_H5P_LIMITS: H5pLimits = {
  maxEntries: 2_000,
  maxTotalBytes: 100 * 1024 * 1024,
  maxFileBytes: 50 * 1024 * 1024,
};

/**
 * H5P core's default allow-list of file extensions (H5PCore default "h5p_whitelist" plus the
 * library extras js/css/json), compared in lower case, without "swf": no browser plays Flash any
 * more, so such a file could only be a disguised payload (OWASP ASVS 5.0 V5.2.2).
 *
 * SVG decision: allowed. Real packages need it (FontAwesome's webfont, library icons, content
 * images), and an SVG may carry script (see tests/fixtures/h5p/invalid/xss-svg.h5p). The script must
 * never run with the platform's origin, so every SVG is listed in `svgFiles` of the validation
 * result, and the server that later serves package files must serve them (and, since libraries
 * are JavaScript anyway, the whole package) only from the separate sandbox origin, with
 * `Content-Security-Policy: sandbox` (no allow-same-origin), `X-Content-Type-Options: nosniff`,
 * `Content-Type: image/svg+xml`, and `Content-Disposition: attachment` when an SVG is opened
 * directly rather than embedded as an image. Never inline package SVG into platform pages.
 */
export const ALLOWED_EXTENSIONS: ReadonlySet<string> = new Set(
  (
    'json png jpg jpeg gif bmp tif tiff svg js css mp3 m4a wav ogg mp4 webm m4v vtt txt pdf rtf doc docx ' +
    'xls xlsx ppt pptx odt ods odp xml csv diff patch md textile eot ttf woff woff2 otf'
  ).split(' '),
);

/** Extension of a path's last segment in lower case, or "" when it has none. */
export function extensionOf(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot + 1).toLowerCase();
}

/**
 * Why an archive path is unsafe to extract, in Vietnamese, or null when it is safe. A safe path is
 * relative, uses "/" only, has no empty, "." or ".." segments and no control characters. Folder
 * entries end with a single "/".
 */
export function unsafePathReason(rawPath: string): string | null {
  const shown = JSON.stringify(rawPath);
  if (rawPath.length === 0) return 'Gói có một mục không có tên.';
  if (rawPath.length > 1024) return `Đường dẫn ${shown.slice(0, 80)}… quá dài (hơn 1.024 ký tự).`;
  if (/[\u0000-\u001f\u007f]/.test(rawPath))
    return `Đường dẫn ${shown} chứa ký tự điều khiển (ví dụ NUL), không được phép.`;
  if (rawPath.includes('\\')) return `Đường dẫn ${shown} dùng dấu "\\"; trong gói chỉ được dùng dấu "/".`;
  if (rawPath.startsWith('/') || /^[A-Za-z]:/.test(rawPath))
    return `Đường dẫn ${shown} là đường dẫn tuyệt đối; mọi tệp phải nằm bên trong gói.`;
  const path = rawPath.endsWith('/') ? rawPath.slice(0, -1) : rawPath;
  const segments = path.split('/');
  if (segments.includes('..')) return `Đường dẫn ${shown} có ".." để thoát ra ngoài thư mục giải nén (zip-slip).`;
  if (segments.some((segment) => segment === '' || segment === '.'))
    return `Đường dẫn ${shown} chưa chuẩn hoá (có "//" hoặc "./").`;
  if (segments.some((segment) => Buffer.byteLength(segment, 'utf8') > 255)) {
    return `Đường dẫn ${shown.slice(0, 80)}… có một phần tên dài hơn 255 byte, không ghi được lên đĩa.`;
  }
  if (segments.some((segment) => segment.endsWith(' ') || segment.endsWith('.'))) {
    return `Đường dẫn ${shown} có phần tên kết thúc bằng dấu cách hoặc dấu chấm, không được phép.`;
  }
  return null;
}

/** Whether zip external attributes mark the entry as a Unix symbolic link. */
export function isSymlinkAttributes(externalFileAttributes: number): boolean {
  const mode = (externalFileAttributes >>> 16) & 0o170000;
  return mode === 0o120000;
}
