import type { HttpTestingController } from '@angular/common/http/testing';
import type { RouterTestingHarness } from '@angular/router/testing';

import type { MyCourses } from '../../core/api/course-types';
import { Notifier } from '../../core/notifier';
import { routedPage } from '../../shared/page.testing';
import { MyCoursesPage } from './my-courses.page';

const COURSES: MyCourses = {
  items: [
    {
      id: 3,
      name: 'Biology 101',
      code: 'BIO-101',
      term: 'Spring',
      exams: [
        {
          id: 9,
          title: 'Cells',
          opens_at: null,
          closes_at: '2026-06-02T08:00:00Z',
          time_limit_minutes: 10,
          attempts_used: 0,
          attempts_allowed: 2,
          state: 'open',
          my_deadline: '2026-06-03T08:00:00Z',
        },
        {
          id: 10,
          title: 'Old quiz',
          opens_at: null,
          closes_at: '2026-01-01T00:00:00Z',
          time_limit_minutes: null,
          attempts_used: 1,
          attempts_allowed: 1,
          state: 'closed',
          my_deadline: null,
        },
      ],
    },
  ],
};

describe('MyCoursesPage', { timeout: 20_000 }, () => {
  let harness: RouterTestingHarness;
  let http: HttpTestingController;
  const notifier = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };

  beforeEach(async () => {
    vi.clearAllMocks();
    ({ harness, http } = await routedPage(
      [{ path: 'my-courses', component: MyCoursesPage }],
      [{ provide: Notifier, useValue: notifier }],
    ));
  });

  afterEach(() => http.verify());

  const root = () => harness.routeNativeElement as HTMLElement;
  const text = () => root().textContent ?? '';
  const stable = () => harness.fixture.whenStable();

  async function open(body: MyCourses): Promise<void> {
    await harness.navigateByUrl('/my-courses');
    http.expectOne('/api/me/courses').flush(body);
    await stable();
  }

  it('lists each course’s open exams with my own deadline, never the closed ones', async () => {
    await open(COURSES);
    expect(root().querySelector('h2#course-3')?.textContent).toContain('Biology 101');
    expect(text()).toContain('Cells');
    expect(text()).not.toContain('Old quiz');
    expect(text()).toContain('2 attempts left');
    expect(text()).toContain('10 min');
    const due = root().querySelector('time[datetime="2026-06-03T08:00:00Z"]');
    expect(due).not.toBeNull(); // the accommodation's deadline, not the exam's close
    const start = root().querySelector<HTMLAnchorElement>('a[aria-label="Start Cells"]');
    expect(start?.getAttribute('href')).toBe('/exams/9');
  });

  it('joins with a code, then shows and focuses the course joined', async () => {
    await open({ items: [] });
    expect(text()).toContain('You are in no course yet');
    const input = root().querySelector<HTMLInputElement>('input[formcontrolname=code]')!;
    input.value = ' k7qm2xpa ';
    input.dispatchEvent(new Event('input'));
    root().querySelector<HTMLButtonElement>('form button[type=submit]')!.click();
    const join = http.expectOne('/api/courses/join');
    expect(join.request.body).toEqual({ code: 'k7qm2xpa' });
    join.flush({ course_id: 3, name: 'Biology 101' });
    expect(notifier.info).toHaveBeenCalledWith('You are in “Biology 101”.');
    (await vi.waitFor(() => http.expectOne('/api/me/courses'))).flush(COURSES);
    await stable();
    await vi.waitFor(() => expect(document.activeElement?.id).toBe('course-3'));
  });

  it('shows a refused code on the form', async () => {
    await open({ items: [] });
    const input = root().querySelector<HTMLInputElement>('input[formcontrolname=code]')!;
    input.value = 'WRONG';
    input.dispatchEvent(new Event('input'));
    root().querySelector<HTMLButtonElement>('form button[type=submit]')!.click();
    http.expectOne('/api/courses/join').flush(
      {
        error: {
          status: 404,
          code: 'not_found',
          message: 'No course has this join code.',
          details: {},
        },
      },
      { status: 404, statusText: 'Not Found' },
    );
    await stable();
    expect(text()).toContain('No course has this join code.');
  });
});
