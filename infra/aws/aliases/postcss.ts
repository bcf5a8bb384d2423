/**
 * sanitize-html loads postcss to parse `style` attributes; the email sanitizer allows none
 * (`parseStyleAttributes: false`), so the deployed bundle leaves postcss (and its source-map reader) out.
 */
export function parse(): never {
  throw new Error('CSS parsing is not bundled: the email sanitizer keeps no style attribute');
}

export default { parse };
