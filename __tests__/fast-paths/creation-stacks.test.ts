import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { types } from 'node:util';
import { defineProject, EnvironmentStack, Pipeline } from '../../index.js';
import { lazyCreationStacks, lazyStack } from '../../pipeline/project/cdk-patches.js';
import { cleanEnv } from '../helpers/env.js';
import { useExampleRepo } from '../helpers/example-repo.js';

// Fast path: cdktf formats the creation stack of every token it makes, for error messages that
// almost never come; the synth captures the same stack and formats it only when read.

const here = fileURLToPath(import.meta.url);
const require = createRequire(here);
const stackTrace = require('cdktf/lib/tokens/private/stack-trace.js') as {
  captureStackTrace: (below?: unknown) => string[];
};
const { DataResource, Lazy, Token } = require('cdktf') as typeof import('cdktf');

/** Both captures from the same frame: cdktf's own, and the lazy one. */
function captureBoth(): { eager: string[]; lazy: string[] } {
  return { eager: stackTrace.captureStackTrace(captureBoth), lazy: lazyStack(captureBoth) };
}

describe('lazyStack', () => {
  it("reads as cdktf's own capture: the same frames, as a plain array", () => {
    const { eager, lazy } = captureBoth();
    expect(eager.length).toBeGreaterThan(1);
    expect(eager[0]).toContain('creation-stacks.test');
    expect(Array.isArray(lazy)).toBe(true);
    expect(lazy).toHaveLength(eager.length);
    expect([...lazy]).toEqual(eager);
    expect(lazy.join('\n    at ')).toBe(eager.join('\n    at '));
    expect(JSON.stringify(lazy)).toBe(JSON.stringify(eager));
    expect(lazy.map((frame) => frame.length)).toEqual(eager.map((frame) => frame.length));
    expect(Object.keys(lazy)).toEqual(Object.keys(eager));
  });
});

describe('lazyCreationStacks', () => {
  it("patches cdktf's capture until restored: tokens made meanwhile still name where they were made", () => {
    const original = stackTrace.captureStackTrace;
    const restore = lazyCreationStacks([here]);
    let stack: string[];
    try {
      expect(stackTrace.captureStackTrace).not.toBe(original);
      const token = Lazy.stringValue({ produce: () => 'x' });
      stack = (Token.asAny(token) as unknown as { creationStack: string[] }).creationStack;
      // Lazy tokens report the stack through the resolvable; the string token maps back to it.
      expect(Token.isUnresolved(token)).toBe(true);
    } finally {
      restore();
    }
    expect(stackTrace.captureStackTrace).toBe(original);
    // Captured by the patched function (a lazily formatted array), and right when read.
    expect(types.isProxy(stack)).toBe(true);
    expect(stack.some((frame) => frame.includes('creation-stacks.test'))).toBe(true);
  });

  it('changes nothing where cdktf is not installed', () => {
    const original = stackTrace.captureStackTrace;
    const restore = lazyCreationStacks(['/nonexistent/main.ts']);
    try {
      expect(stackTrace.captureStackTrace).toBe(original);
    } finally {
      restore();
    }
  });
});

describe("the pipeline's synth", () => {
  const repo = useExampleRepo();
  /** A project whose stacks record whether a token made while they are built got a lazy creation stack. */
  const recording = (seen: boolean[]) =>
    defineProject({
      environments: ['ops', 'apps'],
      stacks: (app) => {
        for (const env of ['ops', 'apps']) {
          const stack = new EnvironmentStack(app, env);
          const input = Lazy.stringValue({ produce: () => env });
          seen.push(types.isProxy((Token.asAny(input) as unknown as { creationStack: string[] }).creationStack));
          new DataResource(stack, 'r', { input: { env: input } });
        }
      },
    });

  it('formats creation stacks lazily, and as cdktf does with CDKTF_GITOPS_CDK_PATCHES=off', async () => {
    for (const [env, lazy] of [
      [{}, true],
      [{ CDKTF_GITOPS_CDK_PATCHES: 'off' }, false],
    ] as const) {
      const seen: boolean[] = [];
      const pipeline = await Pipeline.open({
        projectDir: repo.dir,
        project: recording(seen),
        env: cleanEnv(env),
      });
      pipeline.synth();
      expect(seen).toEqual([lazy, lazy]);
    }
  });
});
