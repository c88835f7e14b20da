import { Injectable } from '@angular/core';
import { MatPaginatorIntl } from '@angular/material/paginator';

import { formatCount } from '../../shared/plural';

/** Material's paginator in the page's language (its own texts are English only). */
@Injectable()
export class LocalizedPaginatorIntl extends MatPaginatorIntl {
  override itemsPerPageLabel = $localize`:@@paginator.itemsPerPage:Items per page:`;
  override nextPageLabel = $localize`:@@paginator.next:Next page`;
  override previousPageLabel = $localize`:@@paginator.previous:Previous page`;
  override firstPageLabel = $localize`:@@paginator.first:First page`;
  override lastPageLabel = $localize`:@@paginator.last:Last page`;

  override getRangeLabel = (page: number, pageSize: number, length: number): string => {
    const total = formatCount(length);
    if (length === 0 || pageSize === 0)
      return $localize`:@@paginator.rangeEmpty:0 of ${total}:total:`;
    const start = page * pageSize;
    const from = formatCount(start + 1);
    const to = formatCount(Math.min(start + pageSize, length));
    return $localize`:@@paginator.range:${from}:from: – ${to}:to: of ${total}:total:`;
  };
}
