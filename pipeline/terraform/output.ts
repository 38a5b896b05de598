import type { CommandContext } from './context.js';
import type { CommonOptions } from './types.js';

/** One root output, with terraform's `sensitive` flag kept. */
export interface OutputValue {
  /** The value as terraform's JSON has it (sensitive ones too: the caller decides what to show). */
  value: unknown;
  /** terraform's type, e.g. `"string"` or `["object", {…}]`. */
  type: unknown;
  /** terraform's `sensitive` flag. */
  sensitive: boolean;
}

/** Options of `output`. */
export type OutputOptions = CommonOptions;

/** Arguments of `terraform output -json`. */
export function buildOutputArgs(): string[] {
  return ['output', '-json', '-no-color'];
}

/** Parses `output -json`. */
export function parseOutputs(stdout: string): Record<string, OutputValue> {
  const raw = JSON.parse(stdout) as Record<string, Record<string, unknown>>;
  const outputs: Record<string, OutputValue> = {};
  for (const [name, entry] of Object.entries(raw)) {
    outputs[name] = { value: entry.value, type: entry.type, sensitive: entry.sensitive === true };
  }
  return outputs;
}

/** Reads the root outputs of the selected workspace; stdout (sensitive values in clear) never reaches onOutput. */
export async function output(ctx: CommandContext, opts: OutputOptions = {}): Promise<Record<string, OutputValue>> {
  const outcome = await ctx.exec({
    command: 'output',
    args: buildOutputArgs(),
    signal: opts.signal,
    secretStdout: true,
  });
  return parseOutputs(outcome.stdout);
}
