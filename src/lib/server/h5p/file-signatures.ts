/**
 * A package file must be what its extension says: an image, a sound, a video or a font is
 * recognised by its first bytes (its "magic number"), so a script, an executable or a test virus
 * cannot hide behind ".jpg". Recognition is file-type's (pinned in package.json): a maintained
 * table of signatures, including the harder cases (MP3 after an ID3 tag, the brands of MP4/M4A, Ogg
 * and WebM containers, the EOT header), rather than a table of our own. SVG is text, so it is
 * checked here as XML; it is served only sandboxed either way (src/lib/h5p/package-rules.ts).
 */
import { fileTypeFromBuffer } from 'file-type';
import { extensionOf } from '../../h5p/package-rules.ts';

/**
 * How many leading bytes of a file are read to recognise it. The formats below are recognised
 * from their first few kilobytes; an MP3 whose ID3 tag is longer than this is taken for MP3 by
 * the tag itself, as file-type does for a short read.
 */
export const SIGNATURE_BYTES = 64 * 1024;

/** What a file of this extension must be: its Vietnamese name and the file-type results accepted. */
interface ExpectedContent {
  label: string;
  accepts: ReadonlySet<string>;
}

const expect = (label: string, accepts: string[]): ExpectedContent => ({ label, accepts: new Set(accepts) });

/** MP4 and its audio/video variants are one container (ISO BMFF); file-type names them by brand. */
const ISO_MEDIA = ['mp4', 'm4v', 'm4a', 'm4b'];
/** Ogg is one container for Vorbis, Opus, Speex, FLAC and Theora; file-type names them by codec. */
const OGG = ['ogg', 'oga', 'ogv', 'ogm', 'opus', 'spx', 'ogx'];
/** TrueType and OpenType are one font format (sfnt); files of either are named .ttf or .otf. */
const SFNT = ['ttf', 'otf'];

/**
 * The extensions whose content is checked, with what it must be. (webp and ogv are not in the
 * package allow-list today, like H5P core's own; they are here so that adding them needs no more.)
 */
export const EXPECTED_CONTENT: Readonly<Record<string, ExpectedContent>> = {
  png: expect('ảnh PNG', ['png', 'apng']),
  jpg: expect('ảnh JPEG', ['jpg']),
  jpeg: expect('ảnh JPEG', ['jpg']),
  gif: expect('ảnh GIF', ['gif']),
  webp: expect('ảnh WebP', ['webp']),
  bmp: expect('ảnh BMP', ['bmp']),
  mp3: expect('âm thanh MP3', ['mp3', 'mp2', 'mp1']),
  m4a: expect('âm thanh M4A', ISO_MEDIA),
  ogg: expect('âm thanh Ogg', OGG),
  wav: expect('âm thanh WAV', ['wav']),
  webm: expect('video WebM', ['webm']),
  mp4: expect('video MP4', ISO_MEDIA),
  m4v: expect('video M4V', ISO_MEDIA),
  ogv: expect('video Ogg', OGG),
  woff: expect('phông chữ WOFF', ['woff']),
  woff2: expect('phông chữ WOFF2', ['woff2']),
  ttf: expect('phông chữ TrueType', SFNT),
  otf: expect('phông chữ OpenType', SFNT),
  eot: expect('phông chữ EOT', ['eot']),
};

/** True when the file's first bytes must be read to check it. */
export function needsContentCheck(path: string): boolean {
  const extension = extensionOf(path);
  return extension === 'svg' || Object.hasOwn(EXPECTED_CONTENT, extension);
}

/**
 * Why the file's content does not match its extension, in Vietnamese and naming the file, or null
 * when it matches (or its type is not checked). `head` is the file's first bytes (at least
 * SIGNATURE_BYTES of them, or the whole file when shorter).
 */
export async function contentMismatch(path: string, head: Uint8Array): Promise<string | null> {
  const extension = extensionOf(path);
  const shown = JSON.stringify(path);
  if (extension === 'svg') {
    return isSvgText(head)
      ? null
      : `Tệp ${shown} có đuôi ".svg" nhưng nội dung không phải ảnh SVG (văn bản XML có thẻ <svg>). Hãy xuất lại gói với tệp ảnh đúng loại.`;
  }
  const expected = EXPECTED_CONTENT[extension];
  if (!expected) return null;
  const found = head.length > 0 ? await fileTypeFromBuffer(head) : undefined;
  if (found && expected.accepts.has(found.ext)) return null;
  const actually = found
    ? ` (nội dung thật là tệp .${found.ext}, ${found.mime})`
    : head.length === 0
      ? ' (tệp rỗng)'
      : ' (không nhận ra loại nội dung)';
  return `Tệp ${shown} có đuôi ".${extension}" nhưng nội dung không phải ${expected.label}${actually}. Gói H5P chỉ được chứa tệp đúng loại với phần mở rộng của nó.`;
}

/** An SVG: UTF-8 text without NUL, starting with markup, with an <svg> element. */
function isSvgText(head: Uint8Array): boolean {
  let text: string;
  try {
    // stream: a multi-byte character cut at the end of the head is not an error.
    text = new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
  } catch {
    return false;
  }
  if (text.includes('\u0000')) return false;
  if (
    !text
      .replace(/^\uFEFF/, '')
      .trimStart()
      .startsWith('<')
  )
    return false;
  return /<svg[\s>/]/i.test(text);
}
