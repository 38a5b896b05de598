import { redactPlanJson, SENSITIVE_MARKER as M } from '../../pipeline/terraform/redact.js';

// A trimmed `terraform show -json` of a saved plan with a sensitive variable, a sensitive output,
// a resource with a sensitive attribute (in the change, the planned values and the prior state)
// and an unmarked copy of the secret (terraform_data's `output`).
const plan = () => ({
  format_version: '1.2',
  variables: { db_password: { value: 'hunter2-secret' }, region: { value: 'eu' } },
  planned_values: {
    outputs: {
      pw: { sensitive: true, type: 'string', value: 'hunter2-secret' },
      name: { sensitive: false, value: 'web' },
    },
    root_module: {
      resources: [
        {
          address: 'terraform_data.s',
          values: { input: { password: 'hunter2-secret', user: 'u' } },
          sensitive_values: { input: { password: true } },
        },
      ],
      child_modules: [
        {
          resources: [
            {
              address: 'module.m.x.y',
              values: { list: ['a', 'tok-123456'] },
              sensitive_values: { list: [false, true] },
            },
          ],
        },
      ],
    },
  },
  prior_state: {
    values: {
      outputs: { pw: { sensitive: true, value: 'old-secret-value' } },
      root_module: {
        resources: [
          {
            address: 'terraform_data.s',
            values: { input: { password: 'old-secret-value' }, output: { password: 'old-secret-value' } },
            sensitive_values: { input: { password: true }, output: {} },
          },
        ],
      },
    },
  },
  resource_changes: [
    {
      address: 'terraform_data.s',
      change: {
        actions: ['update'],
        before: { input: { password: 'old-secret-value' }, output: { password: 'old-secret-value' } },
        after: { input: { password: 'hunter2-secret' }, output: null },
        after_unknown: { output: true },
        before_sensitive: { input: { password: true }, output: {} },
        after_sensitive: { input: { password: true } },
      },
    },
    {
      address: 'terraform_data.url',
      change: {
        actions: ['create'],
        before: null,
        after: { input: 'postgres://u:hunter2-secret@db' },
        after_sensitive: {},
      },
    },
  ],
  output_changes: {
    pw: {
      actions: ['update'],
      before: 'old-secret-value',
      after: 'hunter2-secret',
      before_sensitive: true,
      after_sensitive: true,
    },
  },
  configuration: {
    root_module: {
      variables: { db_password: { sensitive: true, default: 'default-secret' }, region: { default: 'eu' } },
    },
  },
});

describe('redactPlanJson', () => {
  const out = redactPlanJson(plan()) as ReturnType<typeof plan>;

  it('redacts sensitive variables (value and default), keeping the others', () => {
    expect(out.variables).toEqual({ db_password: { value: M }, region: { value: 'eu' } });
    expect(out.configuration.root_module.variables).toEqual({
      db_password: { sensitive: true, default: M },
      region: { default: 'eu' },
    });
  });

  it('redacts sensitive outputs in planned values, prior state and output changes', () => {
    expect(out.planned_values.outputs).toEqual({
      pw: { sensitive: true, type: 'string', value: M },
      name: { sensitive: false, value: 'web' },
    });
    expect(out.prior_state.values.outputs.pw.value).toBe(M);
    expect(out.output_changes.pw).toMatchObject({ before: M, after: M });
  });

  it('redacts resource attributes by their sensitive masks, in nested modules and lists too', () => {
    expect(out.planned_values.root_module.resources[0]!.values).toEqual({ input: { password: M, user: 'u' } });
    expect(out.planned_values.root_module.child_modules[0]!.resources[0]!.values).toEqual({ list: ['a', M] });
    expect(out.resource_changes[0]!.change).toMatchObject({
      before: { input: { password: M } },
      after: { input: { password: M }, output: null },
    });
  });

  it('also redacts unmarked copies of a sensitive value, whole or inside a longer string', () => {
    expect(out.resource_changes[0]!.change.before).toEqual({ input: { password: M }, output: { password: M } });
    expect(out.prior_state.values.root_module.resources[0]!.values.output).toEqual({ password: M });
    expect(out.resource_changes[1]!.change.after).toEqual({ input: M });
  });

  it('leaves no secret anywhere, keeps the rest, and does not modify its input', () => {
    const text = JSON.stringify(out);
    for (const secret of ['hunter2-secret', 'old-secret-value', 'default-secret', 'tok-123456'])
      expect(text).not.toContain(secret);
    expect(out.resource_changes.map((c) => c.address)).toEqual(['terraform_data.s', 'terraform_data.url']);
    expect(out.resource_changes[0]!.change.after_unknown).toEqual({ output: true });
    const input = plan();
    redactPlanJson(input);
    expect(input).toEqual(plan());
  });

  it('a short sensitive value is replaced only where a whole string equals it', () => {
    const p = {
      variables: { pin: { value: '42' }, other: { value: '1427' } },
      configuration: { root_module: { variables: { pin: { sensitive: true } } } },
    };
    expect(redactPlanJson(p).variables).toEqual({ pin: { value: M }, other: { value: '1427' } });
  });
});
