import type { BankCategory } from '../../core/api/api-types';

/** A category with its depth in the tree, for an indented list. */
export interface TreeRow {
  category: BankCategory;
  depth: number;
  /** "Parent / Child" — a name that is clear out of the tree (select options). */
  path: string;
}

/** The flat list the server gives, as the tree in display order (children under parents,
 * each level by name). Orphans (a parent not visible) show as roots. */
export function categoryTree(categories: readonly BankCategory[]): TreeRow[] {
  const ids = new Set(categories.map((c) => c.id));
  const children = new Map<number | null, BankCategory[]>();
  for (const category of categories) {
    const parent =
      category.parent_id !== null && ids.has(category.parent_id) ? category.parent_id : null;
    children.set(parent, [...(children.get(parent) ?? []), category]);
  }
  const rows: TreeRow[] = [];
  const visit = (parent: number | null, depth: number, prefix: string): void => {
    const level = [...(children.get(parent) ?? [])].sort((a, b) => a.name.localeCompare(b.name));
    for (const category of level) {
      const path = prefix ? `${prefix} / ${category.name}` : category.name;
      rows.push({ category, depth, path });
      visit(category.id, depth + 1, path);
    }
  };
  visit(null, 0, '');
  return rows;
}
