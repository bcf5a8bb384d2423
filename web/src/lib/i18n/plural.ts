/**
 * A message that depends on a count, one text per plural category of the language (CLDR, as `Intl.PluralRules`
 * names them). Arabic uses all six: zero, one, two, few (3–10), many (11–99), other (100 and more);
 * English one and other.
 */
export type PluralMessage = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

/** A catalogue entry: plain text, or plural forms chosen by the `count` parameter. */
export type Message = string | PluralMessage;

const rules = new Map<string, Intl.PluralRules>();

/** The form of `message` for `count` in `language`; the `other` form where the language's category is missing. */
export function pluralForm(message: PluralMessage, language: string, count: number): string {
  let rule = rules.get(language);
  if (!rule) {
    rule = new Intl.PluralRules(language);
    rules.set(language, rule);
  }
  return message[rule.select(count)] ?? message.other;
}
