import { GetParameterCommand, ParameterNotFound, SSMClient } from '@aws-sdk/client-ssm';
import type { Secrets } from '../../../shared/ports/secrets.ts';

/** SecureString parameters under one prefix, decrypted and kept for a few minutes per warm function. */
export class SsmSecrets implements Secrets {
  private readonly cache = new Map<string, { at: number; value: string | undefined }>();

  constructor(
    private readonly prefix: string,
    private readonly ttlMs = 5 * 60_000,
    private readonly ssm = new SSMClient({}),
  ) {}

  async get(name: string): Promise<string | undefined> {
    const cached = this.cache.get(name);
    if (cached && Date.now() - cached.at < this.ttlMs) return cached.value;
    let value: string | undefined;
    try {
      const result = await this.ssm.send(
        new GetParameterCommand({ Name: `${this.prefix}${name}`, WithDecryption: true }),
      );
      value = result.Parameter?.Value;
    } catch (error) {
      if (!(error instanceof ParameterNotFound)) throw error;
    }
    this.cache.set(name, { at: Date.now(), value });
    return value;
  }
}
