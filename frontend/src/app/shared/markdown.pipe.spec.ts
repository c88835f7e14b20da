import { Component, input } from '@angular/core';
import { TestBed } from '@angular/core/testing';

import { MarkdownPipe } from './markdown.pipe';

@Component({
  imports: [MarkdownPipe],
  template: `<div class="out" [innerHTML]="source() | markdown"></div>`,
})
class Host {
  readonly source = input('');
}

async function render(source: string): Promise<HTMLElement> {
  const fixture = TestBed.createComponent(Host);
  fixture.componentRef.setInput('source', source);
  await fixture.whenStable();
  return (fixture.nativeElement as HTMLElement).querySelector('.out') as HTMLElement;
}

describe('MarkdownPipe', () => {
  it('renders markdown', async () => {
    const out = await render('# Rules\n\n- **No** notes\n- `calc` allowed\n');
    expect(out.querySelector('h1')?.textContent).toBe('Rules');
    expect(out.querySelector('strong')?.textContent).toBe('No');
    expect(out.querySelectorAll('li').length).toBe(2);
  });

  it('is empty for no text', () => {
    expect(new MarkdownPipe().transform(null)).toBe('');
    expect(new MarkdownPipe().transform('')).toBe('');
  });

  it('never lets markdown run code', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined); // Angular's sanitizer notice
    const out = await render(
      'Hi <script>alert(1)</script> <img src="x" onerror="alert(2)"> ' +
        '[link](javascript:alert(3)) <a href="javascript:alert(4)">a</a> <iframe src="//x"></iframe>',
    );
    const html = out.innerHTML;
    expect(out.querySelector('script, iframe')).toBeNull();
    expect(html).not.toContain('onerror');
    expect(html).not.toMatch(/href="javascript:/);
    expect(out.textContent).toContain('Hi');
  });
});
