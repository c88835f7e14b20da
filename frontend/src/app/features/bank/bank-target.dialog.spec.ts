import type { TreeRow } from './category-tree';
import { dialogUnderTest } from '../../shared/page.testing';
import { type BankTarget, BankTargetDialog, type BankTargetData } from './bank-target.dialog';

const row = (id: number, path: string): TreeRow => ({
  category: {
    id,
    name: path,
    parent_id: null,
    owner_id: 1,
    course_id: null,
    created_at: '2026-12-01T00:00:00Z',
  },
  depth: 0,
  path,
});

describe('BankTargetDialog', () => {
  function open() {
    return dialogUnderTest<BankTargetDialog, BankTargetData, BankTarget>(
      BankTargetDialog,
      'app-bank-target-dialog',
      { what: '2 question(s)', rows: [row(1, 'Algebra'), row(2, 'Geometry')] },
    );
  }

  const button = (root: HTMLElement, text: string) =>
    [...root.querySelectorAll<HTMLButtonElement>('button')].find(
      (b) => b.textContent?.trim() === text,
    )!;

  it('asks for a category before moving', () => {
    const dialog = open();
    button(dialog.element(), 'Move').click();
    dialog.appRef.tick();
    expect(dialog.result()).toBe('open');
    expect(dialog.element().textContent).toContain('Choose a category.');
  });

  it('closes with the action and the chosen category', async () => {
    const dialog = open();
    expect(dialog.element().querySelector('h2')?.textContent).toContain(
      'Move or copy 2 question(s)',
    );
    dialog.element().querySelector<HTMLElement>('.mat-mdc-select-trigger')!.click();
    dialog.appRef.tick();
    [...document.querySelectorAll<HTMLElement>('mat-option')]
      .find((o) => o.textContent?.trim() === 'Geometry')!
      .click();
    dialog.appRef.tick();
    button(dialog.element(), 'Copy').click();
    await Promise.resolve();
    expect(dialog.result()).toEqual({ action: 'copy', categoryId: 2 });
  });
});
