/**
 * Validation of an uploaded `.h5p` package before anything is written: a real zip within the
 * limits, safe paths, allowed file types, images, sounds, videos and fonts whose content is what
 * their extension says, valid h5p.json, content/content.json and library.json files, library
 * folders named after their declaration, no library needing a newer H5P core than our player's,
 * and every declared file present. Problems are Vietnamese sentences for the instructor, each
 * saying what is wrong and where.
 */
import type { Entry, ZipFile } from 'yauzl';
import type { z } from 'astro/zod';
import {
  H5pLibrarySchema,
  H5pManifestSchema,
  libraryFolderName,
  type H5pDependency,
  type H5pLibrary,
  type H5pManifest,
} from '../../../schemas/h5p.ts';
import {
  ALLOWED_EXTENSIONS,
  DEFAULT_H5P_LIMITS,
  extensionOf,
  isSymlinkAttributes,
  unsafePathReason,
  type H5pLimits,
} from '../../h5p/package-rules.ts';
import { describeBytes } from '../../format.ts';
import { ByteLimitError, closeZip, inflateEntry, openZip, type ZipSource } from '../uploads/read-zip.ts';
import { coreApiProblem } from '../../h5p/core-api.ts';
import { contentMismatch, needsContentCheck, SIGNATURE_BYTES } from './file-signatures.ts';

/** A library found in the package, with the folder it lives in. */
export interface H5pPackageLibrary {
  /** Folder name, "<machineName>-<major>.<minor>". */
  folder: string;
  /** The parsed library.json. */
  library: H5pLibrary;
}

/** One file of the package and its inflated size in bytes. */
export interface H5pPackageFile {
  path: string;
  size: number;
}

/** A package given as a path on disk or as the uploaded bytes. */
export type H5pSource = ZipSource;

export type H5pValidation =
  | {
      ok: true;
      manifest: H5pManifest;
      libraries: H5pPackageLibrary[];
      files: H5pPackageFile[];
      /** SVG files: allowed, but to be served only from the sandbox origin (see src/lib/h5p/package-rules.ts). */
      svgFiles: string[];
    }
  | { ok: false; problems: string[] };

export const NOT_A_ZIP_MESSAGE =
  'Tệp tải lên không phải tệp .h5p hợp lệ: không đọc được như một tệp nén zip. Hãy xuất lại gói từ trình soạn H5P rồi tải lên.';

const MAX_PROBLEMS = 50;
const YAUZL_PATH_ERROR = /^(?:invalid relative path|absolute path|invalid characters in fileName): ([\s\S]*)$/;

/** Validates an `.h5p` package (path or bytes) without writing anything. */
export async function validateH5pPackage(source: H5pSource, limits: Partial<H5pLimits> = {}): Promise<H5pValidation> {
  const limit: H5pLimits = { ...DEFAULT_H5P_LIMITS, ...limits };
  const zip = await openZip(source);
  if (!zip) return { ok: false, problems: [NOT_A_ZIP_MESSAGE] };
  try {
    return await validateOpenZip(zip, limit);
  } finally {
    closeZip(zip);
  }
}

