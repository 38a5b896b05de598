/** What a redacted value reads as (terraform's own words in its human plan output). */
export const SENSITIVE_MARKER = '(sensitive value)';

type Json = Record<string, unknown>;

/** Shorter sensitive strings are replaced only where a whole string equals them, not inside others. */
const MIN_SUBSTRING_SECRET = 4;

/** The sensitive values a plan holds, by JSON type. */
export interface SensitiveValues {
  readonly strings: ReadonlySet<string>;
  readonly numbers: ReadonlySet<number>;
  readonly booleans: ReadonlySet<boolean>;
}

/**
 * `show -json` of a saved plan with every value terraform marks sensitive replaced by
 * {@link SENSITIVE_MARKER}: resource values (`before_sensitive`/`after_sensitive`, and
 * `sensitive_values` in planned values and prior state), sensitive outputs, and sensitive root
 * variables (their value and default). Then every exact copy of one of those values is replaced
 * too, of any JSON type (a string anywhere, and any string that contains a secret of four or more
 * characters; a number or boolean wherever a value can stand): terraform does not always carry the
 * mark along (`terraform_data`'s `output` copies a sensitive `input` unmarked). A value transformed
 * on its way (`upper(...)`, a substring, a hash) cannot be recognised. The input is not modified.
 */
export function redactPlanJson(plan: Json): Json {
  return redactPlan(plan).plan;
}

/** {@link redactPlanJson}, and the sensitive values it found (to scrub what a policy prints). */
export function redactPlan(plan: Json): { plan: Json; secrets: SensitiveValues } {
  const secrets = { strings: new Set<string>(), numbers: new Set<number>(), booleans: new Set<boolean>() };
  const masked = marked(structuredClone(plan), (v) => collect(v, secrets));
  for (const n of secrets.numbers) secrets.strings.add(String(n));
  return { plan: scrubValues(scrub(masked, secrets.strings), secrets), secrets };
}

/** `text` with every sensitive string (and number) it contains replaced by {@link SENSITIVE_MARKER}. */
export function scrubText(text: string, secrets: SensitiveValues): string {
  const all = [...secrets.strings].filter((s) => s.length >= MIN_SUBSTRING_SECRET).sort((a, b) => b.length - a.length);
  let out = text;
  for (const secret of all) out = out.split(secret).join(SENSITIVE_MARKER);
  return out;
}

/** The plan with marked values replaced; `found` sees each value before it goes. */
function marked(out: Json, found: (value: unknown) => void): Json {
  const mask = (value: unknown, sensitive: unknown) => maskWith(value, sensitive, found);
  const hide = (holder: Json, key: string) => {
    found(holder[key]);
    holder[key] = SENSITIVE_MARKER;
  };
  const sensitiveVars = sensitiveVariables(out);
  for (const [name, variable] of Object.entries(obj(out.variables))) {
    if (sensitiveVars.has(name) && isObj(variable) && 'value' in variable) hide(variable, 'value');
  }
  for (const [name, variable] of Object.entries(obj(obj(obj(out.configuration).root_module).variables))) {
    if (sensitiveVars.has(name) && isObj(variable) && 'default' in variable) hide(variable, 'default');
  }
  // A resource or output change: `before`/`after` masked by `before_sensitive`/`after_sensitive`.
  const change = (c: Json): void => {
    if ('before' in c) c.before = mask(c.before, c.before_sensitive);
    if ('after' in c) c.after = mask(c.after, c.after_sensitive);
  };
  for (const key of ['resource_changes', 'resource_drift']) {
    for (const entry of arr(out[key])) change(obj(obj(entry).change));
  }
  for (const c of Object.values(obj(out.output_changes))) change(obj(c));
  // `planned_values` or `prior_state.values`: outputs, then resources module by module.
  const values = (v: Json): void => {
    for (const output of Object.values(obj(v.outputs))) {
      const o = obj(output);
      if (o.sensitive === true && 'value' in o) hide(o, 'value');
    }
    const walk = (module: Json): void => {
      for (const resource of arr(module.resources)) {
        const r = obj(resource);
        if ('values' in r) r.values = mask(r.values, r.sensitive_values);
      }
      for (const child of arr(module.child_modules)) walk(obj(child));
    };
    walk(obj(v.root_module));
  };
  values(obj(out.planned_values));
  values(obj(obj(out.prior_state).values));
  return out;
}

