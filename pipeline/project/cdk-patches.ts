// Patches of the CDK library's internals, in one place behind one switch: each buys a synthesis time
// measured in BENCHMARKS.md, is applied only to the library (cdktf or cdktn) the project itself
// loaded, and is undone after the synthesis. CDKTF_GITOPS_CDK_PATCHES=off runs the library as written.
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { productOf, resolveBinary } from '../terraform/binary.js';
import { parseVersion, versionAtLeast } from '../terraform/version.js';

/** Environment variable that turns every patch off (`off`). */
export const CDK_PATCHES_ENV = 'CDKTF_GITOPS_CDK_PATCHES';

/** Whether the patches are on in `env` (default on). */
export function cdkPatchesEnabled(env: NodeJS.ProcessEnv): boolean {
  return env[CDK_PATCHES_ENV] !== 'off';
}

/** The CDK libraries whose modules are patched: cdktf and cdktn (the same layout of `lib/`). */
export type CdkLibraryName = 'cdktf' | 'cdktn';

/** What {@link applyCdkPatches} needs besides the files the library is loaded from. */
export interface PatchOptions {
  /** The version of the terraform the pipeline runs: cdktf's checks it satisfies run nothing. */
  readonly terraformVersion?: string | undefined;
  /** The binary the pipeline runs: cdktf's terraform checks ask it. */
  readonly binary?: string | undefined;
  /**
   * The libraries the project imports (its bundle's imports), for a caller that patches before the
   * project loads; default: those already loaded from `from`.
   */
  readonly libraries?: readonly CdkLibraryName[];
}

/**
 * Applies both patches ({@link versionChecksOnce} and {@link lazyCreationStacks}) to the CDK library
 * loaded from the files `from`; returns the function that puts every original back.
 */
export function applyCdkPatches(from: readonly string[], opts: PatchOptions = {}): () => void {
  const libraries = opts.libraries ?? loadedLibraries(from);
  const restoreChecks = versionChecksOnce(from, opts.terraformVersion, opts.binary, libraries);
  const restoreStacks = lazyCreationStacks(from, libraries);
  return () => {
    restoreStacks();
    restoreChecks();
  };
}

const CDK_LIBRARIES: readonly CdkLibraryName[] = ['cdktf', 'cdktn'];

/**
 * Replaces `key` of each distinct object `pick` finds in the module `module` (a path inside the
 * library, `lib/…`) of each of `libraries`, as `require`d from each file of `from` (a project's copy
 * of cdktf may differ from the pipeline's), by `replace(original)`; returns the function that puts
 * every original back. A cdktn project names no cdktf, so no file of cdktf loads. A module not
 * installed there, or in which `pick` finds nothing, is left alone: its code then runs as written.
 */
function patchCdkModules<T extends object, K extends keyof T>(
  from: readonly string[],
  libraries: readonly CdkLibraryName[],
  module: string,
  pick: (module: Record<string, unknown>) => T | undefined,
  key: K,
  replace: (original: T[K]) => T[K],
): () => void {
  const targets = new Set<T>();
  for (const id of libraries.map((library) => `${library}/${module}`)) {
    for (const file of from) {
      const target = pickFrom(file, id, pick);
      if (target) targets.add(target);
    }
  }
  const restore: (() => void)[] = [];
  for (const target of targets) {
    const original = target[key];
    target[key] = replace(original);
    restore.push(() => {
      target[key] = original;
    });
  }
  return () => {
    for (const undo of restore) undo();
  };
}

/** The libraries loaded through `require` from some file of `from`. */
export function loadedLibraries(from: readonly string[]): CdkLibraryName[] {
  return CDK_LIBRARIES.filter((library) =>
    from.some((file) => {
      const require = createRequire(file);
      try {
        return require.cache[require.resolve(library)] !== undefined;
      } catch {
        return false;
      }
    }),
  );
}

function pickFrom<T>(
  file: string,
  id: string,
  pick: (module: Record<string, unknown>) => T | undefined,
): T | undefined {
  try {
    return pick(createRequire(file)(id) as Record<string, unknown>);
  } catch {
    // Not installed, or another layout.
    return undefined;
  }
}

/** cdktf's `tokens/private/stack-trace` module (cdktf 0.2x; cdktn keeps the layout). */
interface StackTraceModule {
  captureStackTrace: (below?: unknown) => string[];
}

