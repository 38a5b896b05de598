import { backend, environments } from './stacks/config.js';
import { kubernetesStacks } from './stacks/kubernetes-stack.js';
import { defineProject, isEntrypoint } from './stacks/project.js';

/**
 * The project as the pipeline sees it: environments in promotion order and their stacks, two per
 * environment: `<env>-platform` (namespaces, quotas) and `<env>-services` (workloads), which reads
 * the platform's namespaces and so runs after it.
 */
export const project = defineProject({
  environments: environments.names,
  stacks: kubernetesStacks(environments, { backend }),
});

// Synthesize only when run (`cdktf synth` runs `tsx main.ts`); importing stays side-effect free.
if (isEntrypoint(import.meta.url)) project.createApp().synth();
