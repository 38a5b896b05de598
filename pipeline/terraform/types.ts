/** Options every runner call accepts. */
export interface CommonOptions {
  /** Aborting sends SIGINT to terraform, then SIGKILL after the grace period. */
  signal?: AbortSignal | undefined;
}

/** What one terraform invocation did. */
export interface CommandResult {
  /** Subcommand, e.g. `plan` or `workspace select`. */
  command: string;
  /** Every argument passed to the binary, subcommand included. */
  args: string[];
  /** Exit code; 127 when the binary was not found, 128 + signal number when killed by a signal. */
  exitCode: number;
  /** Captured stdout; empty for commands whose stdout may hold sensitive values (`show`, `output`). */
  stdout: string;
  /** Captured stderr. */
  stderr: string;
  /** Wall time of the invocation. */
  durationMs: number;
}

/** One terraform diagnostic, from the `-json` UI stream (no source snippets, no values). */
export interface Diagnostic {
  /** Errors fail the command; warnings ride along on results. */
  severity: 'error' | 'warning';
  /** terraform's one-line summary, e.g. `Error acquiring the state lock`. */
  summary: string;
  /** terraform's longer explanation. */
  detail?: string;
  /** Resource address the diagnostic is about, when terraform names one. */
  address?: string;
}

/**
 * Counts of a saved plan, as terraform's "Plan: X to add, Y to change, Z to destroy" counts them:
 * a replacement counts once in `add`, once in `destroy` and once in `replace`.
 */
export interface ChangeSummary {
  /** Instances created (replacements included). */
  add: number;
  /** Instances updated in place. */
  change: number;
  /** Instances destroyed (replacements included). */
  destroy: number;
  /** Instances replaced. */
  replace: number;
  /** Instances imported. */
  import: number;
}

/** A planned change of one resource instance: address and actions only, never attribute values. */
export interface ResourceChange {
  /** Resource instance address, e.g. `terraform_data.a` or `module.m.x["k"]`. */
  address: string;
  /** terraform's action list, e.g. `["create"]`, `["delete", "create"]`. */
  actions: string[];
}

/** The typed, value-free summary of a saved plan. */
export interface PlanSummary {
  /** Counts of the planned changes. */
  summary: ChangeSummary;
  /** Resource instances whose actions are not `no-op`. */
  resourceChanges: ResourceChange[];
  /** Root outputs whose actions are not `no-op`. */
  outputChanges: { name: string; actions: string[] }[];
}