const STACK_TRACE_MODULE = 'lib/tokens/private/stack-trace.js';

/**
 * Makes cdktf record the creation stack of every token lazily until the returned function is called.
 * cdktf captures the whole stack of each token it creates (`Intrinsic`, `Lazy`, …: several per
 * resource) and formats it to strings at once, for error messages that almost never come: at 100
 * resources per environment that formatting was most of a warm synth (BENCHMARKS.md). Here the stack
 * is captured as before (same depth, same frames) and formatted only when something reads it: the
 * creation stack is an array whose contents appear on first access, identical to cdktf's.
 * `from` are module paths whose `cdktf` and `cdktn` are patched (see `withVersionChecksOnce`).
 */
export function lazyCreationStacks(
  from: readonly string[],
  libraries: readonly CdkLibraryName[] = loadedLibraries(from),
): () => void {
  // A module not found captures creation stacks as cdktf does.
  return patchCdkModules(from, libraries, STACK_TRACE_MODULE, stackTraceModule, 'captureStackTrace', () => {
    return function captureStackTrace(below?: unknown): string[] {
      return lazyStack(typeof below === 'function' ? (below as (...args: never[]) => unknown) : captureStackTrace);
    };
  });
}

/**
 * The stack above `below`, as cdktf's `captureStackTrace` returns it (one string per frame, without
 * the leading `at `), captured now and formatted on first access.
 */
export function lazyStack(below: (...args: never[]) => unknown): string[] {
  const holder: { stack?: string } = {};
  const limit = Error.stackTraceLimit;
  try {
    Error.stackTraceLimit = Number.MAX_SAFE_INTEGER;
    Error.captureStackTrace(holder, below);
  } finally {
    Error.stackTraceLimit = limit;
  }
  let frames: string[] | undefined;
  const materialize = (): string[] =>
    (frames ??= holder.stack
      ? holder.stack
          .split('\n')
          .slice(1)
          .map((line) => line.replace(/^\s*at\s+/, ''))
      : []);
  return new Proxy<string[]>([], {
    get: (_target, key) => {
      const value: unknown = Reflect.get(materialize(), key);
      return typeof value === 'function' ? value.bind(materialize()) : value;
    },
    has: (_target, key) => Reflect.has(materialize(), key),
    ownKeys: () => Reflect.ownKeys(materialize()),
    getOwnPropertyDescriptor: (_target, key) => Reflect.getOwnPropertyDescriptor(materialize(), key),
    set: (_target, key, value) => Reflect.set(materialize(), key, value),
    deleteProperty: (_target, key) => Reflect.deleteProperty(materialize(), key),
  });
}

/** The stack-trace module itself, when it has cdktf's `captureStackTrace`. */
function stackTraceModule(module: Record<string, unknown>): StackTraceModule | undefined {
  return typeof module.captureStackTrace === 'function' ? (module as unknown as StackTraceModule) : undefined;
}

/** cdktf's `ValidateBinaryVersion` as far as the memo needs it (cdktf 0.2x, `lib/validations`). */
interface BinaryVersionValidation {
  readonly binary: string;
  readonly versionCommand: string;
  readonly versionConstraint: string;
  readonly hint?: string;
  validate(): string[];
}

type Validate = (this: BinaryVersionValidation) => string[];

/**
 * Module of the validation class every `ValidateTerraformVersion` inherits `validate` from, in
 * cdktf and in cdktn (same layout, same class; cdktn's `DataResource` still adds the check).
 */
const VALIDATION_MODULE = 'lib/validations/validate-binary-version.js';

/**
 * Runs `fn` (a synth with validations on) so that cdktf's binary-version validations run their
 * `terraform version` command once per distinct check instead of once per construct: `DataResource`
 * adds one to every `terraform_data`, ~35 ms each. Every other validation, users' own included,
 * runs unchanged, and the answers (messages too) are cdktf's own. `from` are module paths whose
 * `cdktf` and `cdktn` are patched (the project's entry module, whose copy may differ from the pipeline's).
 * With `terraformVersion` (the version of the terraform the pipeline runs, as that binary reported it),
 * terraform checks it satisfies pass without running anything; any other answer is cdktf's.
 * With `binary` (the one the pipeline runs), terraform checks ask it rather than `terraform`.
 */
