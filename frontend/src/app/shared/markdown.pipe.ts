import { Pipe, type PipeTransform } from '@angular/core';
import { Marked } from 'marked';

const markdown = new Marked({ gfm: true, breaks: false, async: false });

/**
 * Markdown → an HTML string. Bind the result with `[innerHTML]`: Angular's sanitizer then removes
 * scripts, event handlers and `javascript:` URLs, so authors' text can never run code. Never wrap
 * the result in `bypassSecurityTrustHtml`.
 */
@Pipe({ name: 'markdown' })
export class MarkdownPipe implements PipeTransform {
  transform(source: string | null | undefined): string {
    if (!source) return '';
    return markdown.parse(source) as string;
  }
}

/**
 * Inline markdown (no paragraphs): short texts such as choices ("`tuple`", "**all** of them").
 * Same rule: bind with `[innerHTML]`, which Angular sanitizes.
 */
@Pipe({ name: 'markdownInline' })
export class MarkdownInlinePipe implements PipeTransform {
  transform(source: string | null | undefined): string {
    if (!source) return '';
    return markdown.parseInline(source) as string;
  }
}
