// The main.ts of a project with many resources: cdktf's version check runs once per resource unless cached.

/** Options of {@link manyResourcesMainTs}. */
export interface ManyResourcesOptions {
  /** `cdktn` imports CDK Terrain and `cdktf-gitops/cdktn`; default `cdktf`. */
  readonly library?: 'cdktf' | 'cdktn';
  /** Lines added inside the loop over environments (`app`, `stack` and `name` in scope), each ending in `\n`. */
  readonly extra?: string;
}

/** A project of `ops` and `apps` with 20 `terraform_data` resources (`r0` … `r19`) per environment. */
export function manyResourcesMainTs(opts: ManyResourcesOptions = {}): string {
  const library = opts.library ?? 'cdktf';
  const gitops = library === 'cdktn' ? 'cdktf-gitops/cdktn' : 'cdktf-gitops';
  return `import { DataResource } from '${library}';
import { defineProject, EnvironmentStack, isEntrypoint } from '${gitops}';

export const project = defineProject({
  environments: ['ops', 'apps'],
  stacks: (app) => {
    for (const name of ['ops', 'apps']) {
      const stack = new EnvironmentStack(app, name);
      for (let i = 0; i < 20; i++) new DataResource(stack, \`r\${i}\`, { input: { name, i } });
${opts.extra ?? ''}    }
  },
});

if (isEntrypoint(import.meta.url)) project.createApp().synth();
`;
}
