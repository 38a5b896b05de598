/** `-lock-timeout` of every command that takes a state lock, unless the caller says otherwise. */
export const DEFAULT_LOCK_TIMEOUT = '2m';
