import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  installRecord,
  isTransientBundle,
  pipelineBuild,
  stateKey,
  stateOf,
  statesMatch,
  type States,
  type View,
} from './file-state.js';

// `explain` of a project made of named stacks must synthesize it to learn the order of its stacks
// (cross-stack references register dependencies only while cdktf resolves them): ~1 s of loading cdktf,
// the provider classes and synthesizing, for a few lines of output. The build record lets it skip all
// that when nothing the last build of the project saw has changed: every pipeline build (run, synth,
// explain) records what it read, and `explain` checks that record before it loads anything.
//
// What a build reads is recorded while the project's code runs (the import of its entry module,
// `createApp` and the synthesis):
// - the bundled source files (esbuild's inputs) and the listing of each of their directories, since a
//   new file there may change what an import resolves to;
// - every file or directory the code reads through `node:fs` (outside `node_modules` and `cdktf.out`),
//   as its content or listing, or that it is missing;
// - every environment variable it reads, as the value it saw (kept as one digest of them all);
// - the installed packages, through the package manager's record of `node_modules`
//   (`node_modules/.package-lock.json`), and this pipeline's own build and Node's version.
// A build that enumerates the environment (`{ ...process.env }`, `Object.keys`) cannot be recorded.
// What is not seen: a child process' output, the network, the clock, and edits inside `node_modules`
// that no package manager made; `CDKTF_GITOPS_EXPLAIN=synth` makes `explain` synthesize every time.

/** Environment variable: `synth` makes `explain` ignore the record and build the project. */
export const EXPLAIN_ENV = 'CDKTF_GITOPS_EXPLAIN';

/** Where a project's record is kept, under its `cdktf.out`. */
export const RECORD_FILE = path.join('cdktf-gitops', 'build-record.json');

/** Paths through a `node_modules` (the install record stands for them), skipped first: the loader reads hundreds. */
const NODE_MODULES = `${path.sep}node_modules${path.sep}`;

/** Bumped whenever the record's meaning changes: an older record is then ignored. */
const RECORD_FORMAT = 3;

/** What `explain` needs from a project: its settings and, per environment, its stacks. */
export interface ProjectLayout {
  readonly environments: readonly string[];
  readonly mainBranch: string;
  readonly previewAllEnvironments?: boolean;
  /** Per environment, its named stacks in order with their dependencies; absent: one unnamed stack each. */
  readonly stacks?: Readonly<
    Record<string, readonly { readonly name: string; readonly dependsOn: readonly string[] }[]>
  >;
}

/** What a build saw: the states of the paths it read (see file-state.ts), and of the variables. */
interface Inputs {
  readonly format: number;
  readonly node: string;
  /** The pipeline's own build (its files' sizes and times). */
  readonly pipeline: string;
  readonly paths: States;
  /** Names of the environment variables read, and one digest of the values seen (unset: none). */
  readonly envNames: readonly string[];
  readonly envDigest: string;
}

interface RecordFile {
  readonly inputs: Inputs;
  readonly layout: ProjectLayout;
}

// The originals, taken before any recorder patches them: the recorder's own reads go around itself.
const { existsSync, readFileSync, writeFileSync, mkdirSync, renameSync, rmSync } = fs;

/**
 * Records what a project's build reads, while its code runs ({@link InputRecorder.during}), and
 * writes the record once the build is done ({@link InputRecorder.write}).
 */
export class InputRecorder {
  private readonly paths = new Map<string, string>();
  private readonly env = new Map<string, string | undefined>();
  /** Variables the build set or deleted: later reads see its own values, not inputs. */
  private readonly written = new Set<string>();
  private unrecordable: string | undefined;
  private depth = 0;
  private seeing = false;
  private uninstall: (() => void) | undefined;

  constructor(
    /** The project's directory. */
    readonly projectDir: string,
    /** Its `cdktf.out`: what the build writes is not one of its inputs. */
    readonly outdir: string,
  ) {}

  /** Gives up: the build went a way the record cannot follow (tsx loaded it, it enumerated the environment). */
  refuse(reason: string): void {
    this.unrecordable ??= reason;
  }

  /** The files esbuild bundled, and the modules in their directories (a new one may change what an import finds). */
  addSources(files: readonly string[]): void {
    for (const file of files) {
      this.see(file, 'content');
      const dir = stateKey('modules', path.dirname(file));
      if (!this.paths.has(dir)) this.paths.set(dir, stateOf(path.dirname(file), 'modules'));
    }
  }

