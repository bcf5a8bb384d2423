import { runtimeRequire } from './runtime-require.ts';

export type SdkOnFirstUse<Sdk, Client> = () => { sdk: Sdk; client: Client };

/**
 * An AWS SDK package (or a Powertools one) and a client of it, loaded when an adapter first calls the service. Every function is
 * composed from the one platform (functions/platform/aws.ts), so static imports would load each service's package
 * (some 60 ms apiece) at the cold start of every function, most of which never call that service.
 */
export function sdkOnFirstUse<Sdk, Client>(
  packageName: string,
  makeClient: (sdk: Sdk) => Client,
  given?: Client,
  load: (packageName: string) => Sdk = (name) => runtimeRequire(name) as Sdk,
): SdkOnFirstUse<Sdk, Client> {
  let ready: { sdk: Sdk; client: Client } | undefined;
  return () => {
    if (!ready) {
      const sdk = load(packageName);
      ready = { sdk, client: given ?? makeClient(sdk) };
    }
    return ready;
  };
}
