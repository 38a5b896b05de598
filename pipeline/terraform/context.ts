import type { ProductInfo } from './binary.js';
import type { ExecOutcome, ExecRequest } from './exec.js';

/** What a subcommand module needs from its {@link Terraform} instance. */
export interface CommandContext {
  /** Runs one invocation with the instance's binary, directory, environment and callbacks. */
  exec(request: ExecRequest): Promise<ExecOutcome>;
  /** The instance's default `-lock-timeout`. */
  lockTimeout?: string | undefined;
  /** terraform or OpenTofu, for messages; default terraform. */
  product?: ProductInfo;
}
