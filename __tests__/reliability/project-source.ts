/** What the generated `main.ts` of a reliability test project holds. */
export interface ProjectSourceOptions {
  /** Backend of every environment; default the embedded local one. */
  readonly backend?: 'local' | 'pg';
  /** The local backend's state directory (absolute: several clones then share one state). */
  readonly stateDir?: string;
  /** Default `['ops', 'apps']`. */
  readonly environments?: readonly string[];
  /** Changing it replaces resource `work` everywhere, so its provisioner runs again. */
  readonly revision?: string;
  /** `work`'s provisioner then waits until the file `$APPLY_LOG.release` exists (at most a minute). */
  readonly hold?: boolean;
  /** Environments where `work`'s provisioner fails (exit 1 after a diagnostic on stderr). */
  readonly failIn?: readonly string[];
  /** Extra TypeScript run once per stack, with `stack`, `name` and the cdktf imports in scope. */
  readonly extra?: string;
}

/** Line the failing provisioner prints on stderr, so tests can find terraform's diagnostic. */
export const FAILURE_TEXT = 'work failed on purpose';

/**
 * The source of a project's `main.ts`: one `terraform_data.work` per environment whose local-exec
 * provisioner appends `<env> <revision>` to `$APPLY_LOG.started` when it starts and to `$APPLY_LOG`
 * when it is done, so a test sees an apply begin (and can hold it) and counts how often each change was applied.
 */
export function projectSource(opts: ProjectSourceOptions = {}): string {
  const environments = opts.environments ?? ['ops', 'apps'];
  const backend = JSON.stringify({
    backend:
      opts.backend === 'pg' ? { type: 'pg' } : { type: 'local', ...(opts.stateDir ? { stateDir: opts.stateDir } : {}) },
  });
  const hold = opts.hold ? '; for i in $(seq 600); do [ -e "$APPLY_LOG.release" ] && break; sleep 0.1; done' : '';
  const failing = JSON.stringify(opts.failIn ?? []);
  return `
import { DataResource, TerraformOutput, TerraformVariable } from 'cdktf';
import { defineProject, EnvironmentStack, isEntrypoint } from 'cdktf-gitops';

const environments = ${JSON.stringify(environments)};
const revision = ${JSON.stringify(opts.revision ?? '1')};
const failing: string[] = ${failing};

export const project = defineProject({
  environments,
  stacks: (app) => {
    for (const name of environments) {
      const stack = new EnvironmentStack(app, name, ${backend});
      const line = \`\${name} \${revision}\`;
      const fail = failing.includes(name) ? \`; echo "${FAILURE_TEXT} in \${name}" >&2; exit 1\` : '';
      new DataResource(stack, 'work', {
        input: { name, revision },
        triggersReplace: [revision],
        provisioners: [{ type: 'local-exec', command: \`echo "\${line}" >> "$APPLY_LOG.started"${hold}\${fail}; echo "\${line}" >> "$APPLY_LOG"\` }],
      });
      ${opts.extra ?? ''}
    }
  },
});

if (isEntrypoint(import.meta.url)) project.createApp().synth();
`;
}
