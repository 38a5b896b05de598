import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { Construct } from 'constructs';
import { isEnvironmentStack } from '../../stacks/environment-stack-class.js';
import { ConfigError } from '../errors.js';

/** One stack of an environment, as synthesized. */
export interface EnvironmentStackInfo {
  /** Its name within the environment; the environment's name for its only, unnamed stack. */
  readonly name: string;
  /** False for the environment's unnamed stack (the one-stack layout, state where round 1 kept it). */
  readonly named: boolean;
  /** Its `cdktf.out/stacks/` directory name (`<env>` or `<env>-<stack>`). */
  readonly id: string;
  /** Absolute directory holding its `cdk.tf.json`. */
  readonly dir: string;
  /** Names of the stacks of the same environment it depends on (`addDependency`, cross-stack references). */
  readonly dependsOn: readonly string[];
}

/** A stack as read from the synthesized app: what both flavours' `TerraformStack` have. */
interface StackNode extends Construct {
  readonly environment: string;
  readonly stackName: string | undefined;
  readonly dependencies?: readonly Construct[];
}

/**
 * The stacks of each environment, in the order the project added them, read from the app after its
 * synthesis (cross-stack references register their dependencies only then). An environment with no
 * `EnvironmentStack` but a synthesized `cdktf.out/stacks/<env>` (a plain `TerraformStack` named after
 * it, as round 1 allowed) is one unnamed stack. Throws a {@link ConfigError} for an environment
 * without a stack, a stack of an unknown environment, or a dependency on another environment's stack
 * (each environment is a workspace: a stack reads its dependencies' state in its own workspace).
 */
export function environmentStacks(
  app: Construct,
  environments: readonly string[],
  outdir: string,
): Record<string, readonly EnvironmentStackInfo[]> {
  const nodes = app.node.children.filter((c): c is StackNode => isEnvironmentStack(c));
  const byId = new Map(nodes.map((n) => [n.node.id, n]));
  const result: Record<string, EnvironmentStackInfo[]> = {};
  for (const env of environments) result[env] = [];
  for (const node of nodes) {
    const list = result[node.environment];
    if (list === undefined) {
      throw new ConfigError(
        `stack '${node.node.id}' is for environment '${node.environment}', which is not one of the project's ` +
          `environments (${environments.join(', ')})`,
      );
    }
    const dependsOn = (node.dependencies ?? []).map((d) => {
      const dep = byId.get(d.node.id);
      if (dep === undefined || dep.environment !== node.environment) {
        throw new ConfigError(
          `stack '${node.node.id}' depends on '${d.node.id}', ` +
            `which is not a stack of environment '${node.environment}': ` +
            'a stack may depend only on stacks of its own environment (they share its workspace)',
        );
      }
      return labelOf(dep);
    });
    list.push({
      name: labelOf(node),
      named: node.stackName !== undefined,
      id: node.node.id,
      dir: path.join(outdir, 'stacks', node.node.id),
      dependsOn,
    });
  }
  for (const env of environments) {
    if (result[env]!.length > 0) continue;
    const dir = path.join(outdir, 'stacks', env);
    if (!existsSync(path.join(dir, 'cdk.tf.json'))) {
      throw new ConfigError(`environment '${env}' has no stack: createApp must add a stack named '${env}'`);
    }
    result[env] = [{ name: env, named: false, id: env, dir, dependsOn: [] }];
  }
  return result;
}

/** Whether an app (built, not necessarily synthesized) has a named environment stack: its stacks need a synth. */
export function appHasNamedStacks(app: Construct): boolean {
  return app.node.children.some((c) => isEnvironmentStack(c) && c.stackName !== undefined);
}

/** Whether an environment is made of named stacks (its results then list each stack). */
export function hasNamedStacks(stacks: readonly EnvironmentStackInfo[]): boolean {
  return stacks.length > 1 || stacks.some((s) => s.named);
}

function labelOf(node: StackNode): string {
  return node.stackName ?? node.environment;
}
