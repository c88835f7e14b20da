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

/** Where `category` may move: another category of the same tree (same owner or course) that is
 * neither itself nor one of its subcategories (the server refuses those too). */
export function parentChoices(rows: readonly TreeRow[], category: BankCategory): TreeRow[] {
  const below = new Set<number>([category.id]);
  // Rows are in tree order, so a descendant always comes after its parent.
  for (const row of rows) {
    if (row.category.parent_id !== null && below.has(row.category.parent_id)) {
      below.add(row.category.id);
    }
  }
  return rows.filter(
    (row) =>
      !below.has(row.category.id) &&
      row.category.id !== category.parent_id &&
      row.category.owner_id === category.owner_id &&
      row.category.course_id === category.course_id,
  );
}
