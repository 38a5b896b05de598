// A provider-free project whose environments are made of three stacks: a chain a → b (b's input is
// a's output, through a cdktf cross-stack reference) and an independent c.

/** What {@link stacksMainTs} varies between commits. */
export interface StacksProjectOptions {
  /** Input of a's resource (so of b's, through the reference) and of c's. */
  readonly value: string;
  /** Adds to a a resource whose create fails (a local-exec provisioner exiting 1). */
  readonly failA?: boolean;
  /** c's resource sleeps this long on create (a slow stack beside the chain). */
  readonly slowCSeconds?: number;
}

/** The `main.ts` of the three-stack project. */
export function stacksMainTs(opts: StacksProjectOptions): string {
  const broken = opts.failA
    ? `new DataResource(a, 'broken', {
        input: ${JSON.stringify(opts.value)},
        provisioners: [{ type: 'local-exec', command: 'echo failing on purpose >&2; exit 1' }],
      });`
    : '';
  const slow = opts.slowCSeconds
    ? `provisioners: [{ type: 'local-exec', command: 'sleep ${opts.slowCSeconds}' }],`
    : '';
  return `import { DataResource } from 'cdktf';
import { defineProject, EnvironmentStack, isEntrypoint } from 'cdktf-gitops';

const environments = ['ops', 'apps', 'apps-prod'];
const value = ${JSON.stringify(opts.value)};

export const project = defineProject({
  environments,
  stacks: (app) => {
    for (const env of environments) {
      const a = new EnvironmentStack(app, env, { stack: 'a' });
      const network = new DataResource(a, 'network', { input: { env, value } });
      ${broken}
      const b = new EnvironmentStack(app, env, { stack: 'b' });
      new DataResource(b, 'service', { input: { network: network.output } });
      const c = new EnvironmentStack(app, env, { stack: 'c' });
      new DataResource(c, 'independent', { input: { env, value }, ${slow} });
    }
  },
});

if (isEntrypoint(import.meta.url)) project.createApp().synth();
`;
}