async function validateOpenZip(zip: ZipFile, limit: H5pLimits): Promise<H5pValidation> {
  const problems: string[] = [];
  const report = (problem: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push(problem);
  };

  if (zip.entryCount > limit.maxEntries) {
    return {
      ok: false,
      problems: [
        `Gói có ${zip.entryCount.toLocaleString('vi-VN')} mục, vượt giới hạn ${limit.maxEntries.toLocaleString('vi-VN')} mục (số tệp quá nhiều).`,
      ],
    };
  }

  const files: H5pPackageFile[] = [];
  const seen = new Set<string>();
  const jsonFiles = new Map<string, Buffer>();
  const budget = { totalLeft: limit.maxTotalBytes, maxFileBytes: limit.maxFileBytes };

  try {
    for await (const entry of zip.eachEntry() as AsyncIterable<Entry>) {
      const stop = await checkEntry(zip, entry, { limit, budget, seen, files, jsonFiles, report });
      if (stop) return { ok: false, problems };
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const unsafe = YAUZL_PATH_ERROR.exec(message);
    report(
      unsafe
        ? (unsafePathReason(unsafe[1]) ?? `Đường dẫn ${JSON.stringify(unsafe[1])} không an toàn.`)
        : `Gói bị hỏng: ${describeZipError(error)}.`,
    );
    return { ok: false, problems };
  }
  checkFileFolderClashes(files, report);
  if (problems.length > 0) return { ok: false, problems };

  const manifest = checkManifest(jsonFiles, report);
  checkContent(jsonFiles, report);
  const { libraries, folders } = checkLibraries(files, jsonFiles, report);
  // A folder already reported as broken is not reported again as a missing dependency.
  if (manifest) checkDependencies(manifest, libraries, folders, report);

  if (problems.length > 0 || !manifest) return { ok: false, problems };
  const svgFiles = files.filter((file) => extensionOf(file.path) === 'svg').map((file) => file.path);
  return { ok: true, manifest, libraries, files, svgFiles };
}

interface EntryContext {
  limit: H5pLimits;
  budget: { totalLeft: number; maxFileBytes: number };
  seen: Set<string>;
  files: H5pPackageFile[];
  jsonFiles: Map<string, Buffer>;
  report: (problem: string) => void;
}

/** Checks and inflates one entry; returns true when reading must stop (a byte limit was hit). */
async function checkEntry(zip: ZipFile, entry: Entry, context: EntryContext): Promise<boolean> {
  const { limit, budget, seen, files, jsonFiles, report } = context;
  const path = entry.fileName;
  const shown = JSON.stringify(path);

  const unsafe = unsafePathReason(path);
  if (unsafe) {
    report(unsafe);
    return false;
  }
  if (isSymlinkAttributes(entry.externalFileAttributes)) {
    report(`Mục ${shown} là liên kết tượng trưng (symlink); gói H5P không được chứa liên kết.`);
    return false;
  }
  // Compared without case and without a folder's trailing "/", so two entries can never land on
  // the same place on disk (a case-insensitive file system, or a file and a folder of one name).
  const key = (path.endsWith('/') ? path.slice(0, -1) : path).toLowerCase();
  if (seen.has(key)) {
    report(`Tệp ${shown} xuất hiện hai lần trong gói (kể cả khi chỉ khác chữ hoa/chữ thường).`);
    return false;
  }
  seen.add(key);
  if (path.endsWith('/')) return false;

  const extension = extensionOf(path);
  if (!ALLOWED_EXTENSIONS.has(extension)) {
    report(
      extension
        ? `Tệp ${shown} có loại ".${extension}" không được phép trong gói H5P.`
        : `Tệp ${shown} không có phần mở rộng nên không xác định được loại tệp; gói H5P không được chứa tệp như vậy.`,
    );
    return false;
  }
  if (entry.isEncrypted()) {
    report(`Tệp ${shown} bị mã hoá bằng mật khẩu; hãy xuất lại gói không đặt mật khẩu.`);
    return false;
  }
  if (!entry.canDecodeFileData()) {
    report(`Tệp ${shown} dùng cách nén không được hỗ trợ (chỉ nhận "store" và "deflate").`);
    return false;
  }
  if (entry.uncompressedSize > limit.maxFileBytes) {
    report(
      `Tệp ${shown} khai báo ${describeBytes(entry.uncompressedSize)}, vượt giới hạn ${describeBytes(limit.maxFileBytes)} cho một tệp.`,
    );
    return false;
  }

  const wanted = path === 'h5p.json' || path === 'content/content.json' || /^[^/]+\/library\.json$/.test(path);
  const sniffed = needsContentCheck(path);
  try {
    const { size, data } = await inflateEntry(zip, entry, budget, {
      collect: wanted,
      head: sniffed ? SIGNATURE_BYTES : 0,
    });
    files.push({ path, size });
    if (data && wanted) jsonFiles.set(path, data);
    if (data && sniffed) {
      // An image, a sound, a video or a font must be what its extension says (file-signatures.ts).
      const mismatch = await contentMismatch(path, data);
      if (mismatch) report(mismatch);
    }
    return false;
  } catch (error) {
    if (error instanceof ByteLimitError) {
      report(
        error.scope === 'file'
          ? `Tệp ${shown} khi giải nén vượt giới hạn ${describeBytes(limit.maxFileBytes)} cho một tệp (có thể là "bom nén").`
          : `Gói khi giải nén vượt giới hạn tổng ${describeBytes(limit.maxTotalBytes)} (dừng ở tệp ${shown}; có thể là "bom nén").`,
      );
    } else {
      report(`Tệp ${shown}: ${describeZipError(error)}.`);
    }
    return true;
  }
}

/** A file whose path is also a folder of another file cannot be written: "a.txt" and "a.txt/b.js". */
function checkFileFolderClashes(files: H5pPackageFile[], report: (problem: string) => void): void {
  const filePaths = new Set(files.map((file) => file.path.toLowerCase()));
  for (const { path } of files) {
    const segments = path.split('/');
    for (let depth = 1; depth < segments.length; depth++) {
      const folder = segments.slice(0, depth).join('/');
      if (filePaths.has(folder.toLowerCase())) {
        report(`Tệp "${path}" nằm trong "${folder}", nhưng "${folder}" đã là một tệp trong gói.`);
        break;
      }
    }
  }
}

/** Parses JSON bytes (tolerating a UTF-8 BOM); undefined when they are not JSON. */
function parseJson(data: Buffer): unknown {
  try {
    return JSON.parse(data.toString('utf8').replace(/^\uFEFF/, ''));
  } catch {
    return undefined;
  }
}

function schemaProblems(file: string, error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const where = issue.path.length > 0 ? ` (trường ${issue.path.map(String).join('.')})` : '';
    return `Tệp "${file}"${where}: ${issue.message}`;
  });
}

