import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildUnitTree,
  flattenSubtree,
  isWithin,
  outermostPaths,
  parentPath,
  rollUpCounts,
  type TreeUnit,
} from '../../src/lib/org/unit-tree.ts';

/** A small tree: province p → communes a, b; a → office a1 → team a11. */
function unit(id: string, path: string, name = id): TreeUnit {
  return { id, name, path, level: 'office', kind: 'co-quan', code: id.toUpperCase() };
}
const UNITS = [
  unit('p', '/p/', 'Tỉnh P'),
  unit('b', '/p/b/', 'Xã Bình'),
  unit('a', '/p/a/', 'Xã An'),
  unit('a1', '/p/a/a1/', 'Phòng 1'),
  unit('a11', '/p/a/a1/a11/', 'Tổ 1'),
  unit('q', '/q/', 'Tỉnh Q'),
];

describe('isWithin', () => {
  test('counts a unit as inside its own subtree', () => {
    assert.equal(isWithin('/p/a/', '/p/a/'), true);
  });

  test('does not mistake a sibling whose id starts the same for a descendant', () => {
    assert.equal(isWithin('/p/ab/', '/p/a/'), false);
  });
});

describe('outermostPaths', () => {
  test('drops a scope nested in another one', () => {
    assert.deepEqual(outermostPaths(['/p/a/', '/p/', '/q/']), ['/p/', '/q/']);
  });
});

describe('parentPath', () => {
  test('gives the root for a province', () => {
    assert.equal(parentPath('/p/'), '/');
    assert.equal(parentPath('/p/a/a1/'), '/p/a/');
  });
});

describe('rollUpCounts', () => {
  test('adds every unit’s officials to all its ancestors', () => {
    const own = new Map([
      ['a', { officials: 2, flagged: 0 }],
      ['a11', { officials: 3, flagged: 1 }],
      ['b', { officials: 4, flagged: 2 }],
    ]);

    const totals = rollUpCounts(UNITS, own);

    assert.deepEqual(totals.get('p'), { officials: 9, flagged: 3 });
    assert.deepEqual(totals.get('a'), { officials: 5, flagged: 1 });
    assert.deepEqual(totals.get('a1'), { officials: 3, flagged: 1 });
    assert.deepEqual(totals.get('q'), { officials: 0, flagged: 0 });
  });
});

describe('buildUnitTree', () => {
  test('nests units under a scope root with siblings in Vietnamese name order', () => {
    const [root] = buildUnitTree(UNITS, ['/p/'], new Map());

    assert.equal(root.unit.id, 'p');
    assert.deepEqual(
      root.children.map((child) => child.unit.id),
      ['a', 'b'],
    );
    assert.equal(root.children[0].children[0].children[0].unit.id, 'a11');
  });

  test('cuts the tree at the depth asked for', () => {
    const [root] = buildUnitTree(UNITS, ['/p/'], new Map(), 1);

    assert.deepEqual(
      root.children.map((child) => child.children.length),
      [0, 0],
    );
  });

  test('takes every province as a root for the whole-tree scope', () => {
    const roots = buildUnitTree(UNITS, ['/'], new Map(), 0);

    assert.deepEqual(
      roots.map((node) => node.unit.id),
      ['p', 'q'],
    );
  });

  test('shows nothing outside the scope roots', () => {
    const roots = buildUnitTree(UNITS, ['/p/a/'], new Map());

    assert.deepEqual(
      roots.map((node) => node.unit.id),
      ['a'],
    );
    assert.equal(JSON.stringify(roots).includes('"b"'), false);
  });
});

describe('flattenSubtree', () => {
  test('lists a subtree parent first with each unit’s depth', () => {
    const flat = flattenSubtree(UNITS, '/p/a/');

    assert.deepEqual(
      flat.map((entry) => [entry.unit.id, entry.depth]),
      [
        ['a', 0],
        ['a1', 1],
        ['a11', 2],
      ],
    );
  });
});
