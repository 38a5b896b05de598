import { defineProject } from '../../stacks/index.js';

// The project settings of the checks between plan and apply (docs/review.md).
describe('defineProject: protectedEnvironments, requireReviewedPlan, policies', () => {
  const environments = ['ops', 'apps', 'apps-prod'];

  it('leaves them out when not given (the pipeline then protects all but the first)', () => {
    const p = defineProject({ environments, stacks: () => undefined });
    expect(p.protectedEnvironments).toBeUndefined();
    expect(p.requireReviewedPlan).toBeUndefined();
    expect(p.policies).toBeUndefined();
  });

  it('keeps valid settings', () => {
    const p = defineProject({
      environments,
      stacks: () => undefined,
      protectedEnvironments: ['apps-prod'],
      requireReviewedPlan: true,
      policies: [{ name: 'opa', command: 'conftest test --input json -', timeoutMs: 30000 }],
    });
    expect(p).toMatchObject({
      protectedEnvironments: ['apps-prod'],
      requireReviewedPlan: true,
      policies: [{ name: 'opa', command: 'conftest test --input json -', timeoutMs: 30000 }],
    });
  });

  it('refuses protected environments the project does not have', () => {
    expect(() =>
      defineProject({ environments, stacks: () => undefined, protectedEnvironments: ['apps', 'prod'] }),
    ).toThrow('protectedEnvironments: unknown environment(s) prod; known: ops, apps, apps-prod');
  });

  it('refuses a bad policy', () => {
    expect(() =>
      defineProject({ environments, stacks: () => undefined, policies: [{ name: 'x', command: [] }] }),
    ).toThrow(/policies\[0\] \(x\): command must be/);
  });
});
