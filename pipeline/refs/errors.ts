import { ConfigError } from '../errors.js';

/**
 * A ref is malformed, unsafe or cannot be determined. It is bad usage or configuration, so it
 * extends {@link ConfigError} and the CLI exits 2.
 */
export class RefError extends ConfigError {
  /** The ref as given (possibly unsafe to print raw; the message shows it escaped). */
  readonly ref: string | undefined;

  constructor(message: string, ref?: string, options?: { cause?: unknown }) {
    super(message, options);
    // ConfigError fixes `name` to a literal type; redefine it so stack traces say RefError.
    Object.defineProperty(this, 'name', { value: 'RefError', enumerable: false, configurable: true, writable: false });
    this.ref = ref;
  }
}
