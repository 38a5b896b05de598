/** A reference `${NAME}` to an environment variable, resolved when it is used. */
const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** Why `text` has a `${` that does not start a valid `${NAME}` reference, or `undefined` when it has none. */
export function envReferenceProblem(text: string): string | undefined {
  const rest = text.replace(REFERENCE, '');
  if (!rest.includes('${')) return undefined;
  return "'${' must start a reference ${NAME}: an environment variable name, then '}'";
}

/** The variables `text` names as `${NAME}`, in order, each once. */
export function envReferenceNames(text: string): string[] {
  return [...new Set(Array.from(text.matchAll(REFERENCE), (m) => m[1]!))];
}

/** {@link resolveEnvReferences}: the text with every reference replaced, or the first variable that is missing. */
export type ResolvedReferences =
  | { readonly ok: true; readonly value: string }
  | { readonly ok: false; readonly missing: string };

/**
 * `text` with each `${NAME}` replaced by `env[NAME]`. A variable that is unset or empty is missing:
 * CI systems pass a secret that is not configured as an empty string.
 */
export function resolveEnvReferences(text: string, env: NodeJS.ProcessEnv): ResolvedReferences {
  const missing = envReferenceNames(text).find((name) => !env[name]);
  if (missing !== undefined) return { ok: false, missing };
  return { ok: true, value: text.replace(REFERENCE, (_, name: string) => env[name]!) };
}
