import { checked, stepHeader, type Printer } from './print.js';
import { Sandbox, StepFailed } from './sandbox.js';
import { STEPS, type Step } from './steps.js';

/** Options of {@link runWalkthrough}. */
export interface WalkthroughOptions {
  /** Directory to create the repository in (kept); default a temp directory (removed). */
  readonly target?: string | undefined;
  /** Where the walk is told. */
  readonly printer: Printer;
  /** Force colors in the CLI's output (it writes to a pipe here). */
  readonly color: boolean;
  /** The steps to walk; default {@link STEPS}. */
  readonly steps?: readonly Step[];
}

/** Runs every step in order and resolves to the exit code: 0 when all did what they should, 1 otherwise. */
export async function runWalkthrough(opts: WalkthroughOptions): Promise<number> {
  const p = opts.printer;
  const steps = opts.steps ?? STEPS;
  const started = performance.now();
  let sandbox: Sandbox;
  try {
    sandbox = Sandbox.create(opts.target, p, opts.color);
  } catch (error) {
    p.write(`${p.colors.red(`✗ ${(error as Error).message}`)}\n`);
    return 2;
  }
  p.write(
    `${p.colors.bold('cdktf-gitops walkthrough')}: ` +
      'a GitOps pipeline for CDK for Terraform, from a feature branch to production.\n',
  );
  p.write(`Repository: ${sandbox.dir}\n`);
  try {
    for (const [i, step] of steps.entries()) {
      stepHeader(p, i + 1, steps.length, step.title, step.why);
      await step.run(sandbox, p);
    }
  } catch (error) {
    const message = error instanceof StepFailed ? error.message : ((error as Error).stack ?? String(error));
    p.write(`\n${p.colors.red(p.colors.bold(`✗ the walkthrough stopped: ${message}`))}\n`);
    p.write(`  The repository is kept for a look: ${sandbox.dir}\n`);
    return 1;
  }
  p.write('\n');
  checked(p, `all ${steps.length} steps did what they should (${((performance.now() - started) / 1000).toFixed(1)}s)`);
  if (sandbox.temporary) {
    sandbox.dispose();
    p.write('  The repository was removed; to keep one and explore it: npm start -- ./my-walkthrough\n');
  } else {
    p.write(`  Explore it: cd ${sandbox.dir} && npx cdktf-gitops status\n`);
  }
  return 0;
}
