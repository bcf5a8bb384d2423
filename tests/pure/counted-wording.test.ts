import { describe, expect, it } from 'vitest';
import { countedAr, DAYS, DELIVERIES } from '../../shared/domain/digits.ts';
import { hijriWithGregorian } from '../../shared/domain/hijri-date.ts';
import { MESSAGE_TEMPLATES, renderTemplate } from '../../shared/domain/message-templates.ts';

describe('counting in the texts to beneficiaries', () => {
  it.each([
    [1, 'يوم واحد'],
    [2, 'يومين'],
    [7, '٧ أيام'],
    [10, '١٠ أيام'],
    [11, '١١ يوماً'],
    [14, '١٤ يوماً'],
    [30, '٣٠ يوماً'],
  ])('counts %i days as Arabic does: %s', (days, wording) => {
    expect(countedAr(days, DAYS)).toBe(wording);
  });

  it.each([
    [1, 'دفعة واحدة'],
    [2, 'دفعتان'],
    [3, '٣ دفعات'],
    [12, '١٢ دفعة'],
  ])('counts %i deliveries left as Arabic does: %s', (count, wording) => {
    expect(countedAr(count, DELIVERIES)).toBe(wording);
  });

  it('says a delivery left as «دفعة واحدة», not «١ من الدفعات»', () => {
    const text = renderTemplate(MESSAGE_TEMPLATES.delivery_made.text, {
      societyName: 'جمعية سند',
      reference: 'SND-2026-000043',
      item: 'سلة غذائية',
      remaining: countedAr(1, DELIVERIES),
      nextOn: hijriWithGregorian('2027-02-28T09:00:00.000Z'),
    });
    expect(text).toContain('المتبقي من الدفعات المقررة: دفعة واحدة، وموعد القادمة منها يوم');
    expect(text).not.toMatch(/[١1] من الدفعات/);
  });

  it('says a case closed as incomplete after 14 days as «خلال ١٤ يوماً», not «14 أيام»', () => {
    const text = renderTemplate(MESSAGE_TEMPLATES.case_incomplete.text, {
      reference: 'SND-2026-000043',
      days: 14,
      period: countedAr(14, DAYS),
      statusLink: 'https://sanad.example/s/x',
    });
    expect(text).toContain('خلال ١٤ يوماً.');
    expect(text).not.toMatch(/أيام|14/);
  });

  it('names the committee’s last day with one pair of brackets, around the Gregorian date', () => {
    const due = hijriWithGregorian('2026-12-17T09:00:00.000Z');
    const text = renderTemplate(MESSAGE_TEMPLATES.case_committee_review.text, {
      reference: 'SND-2026-000055',
      due,
      statusLink: 'https://sanad.example/s/x',
    });
    expect(text).toContain(`في موعد أقصاه ${due}.`);
    expect(text).not.toContain('))');
  });
});
