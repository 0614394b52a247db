/**
 * The paging of a long administrator table (with Pagination.astro): which page the address asks
 * for, and reading it so that a page past the end (the list shrank meanwhile) shows the last one.
 */

/** The page asked for in `?trang=`: 1 when missing or not a positive number. */
export function requestedPageOf(params: URLSearchParams): number {
  return Math.max(1, Math.floor(Number(params.get('trang')) || 1));
}

/** Reads the requested page, or the last page when the request is past the end (a second read only then). */
export async function readPage<T extends { total: number }>(
  requestedPage: number,
  pageSize: number,
  read: (offset: number, limit: number) => Promise<T>,
): Promise<{ page: number; lastPage: number; result: T }> {
  const firstTry = await read((requestedPage - 1) * pageSize, pageSize);
  const lastPage = Math.max(1, Math.ceil(firstTry.total / pageSize));
  const page = Math.min(requestedPage, lastPage);
  const result = page === requestedPage ? firstTry : await read((page - 1) * pageSize, pageSize);
  return { page, lastPage, result };
}
