import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const shim = (name: string) => fileURLToPath(new URL(`./aliases/${name}.ts`, import.meta.url));

/**
 * What the deployed bundles take in place of a package (esbuild `alias`); `npm start` and the tests use the real
 * packages, and tests/infra/email-charsets.test.ts compares the two on real mail. Email intake stays within its
 * budget by these: mailparser's charset tables and entity encoder give way to the runtime's ICU and `entities`,
 * its link finder (never used: intake asks for no text-to-HTML) to one that finds none, and the packages that mailparser imports as ESM and its helpers require as CommonJS are bundled once, as ESM.
 */
export const BUNDLE_ALIASES: Record<string, string> = {
  'iconv-lite': shim('iconv-lite'),
  'encoding-japanese': shim('encoding-japanese'),
  he: shim('he'),
  postcss: shim('postcss'),
  'linkify-it': shim('linkify-it'),
  tlds: shim('tlds'),
  libmime: `${root}node_modules/libmime/dist/esm/libmime.js`,
  htmlparser2: `${root}node_modules/htmlparser2/dist/esm/index.js`,
  // One copy of `entities`, htmlparser2's (dom-serializer's older one has the same escapes).
  entities: `${root}node_modules/htmlparser2/node_modules/entities/dist/esm`,
};
