/** Reading one file out of a real H5P package, for tests that need genuine media bytes. */
import { closeZip, inflateEntry, openZip } from '../../src/lib/server/h5p/read-zip.ts';

/** The bytes of `path` inside the package at `packagePath`; throws when it is not there. */
export async function fileFromPackage(packagePath: string, path: string): Promise<Buffer> {
  const zip = await openZip(packagePath);
  if (!zip) throw new Error(`${packagePath} is not a zip`);
  try {
    for await (const entry of zip.eachEntry() as AsyncIterable<import('yauzl').Entry>) {
      if (entry.fileName === path) return (await inflateEntry(zip, entry, { totalLeft: 1e9, maxFileBytes: 1e9 }, { collect: true })).data!;
    }
  } finally {
    closeZip(zip);
  }
  throw new Error(`${path} not in ${packagePath}`);
}
