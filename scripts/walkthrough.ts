// `npm start [-- DIR]`: walks a throwaway copy of the provider-free example from a feature branch to
// production with the real CLI and terraform, offline. Exits 1 when a step does not do what it should.
import { execa } from 'execa';
import { colorEnabled, colorsFor } from '../pipeline/cli/render.js';
import type { Printer } from './walkthrough/print.js';
import { runWalkthrough } from './walkthrough/run.js';

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h') || args.length > 1) {
  process.stdout.write(
    'usage: npm start [-- DIR]\n' +
      '  DIR: a new or empty directory to keep the repository in (default: a temp directory, removed at the end)\n',
  );
  process.exit(args.length > 1 ? 2 : 0);
}

const color = colorEnabled(process.env, process.stdout.isTTY === true);
const printer: Printer = {
  colors: colorsFor(process.env, process.stdout.isTTY === true),
  write: (t) => process.stdout.write(t),
};

// Fail early and clearly on a machine without terraform or git, before anything is created.
for (const [tool, versionArgs] of [
  ['terraform', ['version']],
  ['git', ['--version']],
] as const) {
  const r = await execa(tool, [...versionArgs], { reject: false });
  if (r.exitCode !== 0) {
    process.stderr.write(`${tool} is not installed or not on PATH: the walkthrough runs the real ${tool}\n`);
    process.exit(2);
  }
}

process.exitCode = await runWalkthrough({ target: args[0], printer, color });
