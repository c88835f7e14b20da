import { HttpErrorResponse, type HttpResponse } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { type Observable, finalize } from 'rxjs';

import { apiErrorMessage } from '../core/api/api-error';
import { Notifier } from '../core/notifier';

/**
 * The file name of a download from its Content-Disposition header (`filename*=UTF-8''…` first,
 * then `filename="…"`), else `fallback`. Path separators never survive.
 */
export function filenameFromDisposition(header: string | null, fallback: string): string {
  if (!header) return fallback;
  let name: string | null = null;
  const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  if (extended) {
    try {
      name = decodeURIComponent(extended[1].trim());
    } catch {
      name = null;
    }
  }
  if (!name) {
    const plain = /filename\s*=\s*(?:"([^"]*)"|([^;]+))/.exec(header);
    name = plain ? (plain[1] ?? plain[2]).trim() : null;
  }
  const safe = name?.replace(/[/\\]/g, '_').trim();
  return safe ? safe : fallback;
}

/**
 * The message of a failed download: its error body arrives as a Blob (the request asked for
 * one), so it is read and parsed as the API's error shape first.
 */
export async function downloadErrorMessage(error: unknown): Promise<string> {
  if (error instanceof HttpErrorResponse && error.error instanceof Blob) {
    try {
      const body: unknown = JSON.parse(await error.error.text());
      return apiErrorMessage(
        new HttpErrorResponse({ error: body, status: error.status, url: error.url ?? undefined }),
      );
    } catch {
      // Not JSON: fall through to the generic message.
    }
  }
  return apiErrorMessage(error);
}

/** Saves a Blob as a file: an object URL on a temporary link, revoked right after. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * Downloads a file the API sends (with the bearer token, through HttpClient: no token in a
 * URL), saves it under the server's file name and reports failures in a snack bar.
 */
@Injectable({ providedIn: 'root' })
export class Downloader {
  private readonly notifier = inject(Notifier);

  download(
    request: Observable<HttpResponse<Blob>>,
    fallbackName: string,
    onDone?: () => void,
  ): void {
    request.pipe(finalize(() => onDone?.())).subscribe({
      next: (response) => {
        if (!response.body) return;
        const name = filenameFromDisposition(
          response.headers.get('Content-Disposition'),
          fallbackName,
        );
        saveBlob(response.body, name);
        this.notifier.info($localize`:@@download.done:Downloaded ${name}:name:.`);
      },
      error: (error: unknown) => {
        void downloadErrorMessage(error).then((message) =>
          this.notifier.error(
            $localize`:@@download.failed:The download failed: ${message}:message:`,
          ),
        );
      },
    });
  }
}
