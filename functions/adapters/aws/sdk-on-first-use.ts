/**
 * An AWS SDK package and a client of it, loaded when an adapter first calls the service. Every function is
 * composed from the one platform (functions/platform/aws.ts), so static imports would load each service's package
 * (some 60 ms apiece) at the cold start of every function, most of which never call that service.
 */
export type SdkOnFirstUse<Sdk, Client> = () => Promise<{ sdk: Sdk; client: Client }>;

export function sdkOnFirstUse<Sdk, Client>(
  load: () => Promise<Sdk>,
  makeClient: (sdk: Sdk) => Client,
  given?: Client,
): SdkOnFirstUse<Sdk, Client> {
  let ready: Promise<{ sdk: Sdk; client: Client }> | undefined;
  return () => {
    ready ??= load().then(
      (sdk) => ({ sdk, client: given ?? makeClient(sdk) }),
      (error: unknown) => {
        ready = undefined;
        throw error;
      },
    );
    return ready;
  };
}
