import { tmpdir } from 'node:os';
import { App, Stack } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';

describe("the tests' temporary folders", () => {
  it("are the run's own (removed when it ends): a synthesized app's cdk.out among them", () => {
    expect(tmpdir()).toMatch(/\/sanad-tests-[^/]+$/);
    const app = new App();
    new Stack(app, 'Probe');
    app.synth();
    expect(app.outdir.startsWith(`${tmpdir()}/`)).toBe(true);
  });
});
