/** Provider credentials by name (webhook secrets, bot tokens): SSM Parameter Store in AWS, the environment locally. */
export interface Secrets {
  get(name: string): Promise<string | undefined>;
}
