import { createRequire } from 'node:module';

/**
 * `require` as the deployed bundle's own calls resolve: from the task root, then NODE_PATH, where Lambda keeps
 * the runtime's SDK and the layers' packages. An `import()` would not search NODE_PATH, so a package loaded later
 * than the bundle's start (a client on first use, the Tracer) is required through this. Locally, the task root is
 * the working directory (`npm start` and the tests run from the repository).
 */
export const runtimeRequire = createRequire(`${process.env.LAMBDA_TASK_ROOT ?? process.cwd()}/`);
