import type { CommandContext } from './context.js';
import { TerraformVersionError } from './errors.js';
import type { CommandResult, CommonOptions } from './types.js';

/** The installed terraform, from `terraform version -json`. */
export interface TerraformVersion {
  /** e.g. `1.11.4` or `1.12.0-beta1`. */
  version: string;
  major: number;
  minor: number;
  patch: number;
  /** Pre-release tag, e.g. `beta1`. */
  prerelease?: string;
  /** e.g. `linux_amd64`. */
  platform: string;
  /** Provider source → selected version, for an initialized directory. */
  providerSelections: Record<string, string>;
  /** Whether terraform thinks a newer release exists (false in automation, where it does not check). */
  outdated: boolean;
}

/** Options of `version`. */
export type VersionOptions = CommonOptions;

/** Arguments of `terraform version -json`. */
export function buildVersionArgs(): string[] {
  return ['version', '-json'];
}

/**
 * Parses `version -json` output: terraform's, or OpenTofu's (which keeps the `terraform_version`
 * key and has no `terraform_outdated`). `tool` names the binary in the error.
 */
export function parseVersion(stdout: string, tool = 'terraform'): TerraformVersion {
  const raw = JSON.parse(stdout) as Record<string, unknown>;
  const version = String(raw.terraform_version ?? '');
  const parsed = parseSemver(version);
  if (parsed === undefined) throw new Error(`unexpected ${tool} version '${version}'`);
  return {
    version,
    ...parsed,
    platform: String(raw.platform ?? ''),
    providerSelections: (raw.provider_selections ?? {}) as Record<string, string>,
    outdated: raw.terraform_outdated === true,
  };
}

/** Whether `version` is at least `min` (a pre-release is older than its release). */
export function versionAtLeast(version: string, min: string): boolean {
  const have = parseSemver(version);
  const want = parseSemver(min);
  if (have === undefined || want === undefined) throw new Error(`cannot compare versions '${version}' and '${min}'`);
  const diff = have.major - want.major || have.minor - want.minor || have.patch - want.patch;
  if (diff !== 0) return diff > 0;
  return have.prerelease === undefined || want.prerelease !== undefined;
}

/** What one `version -json` call answered: the version, and the command's result (errors cite it). */
export interface VersionAnswer {
  readonly parsed: TerraformVersion;
  readonly result: CommandResult;
}

/** Runs `terraform version -json`. */
export async function version(ctx: CommandContext, opts: VersionOptions = {}): Promise<TerraformVersion> {
  return (await askVersion(ctx, opts)).parsed;
}

/**
 * Checks the installed version against what `feature` needs; rejects with {@link TerraformVersionError}.
 * `answer`: a `version -json` call already under way (see {@link askVersion}) instead of a new one.
 */
export async function requireVersion(
  ctx: CommandContext,
  min: string,
  feature: string,
  opts: VersionOptions = {},
  answer?: Promise<VersionAnswer>,
): Promise<TerraformVersion> {
  const { parsed, result } = await (answer ?? askVersion(ctx, opts));
  if (!versionAtLeast(parsed.version, min)) {
    const init = { command: 'version', args: result.args, result, ...(ctx.product ? { product: ctx.product } : {}) };
    throw new TerraformVersionError(init, feature, min, parsed.version);
  }
  return parsed;
}

/** Runs `terraform version -json`, keeping the command's result beside the parsed version. */
export async function askVersion(ctx: CommandContext, opts: VersionOptions = {}): Promise<VersionAnswer> {
  const outcome = await ctx.exec({ command: 'version', args: buildVersionArgs(), signal: opts.signal });
  return { parsed: parseVersion(outcome.stdout, ctx.product?.command), result: outcome.result };
}

function parseSemver(text: string): Pick<TerraformVersion, 'major' | 'minor' | 'patch' | 'prerelease'> | undefined {
  const match = /^v?(\d+)\.(\d+)(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?/.exec(text.trim());
  if (!match) return undefined;
  const parsed: Pick<TerraformVersion, 'major' | 'minor' | 'patch' | 'prerelease'> = {
    major: Number(match[1]),
    minor: Number(match[2]),
    patch: Number(match[3] ?? 0),
  };
  if (match[4] !== undefined) parsed.prerelease = match[4];
  return parsed;
}
