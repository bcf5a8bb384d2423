import type { SSMClient } from '@aws-sdk/client-ssm';
import type { Secrets } from '../../../shared/ports/secrets.ts';
import { type SdkOnFirstUse, sdkOnFirstUse } from './sdk-on-first-use.ts';

/** SecureString parameters under one prefix, decrypted and kept for a few minutes per warm function. */
export class SsmSecrets implements Secrets {
  private readonly cache = new Map<string, { at: number; value: string | undefined }>();
  private readonly ssm: SdkOnFirstUse<typeof import('@aws-sdk/client-ssm'), SSMClient>;

  constructor(
    private readonly prefix: string,
    private readonly ttlMs = 5 * 60_000,
    client?: SSMClient,
  ) {
    this.ssm = sdkOnFirstUse('@aws-sdk/client-ssm', (sdk) => new sdk.SSMClient({}), client);
  }

  async get(name: string): Promise<string | undefined> {
    const cached = this.cache.get(name);
    if (cached && Date.now() - cached.at < this.ttlMs) return cached.value;
    let value: string | undefined;
    const { sdk, client } = this.ssm();
    try {
      const result = await client.send(
        new sdk.GetParameterCommand({ Name: `${this.prefix}${name}`, WithDecryption: true }),
      );
      value = result.Parameter?.Value;
    } catch (error) {
      if (!(error instanceof sdk.ParameterNotFound)) throw error;
    }
    this.cache.set(name, { at: Date.now(), value });
    return value;
  }
}
