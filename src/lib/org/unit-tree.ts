/**
 * The organisation tree in memory: nesting units by their materialized paths and adding up
 * officials per subtree. Pure (no database), so the rules are tested directly.
 */

/** What the tree needs to know of a unit. */
export interface TreeUnit {
  id: string;
  name: string;
  path: string;
  level: string;
  kind: string;
  code: string;
}

/** Officials counted in a unit's whole subtree. */
export interface OfficialCounts {
  officials: number;
  /** Officials flagged "chưa đáp ứng yêu cầu chuyên môn của vị trí việc làm". */
  flagged: number;
}

/** A unit with its counts and its children, for display. */
export interface UnitNode<T extends TreeUnit = TreeUnit> {
  unit: T;
  counts: OfficialCounts;
  children: UnitNode<T>[];
}

/** The ids along a path, root first: "/a/b/c/" → ["a", "b", "c"]. */
export function idsOfPath(path: string): string[] {
  return path.split('/').filter(Boolean);
}

/** The path of a unit's parent: "/a/b/" → "/a/"; a root's parent is "/". */
export function parentPath(path: string): string {
  const ids = idsOfPath(path);
  return ids.length <= 1 ? '/' : `/${ids.slice(0, -1).join('/')}/`;
}

/** How deep a unit sits: a province (one id in its path) is 1. */
export function depthOfPath(path: string): number {
  return idsOfPath(path).length;
}

/**
 * True when `path` lies in the subtree rooted at `rootPath` (the root itself included). Paths
 * are ids joined and closed by "/" ("/a/b/"), so a prefix is an ancestor: "/a/" never takes "/ab/".
 */
export function isWithin(path: string, rootPath: string): boolean {
  return path.startsWith(rootPath);
}

/**
 * The subtree of `rootPath` as a half-open range of paths, for an index range scan
 * (`path >= low AND path < high`): "/a/" up to "/a0", "0" being the character after "/".
 */
export function subtreePathRange(rootPath: string): { low: string; high: string } {
  return { low: rootPath, high: `${rootPath.slice(0, -1)}0` };
}

/** The scope paths without those nested in another one ("/a/" covers "/a/b/"). */
export function outermostPaths(paths: readonly string[]): string[] {
  const unique = [...new Set(paths)].sort((a, b) => a.length - b.length);
  const kept: string[] = [];
  for (const path of unique) if (!kept.some((root) => isWithin(path, root))) kept.push(path);
  return kept;
}

/**
 * Adds each unit's own counts to every ancestor, giving per-unit subtree totals. Units missing
 * from `own` count zero; ancestors not in `units` are skipped.
 */
export function rollUpCounts(
  units: readonly TreeUnit[],
  own: ReadonlyMap<string, OfficialCounts>,
): Map<string, OfficialCounts> {
  const totals = new Map<string, OfficialCounts>(units.map((unit) => [unit.id, { officials: 0, flagged: 0 }]));
  for (const unit of units) {
    const counts = own.get(unit.id);
    if (!counts) continue;
    for (const ancestorId of idsOfPath(unit.path)) {
      const total = totals.get(ancestorId);
      if (!total) continue;
      total.officials += counts.officials;
      total.flagged += counts.flagged;
    }
  }
  return totals;
}

const byName = (a: TreeUnit, b: TreeUnit) => a.name.localeCompare(b.name, 'vi') || a.code.localeCompare(b.code);

/**
 * Nests units under the given roots, `maxDepth` levels below each root at most (0: roots only).
 * Siblings are sorted by Vietnamese name.
 */
export function buildUnitTree<T extends TreeUnit>(
  units: readonly T[],
  rootPaths: readonly string[],
  totals: ReadonlyMap<string, OfficialCounts>,
  maxDepth = Infinity,
): UnitNode<T>[] {
  const childrenOf = new Map<string, T[]>();
  for (const unit of units) {
    const ids = idsOfPath(unit.path);
    if (ids.length < 2) continue;
    const parentId = ids[ids.length - 2];
    const siblings = childrenOf.get(parentId) ?? [];
    siblings.push(unit);
    childrenOf.set(parentId, siblings);
  }
  const zero = { officials: 0, flagged: 0 };
  const node = (unit: T, depth: number): UnitNode<T> => ({
    unit,
    counts: totals.get(unit.id) ?? zero,
    children:
      depth >= maxDepth ? [] : (childrenOf.get(unit.id) ?? []).sort(byName).map((child) => node(child, depth + 1)),
  });
  // A root is a unit in scope whose parent is not itself shown (for "/" that is every province).
  const roots = outermostPaths(rootPaths);
  const inScope = (path: string) => roots.some((root) => isWithin(path, root));
  const shown = new Set(units.filter((unit) => inScope(unit.path)).map((unit) => unit.path));
  return units
    .filter((unit) => shown.has(unit.path) && !shown.has(parentPath(unit.path)))
    .sort(byName)
    .map((unit) => node(unit, 0));
}

/**
 * Every unit of a subtree in tree order (parent before children, siblings by name), with its
 * depth below the root: for indented option lists.
 */
export function flattenSubtree<T extends TreeUnit>(
  units: readonly T[],
  rootPath: string,
): { unit: T; depth: number }[] {
  const inside = units.filter((unit) => isWithin(unit.path, rootPath));
  const tree = buildUnitTree(inside, [rootPath], new Map());
  const flat: { unit: T; depth: number }[] = [];
  const walk = (nodes: UnitNode<T>[], depth: number) => {
    for (const child of nodes) {
      flat.push({ unit: child.unit, depth });
      walk(child.children, depth + 1);
    }
  };
  walk(tree, 0);
  return flat;
}
