import { describe, expect, it } from 'vitest';
import { highlight } from '../../web/src/lib/highlight.ts';

const marked = (text: string, term: string) =>
  highlight(text, term)
    .filter((piece) => piece.match)
    .map((piece) => piece.text);

describe('the search highlight', () => {
  it('marks the words a search found however they are spelt, with or without the article', () => {
    expect(marked('نحتاج مساعدةً في سداد إيجار المنزل المتأخر', 'مساعده ايجار متاخر')).toEqual([
      'مساعدةً',
      'إيجار',
      'المتأخر',
    ]);
    expect(marked('الثلاجـــة معطّلة', 'ثلاجه')).toEqual(['الثلاجـــة']);
  });

  it('keeps the whole text, in order, and marks nothing for a search without words', () => {
    const text = 'طلب: سداد إيجار (عاجل)';
    expect(
      highlight(text, 'ايجار')
        .map((piece) => piece.text)
        .join(''),
    ).toBe(text);
    expect(marked(text, 'ا')).toEqual([]);
  });
});
