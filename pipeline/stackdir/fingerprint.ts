import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { canonicalJson } from '../records/canonical.js';
import type { StackDir } from './stack-dir.js';

/** What decides a stack's plan besides its directory: the terraform that plans and the variables it reads. */
export interface FingerprintInputs {
  /** The binary's name and checked version (`terraform 1.11.4`, `tofu 1.9.0`). */
  readonly terraform: string;
  /** The pipeline's environment: `TF_VAR_<name>` of the stack's variables and `TF_CLI_ARGS*` are read from it. */
  readonly env: NodeJS.ProcessEnv;
}

/** Directory cdktf copies a stack's assets into (their paths in the configuration carry a hash of them too). */
const ASSETS_DIR = 'assets';

/** Variables that change what terraform does with the same configuration (`-var`s, extra arguments). */
const CLI_ARGS = ['TF_CLI_ARGS', 'TF_CLI_ARGS_plan', 'TF_CLI_ARGS_apply'];

/**
 * The change fingerprint of a synthesized stack: sha256 of its configuration without cdktf's `//`
 * comments (construct paths, which terraform ignores), its assets, the terraform binary and version,
 * and the values of the `TF_VAR_*` variables it declares and of `TF_CLI_ARGS*`. Equal fingerprints
 * and an equal state mean terraform would plan the same. Secrets go into it (a rotated password must
 * plan), so it is kept in the backend beside the state and never printed.
 */
export function changeFingerprint(stack: StackDir, inputs: FingerprintInputs): string {
  const hash = createHash('sha256');
  const part = (name: string, value: string | Buffer) => {
    hash.update(`${name}\0${Buffer.byteLength(value)}\0`);
    hash.update(value);
  };
  part('format', 'cdktf-gitops change fingerprint 1');
  part('configuration', canonicalJson(withoutComments(stack.config)));
  part('terraform', inputs.terraform);
  for (const name of Object.keys(variablesOf(stack.config)).sort()) {
    const value = inputs.env[`TF_VAR_${name}`];
    part(`variable ${name}`, value === undefined ? '\0unset' : `=${value}`);
  }
  for (const name of CLI_ARGS) part(name, inputs.env[name] ?? '\0unset');
  for (const file of assetFiles(path.join(stack.dir, ASSETS_DIR))) {
    part(`asset ${path.relative(stack.dir, file)}`, readFileSync(file));
  }
  return hash.digest('hex');
}

/**
 * The data sources a stack reads that can plan differently with the same configuration and state (a
 * "latest image" lookup): every `data` block but cdktf's cross-stack references, which read another
 * stack of the environment (a dependency, planned when it changed). Sorted `type.name`.
 */
export function outsideReads(config: Readonly<Record<string, unknown>>): string[] {
  const data = (config.data ?? {}) as Record<string, Record<string, unknown>>;
  const reads: string[] = [];
  for (const [type, blocks] of Object.entries(data)) {
    for (const name of Object.keys(blocks ?? {})) {
      if (type === 'terraform_remote_state' && name.startsWith('cross-stack-reference-input-')) continue;
      reads.push(`${type}.${name}`);
    }
  }
  return reads.sort();
}

/** A configuration without cdktf's `//` members (terraform reads them as comments). */
function withoutComments(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutComments);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) if (key !== '//') out[key] = withoutComments(member);
  return out;
}

function variablesOf(config: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const variables = config.variable;
  return typeof variables === 'object' && variables !== null ? (variables as Record<string, unknown>) : {};
}

/** Every file under `dir`, sorted; none when it does not exist. */
function assetFiles(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir, { recursive: true, encoding: 'utf8' });
  } catch {
    return [];
  }
  return entries
    .map((e) => path.join(dir, e))
    .filter((file) => statSync(file).isFile())
    .sort();
}
