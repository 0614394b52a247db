/**
 * Which link, image and media targets author text may use. An allowlist of what a target may
 * be, applied to the value the parser has already decoded (entities, escapes), after removing
 * what browsers ignore while reading a URL (ASCII tab and newline anywhere, C0 controls and
 * spaces at either end), so `java&#x0A;script:`, ` JaVaScRiPt:` and the like are read the way a
 * browser would read them.
 */

/** Schemes a link may use; everything else (javascript:, data:, vbscript:, file:, blob:…) is refused. */
export const LINK_SCHEMES = ['https:', 'http:', 'mailto:', 'tel:'] as const;

/** One path segment of a media file: starts with a letter or digit, so never "." or "..". */
const MEDIA_SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):/;
const SITE = 'https://site.invalid';

/** The URL as a browser reads it: tabs and newlines removed, controls and spaces trimmed. */
export function browserReadUrl(raw: string): string {
  return raw.replace(/[\t\n\r]/g, '').replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '');
}

/** True when a site path has a "." or ".." segment, raw or percent-encoded, or a backslash. */
function hasDotSegment(path: string): boolean {
  if (path.includes('\\')) return true;
  let decoded = path;
  for (let round = 0; round < 3; round += 1) {
    try {
      const next = decodeURIComponent(decoded);
      if (next === decoded) break;
      decoded = next;
    } catch {
      return true;
    }
  }
  return decoded.split(/[/\\]/).some((segment) => segment === '.' || segment === '..');
}

/** Why a site-relative path is refused, or undefined when it stays inside the site. */
function sitePathProblem(url: string): string | undefined {
  if (url.startsWith('//') || url.startsWith('/\\'))
    return 'địa chỉ bắt đầu bằng "//" hoặc "/\\" trỏ sang trang web khác';
  if (hasDotSegment(url.split(/[?#]/)[0])) return 'đường dẫn có đoạn "." hoặc ".." hay dấu "\\"';
  const resolved = new URL(url, SITE);
  if (resolved.origin !== SITE) return 'đường dẫn trỏ ra ngoài trang';
  return undefined;
}

/**
 * Why a link target is refused, or undefined when allowed: https/http/mailto/tel, a path on this
 * site starting with "/", or an anchor "#…" on the same page.
 */
export function linkTargetProblem(raw: string): string | undefined {
  const url = browserReadUrl(raw);
  if (url === '') return 'liên kết trống';
  if (url.startsWith('#')) return undefined;
  const scheme = SCHEME.exec(url)?.[1];
  if (scheme !== undefined) {
    const protocol = `${scheme.toLowerCase()}:`;
    if (!(LINK_SCHEMES as readonly string[]).includes(protocol)) return `giao thức "${protocol}" không được phép`;
    if ((protocol === 'https:' || protocol === 'http:') && !URL.canParse(url)) return 'địa chỉ web không hợp lệ';
    return undefined;
  }
  if (url.startsWith('/')) return sitePathProblem(url);
  return 'đường dẫn tương đối không rõ trỏ tới đâu';
}

/**
 * Why a media path is refused, or undefined: "/media/" then segments of letters, digits, ".", "_"
 * and "-" that never start with a dot, so it always names a file inside public/media/.
 */
export function mediaPathProblem(raw: string): string | undefined {
  if (raw !== browserReadUrl(raw)) return 'đường dẫn có khoảng trắng hoặc ký tự điều khiển';
  if (!raw.startsWith('/media/')) return 'tệp phải nằm trong /media/';
  const segments = raw.slice('/media/'.length).split('/');
  if (!segments.every((segment) => MEDIA_SEGMENT.test(segment))) {
    return 'mỗi phần của đường dẫn chỉ gồm chữ không dấu, số, ".", "_", "-" và không bắt đầu bằng dấu chấm';
  }
  return undefined;
}

/** True when `raw` is an absolute http(s) URL, for fields such as a legal text's address. */
export function isWebUrl(raw: string): boolean {
  if (raw !== browserReadUrl(raw) || !URL.canParse(raw)) return false;
  const { protocol } = new URL(raw);
  return protocol === 'https:' || protocol === 'http:';
}
