/**
 * Schemas for the two manifests inside an `.h5p` package: `h5p.json` (the content) and each
 * library's `library.json`. They follow H5P's own JSON schemas for the fields we rely on and let
 * through the extra fields H5P allows (authors, changes, metadataSettings, …), because editors add
 * new ones over time and refusing them would refuse real packages.
 */
import { z } from 'astro/zod';

/** H5P machine names: letters, digits, "_", "-" and "." (e.g. "H5P.MultiChoice", "FontAwesome"). */
const MACHINE_NAME = /^[\w.-]{1,255}$/;

/** A version number; H5P's editor writes them as numbers or as digit strings ("1"). */
function versionNumber(field: string) {
  const message = `${field} phải là một số nguyên không âm, ví dụ 1.`;
  return z.union(
    [
      z.number().int().nonnegative(),
      z
        .string()
        .regex(/^\d{1,9}$/)
        .transform(Number),
    ],
    {
      error: message,
    },
  );
}

function machineName(field: string) {
  return z.string({ error: `Thiếu ${field} (tên máy của thư viện, ví dụ "H5P.MultiChoice").` }).regex(MACHINE_NAME, {
    error: `${field} chỉ được gồm chữ cái không dấu, chữ số và các dấu "_", "-", "." (tối đa 255 ký tự).`,
  });
}

/** A reference to a library by name and major.minor version. */
export const H5pDependencySchema = z.looseObject({
  /** Library name, e.g. "H5P.Question". */
  machineName: machineName('machineName'),
  /** Major version, e.g. 1. */
  majorVersion: versionNumber('majorVersion'),
  /** Minor version, e.g. 5. */
  minorVersion: versionNumber('minorVersion'),
});
export type H5pDependency = z.infer<typeof H5pDependencySchema>;

const dependencyList = (field: string) =>
  z.array(H5pDependencySchema, { error: `${field} phải là một danh sách thư viện.` });

/** `h5p.json`: what the content is and which libraries it needs. */
export const H5pManifestSchema = z.looseObject({
  /** Title of the content as the author named it. */
  title: z
    .string({ error: 'Thiếu tên nội dung (title) trong h5p.json.' })
    .trim()
    .min(1, { error: 'Tên nội dung (title) trong h5p.json không được để trống.' }),
  /** The library that runs the content, e.g. "H5P.MultiChoice". */
  mainLibrary: machineName('mainLibrary'),
  /** Language code of the content ("vi", "en", or "und" when unspecified). */
  language: z
    .string({ error: 'Thiếu mã ngôn ngữ (language) trong h5p.json, ví dụ "vi" hoặc "und".' })
    .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$|^und$/, {
      error: 'Mã ngôn ngữ (language) trong h5p.json không hợp lệ; dùng mã như "vi", "en" hoặc "und".',
    }),
  /** Libraries loaded before the content starts; the main library is one of them. */
  preloadedDependencies: dependencyList('preloadedDependencies').min(1, {
    error: 'h5p.json phải liệt kê ít nhất một thư viện trong preloadedDependencies.',
  }),
  /** How the content may be embedded: "div", "iframe" or both. */
  embedTypes: z
    .array(z.enum(['div', 'iframe'], { error: 'embedTypes chỉ nhận "div" hoặc "iframe".' }), {
      error: 'embedTypes phải là danh sách, ví dụ ["iframe"].',
    })
    .min(1, { error: 'embedTypes phải có ít nhất một cách nhúng ("div" hoặc "iframe").' }),
  /** Library versions needed only at run time on demand. */
  dynamicDependencies: dependencyList('dynamicDependencies').optional(),
  /** Licence code, e.g. "U" (undisclosed), "CC BY". */
  license: z.string({ error: 'license trong h5p.json phải là chữ.' }).optional(),
  /** Language of the original content, when translated. */
  defaultLanguage: z.string({ error: 'defaultLanguage trong h5p.json phải là chữ.' }).optional(),
});
export type H5pManifest = z.infer<typeof H5pManifestSchema>;

/** One file a library loads, relative to the library's folder. */
export const H5pLibraryFileSchema = z.looseObject({
  /** Path inside the library folder, e.g. "js/blanks.js". */
  path: z
    .string({ error: 'Mỗi tệp trong preloadedJs/preloadedCss cần có đường dẫn (path).' })
    .min(1, { error: 'Đường dẫn (path) của tệp thư viện không được để trống.' }),
});

/** `library.json`: one library in its folder "<machineName>-<major>.<minor>". */
export const H5pLibrarySchema = z.looseObject({
  /** Human-readable name, e.g. "Fill in the Blanks". */
  title: z
    .string({ error: 'Thiếu tên thư viện (title) trong library.json.' })
    .min(1, { error: 'Tên thư viện (title) trong library.json không được để trống.' }),
  /** Library name; with the major and minor version it must equal the folder name. */
  machineName: machineName('machineName'),
  /** Major version. */
  majorVersion: versionNumber('majorVersion'),
  /** Minor version. */
  minorVersion: versionNumber('minorVersion'),
  /** Patch version. */
  patchVersion: versionNumber('patchVersion'),
  /** Whether the library can be the main library of content (1) or only a helper (0). */
  runnable: z
    .union([z.literal(0), z.literal(1), z.boolean()], { error: 'runnable trong library.json phải là 0 hoặc 1.' })
    .optional(),
  /** Scripts loaded with the library. */
  preloadedJs: z.array(H5pLibraryFileSchema, { error: 'preloadedJs phải là danh sách tệp.' }).optional(),
  /** Style sheets loaded with the library. */
  preloadedCss: z.array(H5pLibraryFileSchema, { error: 'preloadedCss phải là danh sách tệp.' }).optional(),
  /** Libraries this one needs at run time. */
  preloadedDependencies: dependencyList('preloadedDependencies').optional(),
  /** Libraries loaded on demand. */
  dynamicDependencies: dependencyList('dynamicDependencies').optional(),
  /** Libraries needed only by the editor (not required for playing). */
  editorDependencies: dependencyList('editorDependencies').optional(),
  /** Embed types the library supports. */
  embedTypes: z.array(z.enum(['div', 'iframe'], { error: 'embedTypes chỉ nhận "div" hoặc "iframe".' })).optional(),
  /** Minimum H5P core API the library needs. */
  coreApi: z
    .looseObject({
      majorVersion: versionNumber('coreApi.majorVersion'),
      minorVersion: versionNumber('coreApi.minorVersion'),
    })
    .optional(),
});
export type H5pLibrary = z.infer<typeof H5pLibrarySchema>;

/** The folder name H5P requires for a library: "<machineName>-<major>.<minor>". */
export function libraryFolderName(library: {
  machineName: string;
  majorVersion: number;
  minorVersion: number;
}): string {
  return `${library.machineName}-${library.majorVersion}.${library.minorVersion}`;
}
