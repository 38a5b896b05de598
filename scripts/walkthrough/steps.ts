import { checked, remark, type Printer } from './print.js';
import { StepFailed, type Ran, type Sandbox } from './sandbox.js';

/** One step of the walk: what the user types, what the CLI says, and what is then checked. */
export interface Step {
  /** Shown in the step's header. */
  readonly title: string;
  /** Why the step exists, shown under its header. */
  readonly why: string;
  /** Runs the commands and checks; throws {@link StepFailed} when the outcome is wrong. */
  run(s: Sandbox, p: Printer): Promise<void>;
}

interface Recorded {
  commit: string;
  ref: string;
  trigger: string;
}

type Records = Record<string, Recorded | null>;

/** Each environment's deployment record, from `status --json`. */
async function records(s: Sandbox): Promise<Records> {
  const json = await s.json<{ environments?: { environment: string; record: Recorded | null }[] }>('status');
  if (!json.environments) throw new StepFailed(`status --json printed no environments: ${JSON.stringify(json)}`);
  return Object.fromEntries(json.environments.map((e) => [e.environment, e.record]));
}

function expectExit(ran: Ran, code: number, what: string): void {
  if (ran.exitCode !== code) throw new StepFailed(`${what}: expected exit ${code}, got ${ran.exitCode}`);
}

function expectRecord(recs: Records, env: string, want: Partial<Recorded> | null): void {
  const got = recs[env];
  const ok =
    want === null
      ? got === null
      : got != null && Object.entries(want).every(([k, v]) => got[k as keyof Recorded] === v);
  if (!ok) throw new StepFailed(`${env} should record ${JSON.stringify(want)}, but records ${JSON.stringify(got)}`);
}

const short = (sha: string) => sha.slice(0, 12);

/** The example's line the feature adds a resource after. */
const DNS = "      new DataResource(stack, 'dns', { input: { hostname: config.hostname } });";