function checkManifest(jsonFiles: Map<string, Buffer>, report: (problem: string) => void): H5pManifest | undefined {
  const data = jsonFiles.get('h5p.json');
  if (!data) {
    report('Gói thiếu tệp "h5p.json" ở thư mục gốc, nên không phải gói H5P.');
    return undefined;
  }
  const json = parseJson(data);
  if (json === undefined) {
    report('Tệp "h5p.json" không phải JSON hợp lệ (sai cú pháp), nên không đọc được thông tin gói.');
    return undefined;
  }
  const parsed = H5pManifestSchema.safeParse(json);
  if (!parsed.success) {
    schemaProblems('h5p.json', parsed.error).forEach(report);
    return undefined;
  }
  return parsed.data;
}

function checkContent(jsonFiles: Map<string, Buffer>, report: (problem: string) => void): void {
  const data = jsonFiles.get('content/content.json');
  if (!data) {
    report('Gói thiếu tệp "content/content.json" (nội dung của bài H5P).');
    return;
  }
  const json = parseJson(data);
  if (json === undefined || json === null || typeof json !== 'object' || Array.isArray(json)) {
    report('Tệp "content/content.json" không phải JSON hợp lệ (cần một đối tượng JSON).');
  }
}

/** Every top-level folder other than "content" is a library folder with a matching library.json. */
function checkLibraries(
  files: H5pPackageFile[],
  jsonFiles: Map<string, Buffer>,
  report: (problem: string) => void,
): { libraries: H5pPackageLibrary[]; folders: Set<string> } {
  const paths = new Set(files.map((file) => file.path));
  const folders = new Set<string>();
  for (const { path } of files) {
    const slash = path.indexOf('/');
    if (slash === -1) {
      if (path !== 'h5p.json')
        report(
          `Tệp "${path}" nằm ở thư mục gốc của gói; ở đó chỉ được có "h5p.json", thư mục "content" và các thư mục thư viện.`,
        );
      continue;
    }
    const folder = path.slice(0, slash);
    if (folder !== 'content') folders.add(folder);
  }

  const libraries: H5pPackageLibrary[] = [];
  for (const folder of [...folders].sort()) {
    const file = `${folder}/library.json`;
    const data = jsonFiles.get(file);
    if (!data) {
      report(`Thư mục thư viện "${folder}" thiếu tệp "library.json".`);
      continue;
    }
    const json = parseJson(data);
    if (json === undefined) {
      report(`Tệp "${file}" không phải JSON hợp lệ (sai cú pháp).`);
      continue;
    }
    const parsed = H5pLibrarySchema.safeParse(json);
    if (!parsed.success) {
      schemaProblems(file, parsed.error).forEach(report);
      continue;
    }
    const library = parsed.data;
    const expected = libraryFolderName(library);
    if (expected !== folder) {
      report(
        `Thư mục thư viện "${folder}" không khớp với khai báo trong "${file}" (machineName "${library.machineName}", phiên bản ${library.majorVersion}.${library.minorVersion}); tên thư mục phải là "${expected}".`,
      );
      continue;
    }
    const tooNew = coreApiProblem(folder, library);
    if (tooNew) report(tooNew);
    for (const [field, list] of [
      ['preloadedJs', library.preloadedJs],
      ['preloadedCss', library.preloadedCss],
    ] as const) {
      for (const { path } of list ?? []) {
        const unsafe = unsafePathReason(path);
        const target = `${folder}/${path}`;
        if (unsafe || path.endsWith('/'))
          report(`Tệp "${file}" (${field}): ${unsafe ?? `"${path}" là thư mục, không phải tệp.`}`);
        else if (!paths.has(target))
          report(`Thư viện "${folder}" khai báo tệp "${path}" trong ${field} nhưng gói không có tệp "${target}".`);
      }
    }
    libraries.push({ folder, library });
  }
  return { libraries, folders };
}

