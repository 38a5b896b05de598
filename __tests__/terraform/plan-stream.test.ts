import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { summarizePlanStream, Terraform, type PlanResult, type PlanSummary } from '../../pipeline/terraform/index.js';
import { makeTempDir, removeDir } from '../helpers/temp-dir.js';
import { uiLine } from './helpers.js';

const SECRET = 'pl4n-stream-s3cret';
const SECRET_2 = 'pl4n-stream-s3cret-two';

/** The first configuration: everything the second one changes exists in state. */
const BEFORE = `
variable "v" {
  type    = string
  default = "x"
}
variable "s" {
  type      = string
  default   = "unset"
  sensitive = true
}
resource "terraform_data" "keep" { input = "k" }
resource "terraform_data" "upd" { input = var.v }
resource "terraform_data" "rep" { triggers_replace = [var.v] }
resource "terraform_data" "gone" { input = "g" }
resource "terraform_data" "old_name" { input = "m" }
resource "terraform_data" "forget_me" { input = "f" }
resource "terraform_data" "uses_secret" { input = var.s }
output "plain" { value = var.v }
output "secret" {
  value     = var.s
  sensitive = true
}
`;

/** Create, update, replace (triggers_replace), delete, move, forget, import, no-op; a sensitive var and output. */
const AFTER = `
variable "v" {
  type    = string
  default = "x"
}
variable "s" {
  type      = string
  default   = "unset"
  sensitive = true
}
resource "terraform_data" "keep" { input = "k" }
resource "terraform_data" "upd" { input = var.v }
resource "terraform_data" "rep" { triggers_replace = [var.v] }
resource "terraform_data" "new" { input = "n" }
resource "terraform_data" "new_name" { input = "m" }
moved {
  from = terraform_data.old_name
  to   = terraform_data.new_name
}
removed {
  from = terraform_data.forget_me
  lifecycle { destroy = false }
}
import {
  to = terraform_data.imported
  id = "import-id-1234"
}
resource "terraform_data" "imported" {}
resource "terraform_data" "uses_secret" { input = var.s }
output "plain" { value = var.v }
output "added" { value = "a" }
output "secret" {
  value     = var.s
  sensitive = true
}
`;

describe('plan summary from the -json stream = summarizePlanJson(show -json) of the same plan (real terraform)', () => {
  const dir = makeTempDir('tf-runner-plan-stream-');
  const tf = new Terraform({ workingDir: dir, lockTimeout: '5s' });
  let planned: PlanResult;
  let shown: PlanSummary;

  beforeAll(async () => {
    writeFileSync(path.join(dir, 'main.tf'), BEFORE);
    await tf.init();
    const first = await tf.plan({ out: 'first.tfplan', vars: { s: SECRET } });
    await tf.apply(first.planFile);
    writeFileSync(path.join(dir, 'main.tf'), AFTER);
    planned = await tf.plan({ out: 'second.tfplan', vars: { v: 'y', s: SECRET_2 } });
    shown = await tf.show(planned.planFile);
  });
  afterAll(() => removeDir(dir));

  it('covers every kind of change (the fixture does what it says)', () => {
    const actions = Object.fromEntries(shown.resourceChanges.map((c) => [c.address, c.actions]));
    expect(actions).toEqual({
      'terraform_data.forget_me': ['forget'],
      'terraform_data.gone': ['delete'],
      'terraform_data.imported': ['no-op'],
      'terraform_data.new': ['create'],
      'terraform_data.rep': ['delete', 'create'],
      'terraform_data.upd': ['update'],
      'terraform_data.uses_secret': ['update'],
    });
    expect(shown.summary).toEqual({ add: 2, change: 2, destroy: 2, replace: 1, import: 1 });
  });

  it('gives the same summary, resource changes and output changes', () => {
    expect(planned.hasChanges).toBe(true);
    expect({
      summary: planned.summary,
      resourceChanges: planned.resourceChanges,
      outputChanges: planned.outputChanges,
    }).toEqual(shown);
  });

  it('copies no value: neither the sensitive variable nor the import ID', () => {
    const copied = JSON.stringify({ s: planned.summary, r: planned.resourceChanges, o: planned.outputChanges });
    expect(copied).not.toContain(SECRET);
    expect(copied).not.toContain('import-id-1234');
    // The stream itself carries no values: nothing to leak to onOutput either.
    expect(planned.stdout).not.toContain(SECRET_2);
  });

  it('a plan with nothing to change gives the same empty summary', async () => {
    await tf.apply(planned.planFile);
    const again = await tf.plan({ out: 'third.tfplan', vars: { v: 'y', s: SECRET_2 } });
    expect(again.hasChanges).toBe(false);
    const { summary, resourceChanges, outputChanges } = again;
    expect({ summary, resourceChanges, outputChanges }).toEqual(await tf.show(again.planFile));
    expect(resourceChanges).toEqual([]);
  });
});

describe('summarizePlanStream', () => {
  const change = (addr: string, action: string, extra: Record<string, unknown> = {}) =>
    uiLine({ type: 'planned_change', change: { resource: { addr }, action, ...extra } });

  it('maps a replacement to delete+create, counts it once in add, destroy and replace', () => {
    const s = summarizePlanStream(change('a.b', 'replace', { reason: 'cannot_update' }));
    expect(s).toEqual({
      summary: { add: 1, change: 0, destroy: 1, replace: 1, import: 0 },
      resourceChanges: [{ address: 'a.b', actions: ['delete', 'create'] }],
      outputChanges: [],
    });
  });

  it('ignores drift, refresh and log lines, and lists changes by address like show -json', () => {
    const stream = [
      uiLine({ type: 'resource_drift', change: { resource: { addr: 'z.drifted' }, action: 'update' } }),
      uiLine({ type: 'refresh_complete', hook: { resource: { addr: 'a.x' } } }),
      'not json "planned_change"\n',
      change('b.two', 'delete'),
      change('a.one', 'create'),
      change('c.moved', 'move', { previous_resource: { addr: 'c.old' } }),
      uiLine({
        type: 'outputs',
        outputs: { o: { sensitive: false, action: 'noop' }, a: { sensitive: true, action: 'delete' } },
      }),
    ].join('');
    const s = summarizePlanStream(stream);
    expect(s.resourceChanges).toEqual([
      { address: 'a.one', actions: ['create'] },
      { address: 'b.two', actions: ['delete'] },
    ]);
    expect(s.summary).toEqual({ add: 1, change: 0, destroy: 1, replace: 0, import: 0 });
    expect(s.outputChanges).toEqual([{ name: 'a', actions: ['delete'] }]);
  });

  it('an update with an import is one change and one import', () => {
    const s = summarizePlanStream(change('a.i', 'update', { importing: { id: 'x' } }));
    expect(s.summary).toEqual({ add: 0, change: 1, destroy: 0, replace: 0, import: 1 });
    expect(s.resourceChanges).toEqual([{ address: 'a.i', actions: ['update'] }]);
  });
});