  /** Runs `fn` (the project's code) with its reads of files and environment variables recorded. */
  during<T>(fn: () => T): T {
    this.install();
    let result: T;
    try {
      result = fn();
    } catch (error) {
      this.release();
      throw error;
    }
    if (result instanceof Promise) {
      return result.finally(() => this.release()) as T;
    }
    this.release();
    return result;
  }

  /** Writes the record of this build with the layout it produced (never fails: no record, a slower explain). */
  write(layout: ProjectLayout): void {
    const file = path.join(this.outdir, RECORD_FILE);
    // A build that wrote nothing (explain of one unnamed stack per environment) leaves no cdktf.out behind.
    if (!existsSync(this.outdir)) return;
    try {
      const install = installRecord(this.projectDir);
      if (install === undefined) this.refuse('no package manager record in node_modules');
      if (install === undefined || this.unrecordable !== undefined || this.depth > 0) {
        rmSync(file, { force: true });
        return;
      }
      const record: RecordFile = { inputs: this.inputs(install), layout };
      mkdirSync(path.dirname(file), { recursive: true });
      const staging = `${file}.${process.pid}.tmp`;
      writeFileSync(staging, `${JSON.stringify(record)}\n`);
      renameSync(staging, file); // another run reads the old record or this one, never half of one
    } catch {
      // A read-only checkout, say: explain then builds the project.
    }
  }

  private inputs(install: string): Inputs {
    this.see(path.join(this.projectDir, 'cdktf.json'), 'content');
    this.paths.set(stateKey('content', install), stateOf(install, 'content'));
    const envNames = [...this.env.keys()].sort();
    return {
      format: RECORD_FORMAT,
      node: process.version,
      pipeline: pipelineBuild(),
      paths: sortedRecord(this.paths),
      envNames,
      envDigest: envDigest(envNames, (name) => this.env.get(name)),
    };
  }

  private see(target: unknown, view: View): void {
    // Its own reads go through node:fs too (readFileSync opens with fs.openSync): not the build's.
    if (this.seeing || (typeof target === 'string' && target.includes(NODE_MODULES))) return;
    const file = pathOf(target);
    if (file === undefined) return;
    const key = stateKey(view, file);
    if (this.paths.has(key) || this.ignored(file)) return;
    this.seeing = true;
    try {
      this.paths.set(key, stateOf(file, view));
    } finally {
      this.seeing = false;
    }
  }

  private ignored(file: string): boolean {
    return (
      file.split(path.sep).includes('node_modules') ||
      file === this.outdir ||
      file.startsWith(this.outdir + path.sep) ||
      isTransientBundle(file)
    );
  }

  private install(): void {
    if (this.depth > 0) {
      this.depth++;
      return;
    }
    const restoreEnv = this.watchEnv();
    try {
      const restoreFs = this.watchFs();
      this.uninstall = () => {
        restoreFs();
        restoreEnv();
      };
    } catch (error) {
      restoreEnv();
      throw error;
    }
    this.depth = 1;
  }

  private release(): void {
    if (--this.depth > 0) return;
    this.uninstall?.();
    this.uninstall = undefined;
  }

  private watchEnv(): () => void {
    const original = process.env;
    const read = (name: string | symbol) => {
      if (typeof name !== 'string' || this.written.has(name) || this.env.has(name)) return;
      this.env.set(name, Reflect.get(original, name) as string | undefined);
    };
    const write = (name: string | symbol) => {
      if (typeof name !== 'string') return;
      read(name); // what it held before the build changed it is what a rebuild would meet
      this.written.add(name);
    };
    // Each trap notes the variable, then does what the plain object would.
    const trap =
      (name: 'get' | 'has' | 'getOwnPropertyDescriptor' | 'set' | 'deleteProperty' | 'defineProperty', note = read) =>
      (target: NodeJS.ProcessEnv, key: string | symbol, ...rest: unknown[]) => {
        note(key);
        return (Reflect[name] as (...args: unknown[]) => never)(target, key, ...rest);
      };
    process.env = new Proxy(original, {
      get: trap('get'),
      has: trap('has'),
      getOwnPropertyDescriptor: trap('getOwnPropertyDescriptor'),
      set: trap('set', write),
      deleteProperty: trap('deleteProperty', write),
      defineProperty: trap('defineProperty', write),
      ownKeys: (target) => {
        this.refuse('the build enumerated the environment variables');
        return Reflect.ownKeys(target);
      },
    });
    return () => {
      process.env = original;
    };
  }

