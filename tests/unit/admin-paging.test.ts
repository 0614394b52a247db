import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readPage, requestedPageOf } from '../../src/components/admin/paging.ts';

/** A list of `total` items read page by page, remembering each read's offset. */
function listOf(total: number) {
  const offsets: number[] = [];
  const read = async (offset: number, limit: number) => {
    offsets.push(offset);
    return {
      rows: Array.from({ length: Math.max(0, Math.min(limit, total - offset)) }, (_, index) => offset + index),
      total,
    };
  };
  return { offsets, read };
}

describe('requestedPageOf', () => {
  test('reads ?trang= and falls back to page 1 for anything not a positive number', () => {
    const pages = ['?trang=3', '', '?trang=0', '?trang=-2', '?trang=abc', '?trang=2.7'].map((query) =>
      requestedPageOf(new URLSearchParams(query)),
    );

    assert.deepEqual(pages, [3, 1, 1, 1, 1, 2]);
  });
});

describe('readPage', () => {
  test('reads the requested page once when it exists', async () => {
    const list = listOf(120);

    const { page, lastPage, result } = await readPage(2, 50, list.read);

    assert.deepEqual([page, lastPage, result.rows[0], list.offsets], [2, 3, 50, [50]]);
  });

  test('shows the last page when the request is past the end', async () => {
    const list = listOf(120);

    const { page, result } = await readPage(9, 50, list.read);

    assert.deepEqual([page, result.rows[0], list.offsets], [3, 100, [400, 100]]);
  });

  test('counts an empty list as one page', async () => {
    const { page, lastPage } = await readPage(1, 50, listOf(0).read);

    assert.deepEqual([page, lastPage], [1, 1]);
  });
});