/** h5p.json's main library and dependencies, and each library's preloaded dependencies, are in the package. */
function checkDependencies(
  manifest: H5pManifest,
  libraries: H5pPackageLibrary[],
  present: Set<string>,
  report: (problem: string) => void,
): void {
  const missing = (dependency: H5pDependency) => !present.has(libraryFolderName(dependency));

  if (!manifest.preloadedDependencies.some((dependency) => dependency.machineName === manifest.mainLibrary)) {
    report(
      `Tệp "h5p.json": thư viện chính (mainLibrary) "${manifest.mainLibrary}" không có trong preloadedDependencies.`,
    );
  }
  for (const dependency of manifest.preloadedDependencies) {
    if (missing(dependency)) {
      report(`Tệp "h5p.json" cần thư viện "${libraryFolderName(dependency)}" nhưng gói không có thư mục thư viện đó.`);
    }
  }
  for (const { folder, library } of libraries) {
    for (const dependency of library.preloadedDependencies ?? []) {
      if (missing(dependency)) {
        report(
          `Thư viện "${folder}" cần thư viện "${libraryFolderName(dependency)}" nhưng gói không có thư mục thư viện đó.`,
        );
      }
    }
  }
}

/** Turns a yauzl error about one entry into a short Vietnamese reason. */
export function describeZipError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/too many bytes|not enough bytes/.test(message)) {
    return 'kích thước khai báo trong tệp zip không khớp với dữ liệu thật (gói có thể đã bị sửa để vượt giới hạn)';
  }
  if (/invalid relative path|absolute path|invalid characters in fileName/.test(message)) {
    return 'đường dẫn không an toàn';
  }
  if (/encrypted/i.test(message)) return 'tệp bị mã hoá bằng mật khẩu';
  if (/unsupported compression|compression method/i.test(message)) return 'cách nén không được hỗ trợ';
  return 'dữ liệu nén bị hỏng';
}
