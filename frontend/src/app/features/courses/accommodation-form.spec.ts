import {
  accommodationSummary,
  accommodationToFormValue,
  buildAccommodationForm,
  formValueToAccommodation,
} from './accommodation-form';

describe('accommodation form', () => {
  it('maps empty boxes to "not set" and back', () => {
    const form = buildAccommodationForm();
    form.setValue(accommodationToFormValue(null));
    expect(formValueToAccommodation(form.getRawValue())).toEqual({
      extra_minutes: null,
      extra_time_percent: null,
      extra_attempts: 0,
      opens_at: null,
      closes_at: null,
    });
  });

  it('round-trips an accommodation with an own window', () => {
    const a = {
      extra_minutes: 10,
      extra_time_percent: 50,
      extra_attempts: 1,
      opens_at: '2026-06-01T08:00:00.000Z',
      closes_at: '2026-06-01T12:00:00.000Z',
    };
    const back = formValueToAccommodation(accommodationToFormValue(a));
    expect(back.extra_minutes).toBe(10);
    expect(back.extra_time_percent).toBe(50);
    expect(back.extra_attempts).toBe(1);
    expect(Date.parse(back.opens_at!)).toBe(Date.parse(a.opens_at));
    expect(Date.parse(back.closes_at!)).toBe(Date.parse(a.closes_at));
  });

  it('refuses what the server refuses', () => {
    const form = buildAccommodationForm();
    const c = form.controls;
    c.extra_time_percent.setValue(501);
    c.extra_minutes.setValue(-1);
    c.extra_attempts.setValue(1.5);
    expect(c.extra_time_percent.valid).toBe(false);
    expect(c.extra_minutes.valid).toBe(false);
    expect(c.extra_attempts.valid).toBe(false);
    c.opens_at.setValue('2026-06-01T12:00');
    c.closes_at.setValue('2026-06-01T11:00');
    c.closes_at.updateValueAndValidity();
    expect(c.closes_at.hasError('closesBeforeOpens')).toBe(true);
  });

  it('summarises what a student gets', () => {
    expect(accommodationSummary(null)).toBe('');
    expect(
      accommodationSummary({
        extra_minutes: 10,
        extra_time_percent: 50,
        extra_attempts: 2,
        opens_at: null,
        closes_at: '2026-06-01T12:00:00Z',
      }),
    ).toBe('+50 % time, +10 min, 2 extra attempts, own window');
  });
});
