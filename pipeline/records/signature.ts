import { createHmac, timingSafeEqual } from 'node:crypto';
import { canonicalJson } from './canonical.js';

/** The variable holding the key that signs (and verifies) everything the gate and the review trust. */
export const RECORD_KEY_ENV = 'CDKTF_GITOPS_RECORD_KEY';

/** What a signature is of: the kind of record and where it belongs, so no signed value can be moved elsewhere. */
export interface SignatureScope {
  readonly kind: 'deployment-record' | 'history-entry' | 'reviewed-plan' | 'freeze';
  readonly environment: string;
  /** The stack, for a value kept per stack (the deployment record in each stack's state). */
  readonly stack?: string;
}

/** A signed value's state under the key a run has: `no-key` when the run has none to check with. */
export type SignatureStatus = 'valid' | 'unsigned' | 'invalid' | 'no-key';

/** The prefix of every signature: the algorithm, so another one can follow without ambiguity. */
const PREFIX = 'hmac-sha256:';

/** The key from the environment; `undefined` when unset or empty (records are then unsigned). */
export function recordKeyOf(env: NodeJS.ProcessEnv): string | undefined {
  const key = env[RECORD_KEY_ENV];
  return key === undefined || key === '' ? undefined : key;
}

/** `value` with a `signature` over its other members and `scope`. */
export function signValue<T extends object>(value: T, scope: SignatureScope, key: string): T & { signature: string } {
  const { signature: _old, ...rest } = value as T & { signature?: unknown };
  return { ...(rest as T), signature: digest(rest, scope, key) };
}

/** Whether `value`'s signature is one `key` made for `scope` (`no-key` without a key). */
export function signatureStatus(value: object, scope: SignatureScope, key: string | undefined): SignatureStatus {
  if (key === undefined) return 'no-key';
  const { signature, ...rest } = value as { signature?: unknown };
  if (typeof signature !== 'string' || signature === '') return 'unsigned';
  const expected = Buffer.from(digest(rest, scope, key));
  const actual = Buffer.from(signature);
  return actual.length === expected.length && timingSafeEqual(actual, expected) ? 'valid' : 'invalid';
}

/** Whether a value may be used as evidence: validly signed, or any value when the run has no key. */
export function trusted(status: SignatureStatus): boolean {
  return status === 'valid' || status === 'no-key';
}

/** One phrase for a signature that is not trusted, for refusals. */
export function describeSignature(status: SignatureStatus): string {
  return status === 'unsigned'
    ? `unsigned (written without ${RECORD_KEY_ENV})`
    : status === 'invalid'
      ? 'forged or signed with another key (its signature does not match)'
      : status === 'valid'
        ? 'validly signed'
        : 'not checked (no key)';
}

function digest(rest: object, scope: SignatureScope, key: string): string {
  const payload = canonicalJson({ scope: { ...scope }, value: rest });
  return PREFIX + createHmac('sha256', key).update(payload).digest('hex');
}