/** Every string, number and boolean inside a sensitive value. */
function collect(value: unknown, into: { strings: Set<string>; numbers: Set<number>; booleans: Set<boolean> }): void {
  if (typeof value === 'string' && value !== '' && value !== SENSITIVE_MARKER) into.strings.add(value);
  else if (typeof value === 'number') into.numbers.add(value);
  else if (typeof value === 'boolean') into.booleans.add(value);
  else if (Array.isArray(value)) for (const v of value) collect(v, into);
  else if (isObj(value)) for (const v of Object.values(value)) collect(v, into);
}

/**
 * Replaces sensitive numbers and booleans where values stand (variables, changes, planned values,
 * prior state, outputs, literal expressions of the configuration), not in the plan's own structure
 * (`sensitive: true`, counts, format versions).
 */
function scrubValues(plan: Json, secrets: SensitiveValues): Json {
  if (secrets.numbers.size === 0 && secrets.booleans.size === 0) return plan;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'number') return secrets.numbers.has(v) ? SENSITIVE_MARKER : v;
    if (typeof v === 'boolean') return secrets.booleans.has(v) ? SENSITIVE_MARKER : v;
    if (Array.isArray(v)) return v.map(walk);
    if (isObj(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  const at = (holder: Json, key: string) => {
    if (key in holder) holder[key] = walk(holder[key]);
  };
  for (const variable of Object.values(obj(plan.variables))) at(obj(variable), 'value');
  const change = (c: Json) => {
    at(c, 'before');
    at(c, 'after');
  };
  for (const key of ['resource_changes', 'resource_drift']) for (const e of arr(plan[key])) change(obj(obj(e).change));
  for (const c of Object.values(obj(plan.output_changes))) change(obj(c));
  const values = (v: Json): void => {
    for (const output of Object.values(obj(v.outputs))) at(obj(output), 'value');
    const module = (m: Json): void => {
      for (const r of arr(m.resources)) at(obj(r), 'values');
      for (const child of arr(m.child_modules)) module(obj(child));
    };
    module(obj(v.root_module));
  };
  values(obj(plan.planned_values));
  values(obj(obj(plan.prior_state).values));
  // Literal values in the configuration (`constant_value`, a variable's `default`), at any depth.
  const literals = (v: unknown): void => {
    if (Array.isArray(v)) for (const x of v) literals(x);
    else if (isObj(v)) {
      at(v, 'constant_value');
      for (const [k, x] of Object.entries(v)) if (k !== 'constant_value') literals(x);
    }
  };
  literals(plan.configuration);
  for (const variable of Object.values(obj(obj(obj(plan.configuration).root_module).variables)))
    at(obj(variable), 'default');
  return plan;
}

/** Replaces every string that is, or contains, a collected sensitive value. */
function scrub(value: Json, secrets: ReadonlySet<string>): Json {
  if (secrets.size === 0) return value;
  const long = [...secrets].filter((s) => s.length >= MIN_SUBSTRING_SECRET);
  const leaks = (s: string) => secrets.has(s) || long.some((secret) => s.includes(secret));
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return leaks(v) ? SENSITIVE_MARKER : v;
    if (Array.isArray(v)) return v.map(walk);
    if (isObj(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as Json;
}

/** Names of root variables declared `sensitive = true`. */
function sensitiveVariables(plan: Json): Set<string> {
  const declared = obj(obj(obj(plan.configuration).root_module).variables);
  return new Set(
    Object.entries(declared)
      .filter(([, v]) => obj(v).sensitive === true)
      .map(([name]) => name),
  );
}

/** `value` with every position where `sensitive` is `true` replaced (terraform's mask shape). */
function maskWith(value: unknown, sensitive: unknown, found: (value: unknown) => void): unknown {
  if (sensitive === true) {
    if (value === null || value === undefined) return value;
    found(value);
    return SENSITIVE_MARKER;
  }
  if (Array.isArray(value) && Array.isArray(sensitive)) return value.map((v, i) => maskWith(v, sensitive[i], found));
  if (isObj(value) && isObj(sensitive)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskWith(v, sensitive[k], found)]));
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
