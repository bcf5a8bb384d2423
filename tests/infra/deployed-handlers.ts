import { readFileSync } from 'node:fs';
import { build, type Metafile } from 'esbuild';
import { EVENT_FUNCTIONS } from '../../functions/event-functions.ts';
import { type FunctionAccess, HTTP_FUNCTIONS } from '../../functions/routes.ts';

/** Every deployed function, HTTP and event-driven, by name. */
export const DEPLOYED_FUNCTIONS: Record<
  string,
  { entry: string; access: FunctionAccess; auth?: string; trigger?: unknown }
> = { ...HTTP_FUNCTIONS, ...EVENT_FUNCTIONS };

/** Our own modules a handler bundles, each with what it imports (packages left out: only the import graph matters). */
export async function modulesOf(entry: string): Promise<Metafile['inputs']> {
  const { metafile } = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'silent',
  });
  return metafile.inputs;
}

/** A handler's wiring: its `export const handler = …;`, which names the parts and platform pieces it is built with. */
export const wiringOf = (entry: string): string =>
  /^export const handler = [^;]*;/m.exec(readFileSync(entry, 'utf8'))?.[0] ?? '';
