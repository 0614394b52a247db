// Build-time precompression: writes <file>.br (brotli, quality 11) and <file>.gz (gzip -9) next
// to every compressible file of a build's client/ folder, each only when it is smaller than the
// file, so that neither Caddy (`file_server { precompressed br gzip }`) nor Node
// (scripts/static-files.mjs) compresses on request. Run after the search index is written:
// `npm run build` (scripts/build.mjs) and a publication (src/lib/server/publishing/runner.ts)
// both run `node scripts/precompress.mjs <client dir>`; a child process, so the live server's
// thread never spends the seconds brotli takes.
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

/**
 * Text-like files worth compressing. Images, video and Pagefind's index files (.pf_*, .pagefind:
 * gzip inside already) are left alone: compressing them again only costs time.
 */
export const COMPRESSIBLE = /\.(html|css|js|mjs|json|svg|txt|xml|webmanifest|wasm|map|vtt)$/i;
/** Below this a compressed copy saves less than its own headers cost. */
const MIN_BYTES = 256;
/** Files compressed at once: the work runs on libuv's thread pool (4 threads). */
const PARALLEL = 4;

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

/** Every compressible file under `dir` (absolute paths). */
function compressibleFiles(dir) {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && COMPRESSIBLE.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** Writes `variant` when it is smaller than the original, and removes a stale one otherwise. */
function keepIfSmaller(path, original, variant) {
  if (variant.length < original.length) {
    writeFileSync(path, variant);
    return original.length - variant.length;
  }
  rmSync(path, { force: true });
  return 0;
}

/**
 * Precompresses the client folder `dir`; resolves what it did: files seen, variants written,
 * bytes of the originals and bytes saved by each encoding, and the time it took.
 */
export async function precompress(dir) {
  const started = performance.now();
  const files = compressibleFiles(dir);
  const totals = { files: files.length, bytes: 0, br: 0, gz: 0, brSaved: 0, gzSaved: 0, ms: 0 };
  let next = 0;
  async function worker() {
    while (next < files.length) {
      const file = files[next++];
      const original = readFileSync(file);
      totals.bytes += original.length;
      if (original.length < MIN_BYTES) {
        rmSync(`${file}.br`, { force: true });
        rmSync(`${file}.gz`, { force: true });
        continue;
      }
      const [br, gzipped] = await Promise.all([
        brotli(original, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
            [constants.BROTLI_PARAM_SIZE_HINT]: original.length,
            [constants.BROTLI_PARAM_MODE]: /\.wasm$/i.test(file)
              ? constants.BROTLI_MODE_GENERIC
              : constants.BROTLI_MODE_TEXT,
          },
        }),
        gz(original, { level: constants.Z_BEST_COMPRESSION }),
      ]);
      const brSaved = keepIfSmaller(`${file}.br`, original, br);
      const gzSaved = keepIfSmaller(`${file}.gz`, original, gzipped);
      if (brSaved > 0) totals.br++;
      if (gzSaved > 0) totals.gz++;
      totals.brSaved += brSaved;
      totals.gzSaved += gzSaved;
    }
  }
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  totals.ms = Math.round(performance.now() - started);
  return totals;
}

/** One line for the build log. */
export function summary(totals) {
  const kb = (bytes) => `${(bytes / 1024).toFixed(0)} KB`;
  const share = (saved) => (totals.bytes > 0 ? Math.round((100 * saved) / totals.bytes) : 0);
  return (
    `Nén sẵn: ${totals.files} tệp (${kb(totals.bytes)}), ${totals.br} bản .br (bớt ${kb(totals.brSaved)}, ` +
    `${share(totals.brSaved)}%), ${totals.gz} bản .gz (bớt ${kb(totals.gzSaved)}, ${share(totals.gzSaved)}%) ` +
    `trong ${(totals.ms / 1000).toFixed(1)} giây.`
  );
}

if (import.meta.main) {
  const dir = process.argv[2] ?? 'dist/client';
  console.log(summary(await precompress(dir)));
}