export function withVersionChecksOnce<T>(
  from: readonly string[],
  fn: () => T,
  terraformVersion?: string,
  binary?: string,
): T {
  const restore = versionChecksOnce(from, terraformVersion, binary);
  try {
    return fn();
  } finally {
    restore();
  }
}

/**
 * {@link withVersionChecksOnce} for code that synthesizes asynchronously (the app command imports an
 * entry module that synthesizes while it is evaluated): patches until the returned function is called.
 */
export function versionChecksOnce(
  from: readonly string[],
  terraformVersion?: string,
  binary?: string,
  libraries: readonly CdkLibraryName[] = loadedLibraries(from),
): () => void {
  // A module not found runs its validations unmemoized: slower, still correct.
  return patchCdkModules(from, libraries, VALIDATION_MODULE, validationPrototype, 'validate', (original) => {
    const answers = new Map<string, string[]>();
    return function memoized(this: BinaryVersionValidation): string[] {
      if (terraformVersion !== undefined && satisfiedBy(this, terraformVersion)) return [];
      const check = binary !== undefined && isTerraformCheck(this) ? askingBinary(this, binary) : this;
      const key = JSON.stringify([check.binary, check.versionCommand, check.versionConstraint, check.hint ?? '']);
      let answer = answers.get(key);
      if (answer === undefined) {
        answer = original.call(check);
        answers.set(key, answer);
      }
      return [...answer];
    };
  });
}

/** The binary the pipeline runs and its version, as {@link askTerraformVersion} found them. */
export interface KnownTerraform {
  readonly binary: string;
  readonly version: string;
}

/**
 * Asks the terraform the pipeline runs (`TERRAFORM_BINARY`, else `terraform`, else `tofu` on PATH)
 * for its version, without blocking: the app command starts this before it bundles and loads the
 * project, and hands the answer to {@link versionChecksOnce}. Resolves undefined when there is no
 * usable answer; cdktf's own check then runs and reports in its own words. A plain `execFile`, not
 * the runner's `Terraform.askVersion`: the app command would otherwise load the runner and execa
 * for this one call, and it needs neither its errors nor its events.
 */
export function askTerraformVersion(env: NodeJS.ProcessEnv = process.env): Promise<KnownTerraform | undefined> {
  const binary = resolveBinary(env);
  return new Promise((resolve) => {
    // No update check: only the version is wanted (terraform otherwise asks checkpoint.hashicorp.com).
    const options = { env: { ...env, CHECKPOINT_DISABLE: '1' }, timeout: 60_000 };
    execFile(binary, ['version', '-json'], options, (error, stdout) => {
      if (error) return resolve(undefined);
      try {
        resolve({ binary, version: parseVersion(stdout, productOf(binary).command).version });
      } catch {
        resolve(undefined);
      }
    });
  });
}

/** Whether a check is the CDK's terraform version check (which runs `terraform version`). */
function isTerraformCheck(check: BinaryVersionValidation): boolean {
  return check.constructor.name === 'ValidateTerraformVersion';
}

/**
 * The same check, asking `binary` (the one the pipeline runs, e.g. `tofu`) instead of the CDK's
 * `terraform` (`TERRAFORM_BINARY_NAME`): a machine with only OpenTofu still synthesizes, and the
 * answer names the binary in use.
 */
function askingBinary(check: BinaryVersionValidation, binary: string): BinaryVersionValidation {
  const quoted = `'${binary.replaceAll("'", "'\\''")}'`;
  return Object.create(check, {
    binary: { value: productOf(binary).command },
    versionCommand: { value: `${quoted} version` },
  }) as BinaryVersionValidation;
}

/** Whether a terraform version check (a plain `>=X.Y[.Z]`, as cdktf writes them) accepts `version`. */
function satisfiedBy(check: BinaryVersionValidation, version: string): boolean {
  if (!isTerraformCheck(check)) return false;
  const min = /^>=\s*v?(\d+\.\d+(?:\.\d+)?)$/.exec(check.versionConstraint.trim())?.[1];
  return min !== undefined && versionAtLeast(version, min);
}

/** `ValidateBinaryVersion`'s prototype in a loaded validations module; undefined in another layout. */
function validationPrototype(module: Record<string, unknown>): { validate: Validate } | undefined {
  const validation = module.ValidateBinaryVersion as { prototype?: { validate?: unknown } } | undefined;
  const proto = validation?.prototype;
  return typeof proto?.validate === 'function' ? (proto as { validate: Validate }) : undefined;
}
