import type { CommonOptions, Terraform } from '../terraform/index.js';
import { initUnlessCurrent, type ReuseInit } from './init-cache.js';
import { retryRaces } from './races.js';
import { serialFor } from './serial.js';

/**
 * `terraform init` of a directory, skipped when `reuse` says its last init still holds (see
 * init-cache.ts; `config`: its `cdk.tf.json`, read already), and retried while it loses a creation
 * race to a concurrent run; one at a time per plugin cache.
 */
export async function initDir(
  tf: Terraform,
  reuse: ReuseInit | undefined,
  opts: CommonOptions = {},
  config?: Readonly<Record<string, unknown>>,
): Promise<void> {
  // terraform does not lock a shared plugin cache: with one, this process runs its inits one at a
  // time (an environment's stacks, a preview's environments and the metadata store run concurrently).
  const once = () => retryRaces(() => tf.init(opts), opts);
  const init = async () => void (await (tf.pluginCacheDir ? serialFor(tf.pluginCacheDir)(once) : once()));
  await (reuse
    ? initUnlessCurrent({ ...reuse, stackDir: tf.workingDir, ...(config ? { config } : {}) }, init)
    : init());
}
