/** What a redacted value reads as (terraform's own words in its human plan output). */
export const SENSITIVE_MARKER = '(sensitive value)';

type Json = Record<string, unknown>;

/**
 * `show -json` of a saved plan with every value terraform marks sensitive replaced by
 * {@link SENSITIVE_MARKER}: resource values (`before_sensitive`/`after_sensitive`, and
 * `sensitive_values` in planned values and prior state), sensitive outputs, and sensitive root
 * variables (their value and default). The input is not modified.
 */
export function redactPlanJson(plan: Json): Json {
  const out = structuredClone(plan);
  const sensitiveVars = sensitiveVariables(out);
  for (const [name, variable] of Object.entries(obj(out.variables))) {
    if (sensitiveVars.has(name) && isObj(variable) && 'value' in variable) variable.value = SENSITIVE_MARKER;
  }
  for (const [name, variable] of Object.entries(obj(obj(obj(out.configuration).root_module).variables))) {
    if (sensitiveVars.has(name) && isObj(variable) && 'default' in variable) variable.default = SENSITIVE_MARKER;
  }
  for (const key of ['resource_changes', 'resource_drift']) {
    for (const entry of arr(out[key])) redactChange(obj(obj(entry).change));
  }
  for (const change of Object.values(obj(out.output_changes))) redactChange(obj(change));
  redactValues(obj(out.planned_values));
  redactValues(obj(obj(out.prior_state).values));
  return out;
}

/** Names of root variables declared `sensitive = true`. */
function sensitiveVariables(plan: Json): Set<string> {
  const declared = obj(obj(obj(plan.configuration).root_module).variables);
  return new Set(Object.entries(declared).filter(([, v]) => obj(v).sensitive === true).map(([name]) => name));
}

/** A resource or output change: `before`/`after` masked by `before_sensitive`/`after_sensitive`. */
function redactChange(change: Json): void {
  if ('before' in change) change.before = mask(change.before, change.before_sensitive);
  if ('after' in change) change.after = mask(change.after, change.after_sensitive);
}

/** `planned_values` or `prior_state.values`: outputs, then resources module by module. */
function redactValues(values: Json): void {
  for (const output of Object.values(obj(values.outputs))) {
    const o = obj(output);
    if (o.sensitive === true && 'value' in o) o.value = SENSITIVE_MARKER;
  }
  const walk = (module: Json): void => {
    for (const resource of arr(module.resources)) {
      const r = obj(resource);
      if ('values' in r) r.values = mask(r.values, r.sensitive_values);
    }
    for (const child of arr(module.child_modules)) walk(obj(child));
  };
  walk(obj(values.root_module));
}

/** `value` with every position where `sensitive` is `true` replaced (terraform's mask shape). */
function mask(value: unknown, sensitive: unknown): unknown {
  if (sensitive === true) return value === null || value === undefined ? value : SENSITIVE_MARKER;
  if (Array.isArray(value) && Array.isArray(sensitive)) return value.map((v, i) => mask(v, sensitive[i]));
  if (isObj(value) && isObj(sensitive)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mask(v, sensitive[k])]));
  }
  return value;
}

function isObj(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function obj(value: unknown): Json {
  return isObj(value) ? value : {};
}

function arr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
