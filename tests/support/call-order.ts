/** Calls noted as they start and end, in order: which ran beside which. */
export function callOrder() {
  const steps: string[] = [];
  const noted =
    <T>(name: string, call: () => Promise<T>) =>
    async (): Promise<T> => {
      steps.push(`${name} started`);
      const result = await call();
      steps.push(`${name} ended`);
      return result;
    };
  return { steps, noted };
}
