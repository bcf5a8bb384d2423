/** The top-level domains list, which only linkify-it reads (see linkify-it.ts): none in the deployed bundle. */
export default [] as string[];
