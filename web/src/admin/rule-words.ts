import { locale } from '../lib/i18n/i18n.svelte.ts';

/** A rule's words, cities or tags as the page writes them: with the page language's comma. */
export const list = (values: string[]) => values.join(locale.language === 'ar' ? '، ' : ', ');

// Words typed with either comma separate; Arabic spelling variants are folded by the router itself.
export const words = (text: string) =>
  text
    .split(/[,،\n]/)
    .map((word) => word.trim())
    .filter(Boolean);
