import { describe, expect, it } from 'vitest';

import type { BankCategory } from '../../core/api/api-types';
import { categoryTree, parentChoices } from './category-tree';

const category = (id: number, name: string, parent_id: number | null = null): BankCategory => ({
  id,
  name,
  parent_id,
  owner_id: 1,
  course_id: null,
  created_at: '2026-12-01T00:00:00Z',
});

describe('categoryTree', () => {
  it('orders children under their parents, each level by name, with depth and path', () => {
    const rows = categoryTree([
      category(3, 'Linear', 1),
      category(2, 'Geometry'),
      category(1, 'Algebra'),
      category(4, 'Basics', 3),
    ]);
    expect(rows.map((r) => [r.category.id, r.depth, r.path])).toEqual([
      [1, 0, 'Algebra'],
      [3, 1, 'Algebra / Linear'],
      [4, 2, 'Algebra / Linear / Basics'],
      [2, 0, 'Geometry'],
    ]);
  });

  it('shows a category whose parent is not visible as a root', () => {
    expect(categoryTree([category(5, 'Shared', 99)]).map((r) => r.depth)).toEqual([0]);
  });
});

describe('parentChoices', () => {
  it('offers the same tree without the category, its subcategories and its current parent', () => {
    const shared = { ...category(9, 'Course bank'), owner_id: null, course_id: 4 };
    const rows = categoryTree([
      category(1, 'Algebra'),
      category(3, 'Linear', 1),
      category(4, 'Basics', 3),
      category(2, 'Geometry'),
      category(5, 'Angles', 2),
      shared,
    ]);
    const linear = rows.find((r) => r.category.id === 3)!.category;
    expect(parentChoices(rows, linear).map((r) => r.path)).toEqual([
      'Geometry',
      'Geometry / Angles',
    ]);
  });
});
