import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { canonicalJson } from '../records/canonical.js';

/** File in the stack's data directory (`.terraform/`) holding the fingerprint of its last successful init. */
export const INIT_STAMP_FILE = 'cdktf-gitops-init.sha256';

/** What an initialized directory depends on besides the synthesized configuration. */
export interface InitInputs {
  /** The stack directory terraform runs in. */
  readonly stackDir: string;
  /** The terraform binary (path or name) and its version: another terraform re-initializes. */
  readonly terraform: string;
  /** terraform's `TF_DATA_DIR`, when set (relative to the stack directory). */
  readonly dataDir?: string;
  /** The stack's parsed `cdk.tf.json`, when the caller has read it already. */
  readonly config?: Readonly<Record<string, unknown>>;
}

/** terraform's data directory of a stack (where init keeps the backend, providers and modules). */
export function dataDirOf(inputs: InitInputs): string {
  return path.resolve(inputs.stackDir, inputs.dataDir ?? '.terraform');
}

/**
 * Fingerprint of what `terraform init` acts on: the `terraform` block of `cdk.tf.json` (backend,
 * required providers and version), module sources, provider names, the dependency lock file
 * and the terraform binary. Resources, variables and outputs are left out: they never need an init.
 */
export function initFingerprint(inputs: InitInputs): string {
  const config =
    inputs.config ??
    (JSON.parse(readFileSync(path.join(inputs.stackDir, 'cdk.tf.json'), 'utf8')) as Record<string, unknown>);
  const modules = Object.entries((config.module ?? {}) as Record<string, { source?: unknown; version?: unknown }>)
    .map(([name, m]) => [name, m.source ?? null, m.version ?? null])
    .sort();
  const lockFile = path.join(inputs.stackDir, '.terraform.lock.hcl');
  const parts = {
    terraform: config.terraform ?? null,
    modules,
    providers: Object.keys((config.provider ?? {}) as object).sort(),
    lock: existsSync(lockFile) ? readFileSync(lockFile, 'utf8') : null,
    binary: inputs.terraform,
  };
  return createHash('sha256').update(canonicalJson(parts)).digest('hex');
}

/**
 * Whether the directory was initialized successfully with exactly this fingerprint and is still
 * there: a deleted or half-deleted `.terraform` means init runs again.
 */
export function initIsCurrent(inputs: InitInputs, fingerprint: string): boolean {
  const dataDir = dataDirOf(inputs);
  const stamp = path.join(dataDir, INIT_STAMP_FILE);
  // init writes the backend it configured here; without it terraform has no backend to use.
  if (!existsSync(stamp) || !existsSync(path.join(dataDir, 'terraform.tfstate'))) return false;
  return readFileSync(stamp, 'utf8').trim() === fingerprint;
}

/** Removes the stamp before an init, so an init that fails or is interrupted leaves none behind. */
export function forgetInit(inputs: InitInputs): void {
  rmSync(path.join(dataDirOf(inputs), INIT_STAMP_FILE), { force: true });
}

/** Records a successful init; the fingerprint is taken after it, lock file updates included. */
export function rememberInit(inputs: InitInputs): void {
  const dataDir = dataDirOf(inputs);
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(path.join(dataDir, INIT_STAMP_FILE), `${initFingerprint(inputs)}\n`);
}

/**
 * Runs `init` unless the directory's last successful init had the same fingerprint; resolves to
 * whether it ran. The fingerprint is best effort: terraform itself still refuses to plan with
 * an outdated backend or missing providers, so a miss fails loudly instead of planning wrongly.
 */
export async function initUnlessCurrent(inputs: InitInputs, init: () => Promise<unknown>): Promise<boolean> {
  if (initIsCurrent(inputs, initFingerprint(inputs))) return false;
  forgetInit(inputs);
  await init();
  rememberInit(inputs);
  return true;
}

/** What a pipeline passes to its stages to reuse inits: {@link InitInputs} without the stack. */
export type ReuseInit = Omit<InitInputs, 'stackDir' | 'config'>;
