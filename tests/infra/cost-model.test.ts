import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deployedResources, fixedCounts } from '../bench/template-counts.ts';

const README = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8');

describe("the README's cost model", () => {
  // `npm run cost-model` writes the section; this catches templates that changed since it was last run.
  it('counts the alarms, keys and schedules every deployed stack has, the function alarms’ stack included', () => {
    const counts = fixedCounts(deployedResources());
    expect(counts.alarms).toBeGreaterThan(50);
    expect(README).toContain(`| CloudWatch alarms | ${counts.alarms} in the templates |`);
    expect(README).toContain(`| KMS keys | ${counts.keys} customer-managed |`);
    expect(README).toMatch(new RegExp(`\\| Schedules \\| ${counts.everyMinute} functions every minute `));
    // Synthesizing every stack takes a while on a loaded machine.
  }, 180_000);
});