/** The walk: main → feature branch → main → a refused tag → apps-deploy-* → apps-prod-deploy-* → status. */
export const STEPS: readonly Step[] = [
  {
    title: 'Start a project from the example',
    why:
      'A copy of examples/terraform-data: environments ops → apps → apps-prod made of terraform_data\n' +
      'resources with local state, so everything runs offline. A bare repository stands in for GitHub.',
    async run(s, p) {
      remark(p, 'copied examples/terraform-data to project/; node_modules links to this checkout');
      await s.git('init', '-b', 'main');
      s.ignoreNodeModulesLink();
      await s.git('add', '-A');
      await s.git('commit', '-m', 'Start from the provider-free example');
      await s.git('init', '--bare', '-b', 'main', '../origin.git');
      await s.git('remote', 'add', 'origin', '../origin.git');
      remark(p, 'what will a push of main run?');
      expectExit(await s.cli('explain'), 0, 'explain');
      checked(p, 'explain exits 0');
    },
  },
  {
    title: 'Push main: ops is applied, apps is planned',
    why:
      'In CI every push runs `npx cdktf-gitops run`, and the ref decides what it does. Here we run it\n' +
      'after each push. main applies ops, records the commit in its state, and plans apps.',
    async run(s, p) {
      await s.git('push', '-u', 'origin', 'main');
      expectExit(await s.cli('run'), 0, 'run on main');
      const first = await s.head();
      const recs = await records(s);
      expectRecord(recs, 'ops', { commit: first, ref: 'refs/heads/main', trigger: 'main' });
      expectRecord(recs, 'apps', null);
      checked(p, `exit 0; ops records ${short(first)} from refs/heads/main, apps nothing yet`);
    },
  },
  {
    title: 'Feature branch: ops is planned, nothing changes',
    why: 'A feature branch plans the internal environment only: a preview for the review.',
    async run(s, p) {
      const before = await s.head();
      await s.git('switch', '-c', 'feature/cache');
      s.edit(
        'main.ts',
        DNS,
        `${DNS}\n      new DataResource(stack, 'cache', { input: { environment: name, size: 'small' } });`,
        'every environment gets a cache',
      );
      await s.git('commit', '-am', 'Add a cache to every environment');
      await s.git('push', '-u', 'origin', 'feature/cache');
      expectExit(await s.cli('run'), 0, 'run on a feature branch');
      const recs = await records(s);
      expectRecord(recs, 'ops', { commit: before, ref: 'refs/heads/main' });
      expectRecord(recs, 'apps', null);
      checked(p, `exit 0; ops still records ${short(before)}: nothing was applied`);
    },
  },
  {
    title: 'Merge to main: ops gets the cache, apps is planned',
    why:
      'After the review the change is merged; the merge commit is applied to ops. The run ends with\n' +
      'the command that promotes this commit to apps.',
    async run(s, p) {
      await s.git('switch', 'main');
      await s.git('merge', '--no-ff', '-m', 'Merge feature/cache', 'feature/cache');
      await s.git('push');
      expectExit(await s.cli('run'), 0, 'run on main');
      const merged = await s.head();
      const recs = await records(s);
      expectRecord(recs, 'ops', { commit: merged, ref: 'refs/heads/main', trigger: 'main' });
      expectRecord(recs, 'apps', null);
      checked(p, `exit 0; ops records the merge commit ${short(merged)}`);
    },
  },
  {
    title: 'The promotion gate refuses an unmerged commit (exit 3)',
    why: 'A deploy tag on a commit that never went through main is refused before terraform changes anything.',
    async run(s, p) {
      await s.git('switch', '-c', 'experiment');
      s.edit('main.ts', 'replicas: 2,', 'replicas: 9,', 'apps runs 9 replicas instead of 2');
      await s.git('commit', '-am', 'experiment: 9 replicas');
      await s.git('tag', 'apps-deploy-experiment');
      await s.git('push', 'origin', 'apps-deploy-experiment');
      remark(p, 'CI checks out the tag it runs for:');
      await s.git('switch', '--detach', 'apps-deploy-experiment');
      expectExit(await s.cli('run'), 3, 'run on an unmerged deploy tag');
      checked(p, 'exit 3: refused before terraform ran');
    },
  },
  {
    title: 'Promote to apps: tag the commit main applied',
    why:
      '`apps-deploy-*` applies apps and plans apps-prod. The gate passes: the commit is on main and ops\n' +
      'applied it. (The main run printed this command with a timestamped tag name; any suffix works.)',
    async run(s, p) {
      await s.git('switch', 'main');
      await s.git('tag', 'apps-deploy-1');
      await s.git('push', 'origin', 'apps-deploy-1');
      remark(p, 'CI checks out the tag it runs for:');
      await s.git('switch', '--detach', 'apps-deploy-1');
      expectExit(await s.cli('run'), 0, 'run on apps-deploy-1');
      const merged = await s.head();
      const recs = await records(s);
      expectRecord(recs, 'apps', { commit: merged, ref: 'refs/tags/apps-deploy-1', trigger: 'deploy-tag' });
      expectRecord(recs, 'apps-prod', null);
      checked(p, `exit 0; apps records ${short(merged)} from refs/tags/apps-deploy-1, apps-prod nothing yet`);
    },
  },
  {
    title: 'Promote to apps-prod',
    why: '`apps-prod-deploy-*` applies apps-prod (the longest environment name wins: it is not an apps tag).',
    async run(s, p) {
      await s.git('tag', 'apps-prod-deploy-1');
      await s.git('push', 'origin', 'apps-prod-deploy-1');
      remark(p, 'two tags point at this commit now; CI passes the ref in GITHUB_REF, here --ref does');
      expectExit(await s.cli('run', '--ref', 'refs/tags/apps-prod-deploy-1'), 0, 'run on apps-prod-deploy-1');
      expectRecord(await records(s), 'apps-prod', {
        commit: await s.head(),
        ref: 'refs/tags/apps-prod-deploy-1',
        trigger: 'deploy-tag',
      });
      checked(p, 'exit 0; apps-prod records the commit from refs/tags/apps-prod-deploy-1');
    },
  },
  {
    title: 'Where is each environment?',
    why: '`status` reads the record each environment keeps in its own state.',
    async run(s, p) {
      expectExit(await s.cli('status'), 0, 'status');
      checked(p, 'exit 0; ops, apps and apps-prod all run the merge commit');
    },
  },
];
