/**
 * What can happen to a unit of the tree: the values stored in unit_changes.kind. Pure.
 * A merger is recorded on the surviving (or new) unit and on each unit merged away; a split on
 * the unit split up and on each unit made from it.
 */
export const UNIT_CHANGE_KINDS = ['create', 'rename', 'move', 'merge', 'split', 'retire'] as const;
export type UnitChangeKind = (typeof UNIT_CHANGE_KINDS)[number];