  private watchFs(): () => void {
    const restore: (() => void)[] = [];
    const wrap = (owner: Record<string, unknown>, views: Readonly<Record<string, View>>) => {
      for (const [name, view] of Object.entries(views)) {
        const original = owner[name];
        if (typeof original !== 'function') continue;
        const see = (target: unknown) => this.see(target, view);
        owner[name] = function (this: unknown, ...args: unknown[]) {
          see(args[0]);
          return (original as (...a: unknown[]) => unknown).apply(this, args);
        };
        restore.push(() => {
          owner[name] = original;
        });
      }
    };
    const undoAll = () => {
      for (const undo of restore) undo();
      syncBuiltinESMExports();
    };
    try {
      wrap(fs as unknown as Record<string, unknown>, FS_READS);
      wrap(fs.promises as unknown as Record<string, unknown>, FS_PROMISE_READS);
    } catch (error) {
      undoAll();
      throw error;
    }
    syncBuiltinESMExports(); // `import { readFileSync } from 'node:fs'` sees the wrappers too
    return undoAll;
  }
}

/** `node:fs` functions whose first argument names what the build reads (or looks for). */
const FS_READS: Readonly<Record<string, View>> = {
  readFileSync: 'content',
  readFile: 'content',
  openSync: 'content',
  open: 'content',
  createReadStream: 'content',
  readdirSync: 'content',
  readdir: 'content',
  opendirSync: 'content',
  opendir: 'content',
  existsSync: 'meta',
  exists: 'meta',
  statSync: 'meta',
  stat: 'meta',
  lstatSync: 'meta',
  lstat: 'meta',
  accessSync: 'meta',
  access: 'meta',
};
const FS_PROMISE_READS: Readonly<Record<string, View>> = {
  readFile: 'content',
  open: 'content',
  readdir: 'content',
  opendir: 'content',
  stat: 'meta',
  lstat: 'meta',
  access: 'meta',
};

/**
 * The layout `explain` may use instead of building the project: the record's, when everything its
 * build saw is as it was; undefined otherwise (no record, another format, anything changed, or
 * `CDKTF_GITOPS_EXPLAIN=synth` in `env`). Variables are compared with `process.env`: a build in this
 * process would read those.
 */
export function readBuildRecord(projectDir: string, env: NodeJS.ProcessEnv): ProjectLayout | undefined {
  if (env[EXPLAIN_ENV] === 'synth') return undefined;
  const dir = path.resolve(projectDir);
  let record: RecordFile;
  try {
    record = JSON.parse(readFileSync(path.join(dir, 'cdktf.out', RECORD_FILE), 'utf8')) as RecordFile;
  } catch {
    return undefined;
  }
  const inputs = record?.inputs;
  if (inputs?.format !== RECORD_FORMAT || inputs.node !== process.version || inputs.pipeline !== pipelineBuild()) {
    return undefined;
  }
  // The project's code reads this process' own environment, whatever `env` the caller passes.
  const own = process.env;
  if (!Array.isArray(inputs.envNames) || envDigest(inputs.envNames, (name) => own[name]) !== inputs.envDigest) {
    return undefined;
  }
  // Every installed package set is recorded: one appearing since means the record cannot tell.
  const install = installRecord(dir);
  if (install !== undefined && !(stateKey('content', install) in inputs.paths)) return undefined;
  return statesMatch(inputs.paths) ? record.layout : undefined;
}

/** A path argument as an absolute file name; undefined for a file descriptor or anything else. */
function pathOf(target: unknown): string | undefined {
  if (typeof target === 'string') return path.resolve(target);
  if (target instanceof URL) return target.protocol === 'file:' ? fileURLToPath(target) : undefined;
  if (Buffer.isBuffer(target)) return path.resolve(target.toString());
  return undefined;
}

function sortedRecord(map: ReadonlyMap<string, string>): Record<string, string> {
  return Object.fromEntries([...map].sort(([a], [b]) => (a < b ? -1 : 1)));
}

function envDigest(names: readonly string[], value: (name: string) => string | undefined): string {
  return createHash('sha256')
    .update(JSON.stringify(names.map((name) => [name, value(name) ?? null])))
    .digest('hex');
}
