import { execFile } from 'node:child_process';
import { productOf, resolveBinary } from '../terraform/binary.js';
import { patchCdkModules } from './cdk-patch.js';
import { parseVersion, versionAtLeast } from '../terraform/version.js';

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
export function versionChecksOnce(from: readonly string[], terraformVersion?: string, binary?: string): () => void {
  // A module not found runs its validations unmemoized: slower, still correct.
  return patchCdkModules(from, VALIDATION_MODULE, validationPrototype, 'validate', (original) => {
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
