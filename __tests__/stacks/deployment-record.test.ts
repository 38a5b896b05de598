import { DataResource, Testing } from 'cdktf';
import { EnvironmentStack } from '../../stacks/environment-stack.js';
import { DEPLOYMENT_RECORD_NAME, parseDeploymentRecord } from '../../stacks/deployment-record.js';

describe('deployment record', () => {
  it('depends on every other resource of the stack, so it is written last', () => {
    const app = Testing.app();
    const stack = new EnvironmentStack(app, 'ops');
    new DataResource(stack, 'a', { input: { n: 1 } });
    new DataResource(stack, 'b', { input: { n: 2 } });
    const json = JSON.parse(Testing.synth(stack));
    const record = json.resource.terraform_data[DEPLOYMENT_RECORD_NAME];
    expect(record.input).toBe(`\${var.${DEPLOYMENT_RECORD_NAME}}`);
    expect(record.depends_on).toEqual(['terraform_data.a', 'terraform_data.b']);
    expect(json.output[DEPLOYMENT_RECORD_NAME].value).toBe(`\${terraform_data.${DEPLOYMENT_RECORD_NAME}.output}`);
    expect(json.variable[DEPLOYMENT_RECORD_NAME].default).toBe('');
  });

  it.each([
    ['empty (cleared by an apply outside the pipeline)', ''],
    ['not JSON', '{'],
    ['another format version', JSON.stringify({ version: 2, commit: 'a', ref: 'r', trigger: 'main', time: 't' })],
    ['missing commit', JSON.stringify({ version: 1, ref: 'r', trigger: 'main', time: 't' })],
    ['not a string', 42],
  ])('reads %s as no record', (_name, value) => {
    expect(parseDeploymentRecord(value)).toBeUndefined();
  });

  it('reads a full record back', () => {
    const rec = {
      version: 1,
      commit: 'abc',
      ref: 'refs/heads/main',
      trigger: 'main',
      time: '2026-01-01T00:00:00Z',
      runUrl: 'u',
      actor: 'me',
    };
    expect(parseDeploymentRecord(JSON.stringify(rec))).toEqual(rec);
  });
});
