import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { baselinesOf, changeVerdict, needsState } from '../../pipeline/decide/unchanged.js';
import { withMovedRecords, type StackRecord } from '../../pipeline/records/environment-record.js';
import { appendHistory, publicEntry, type HistoryEntry } from '../../pipeline/records/history.js';
import { changeFingerprint, outsideReads } from '../../pipeline/stackdir/fingerprint.js';
import { StackDir } from '../../pipeline/stackdir/stack-dir.js';
import { TempDirs } from '../helpers/temp-dir.js';

// Change detection's decisions without terraform: the fingerprint, the baseline, the verdict and the
// records it moves.

const KEY = 'test-record-key';
const C1 = '1'.repeat(40);
const C2 = '2'.repeat(40);
const dirs = new TempDirs('cdktf-gitops-unchanged-');
afterAll(() => dirs.removeAll());

function entry(over: Partial<HistoryEntry> & { stacks: HistoryEntry['stacks'] }): Omit<HistoryEntry, 'signature'> {
  return {
    version: 1,
    environment: 'ops',
    commit: C1,
    ref: 'refs/heads/main',
    trigger: 'main',
    time: '2026-12-01T10:00:00.000Z',
    result: 'succeeded',
    ...over,
  };
}

/** A history of `entries` in order, each signed with `key` (none: unsigned). */
function history(entries: Omit<HistoryEntry, 'signature'>[], key?: string): HistoryEntry[] {
  return entries.reduce<HistoryEntry[]>((h, e) => appendHistory(h, e, key), []);
}

function stackWith(config: object, files: Record<string, string> = {}): StackDir {
  const dir = dirs.make();
  writeFileSync(path.join(dir, 'cdk.tf.json'), JSON.stringify(config));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return StackDir.read({ name: 'ops', named: false, id: 'ops', dir, dependsOn: [] }, false);
}

describe('changeFingerprint', () => {
  const config = {
    '//': { metadata: { version: '0.21.0', stackName: 'ops' } },
    variable: { db_password: { type: 'string', sensitive: true } },
    resource: { terraform_data: { a: { '//': { metadata: { path: 'ops/a' } }, input: 'x' } } },
  };
  const inputs = { terraform: 'terraform 1.11.4', env: { TF_VAR_db_password: 's3cret' } };
  const base = changeFingerprint(stackWith(config), inputs);

  it("ignores cdktf's comments and the order of keys, not the configuration", () => {
    const moved = { resource: { terraform_data: { a: { input: 'x', '//': { metadata: { path: 'elsewhere' } } } } } };
    expect(changeFingerprint(stackWith({ variable: config.variable, ...moved }), inputs)).toBe(base);
    const changed = { ...config, resource: { terraform_data: { a: { input: 'y' } } } };
    expect(changeFingerprint(stackWith(changed), inputs)).not.toBe(base);
  });

  it("changes with the terraform version, a declared variable's value, TF_CLI_ARGS and an asset; not with other variables", () => {
    const stack = stackWith(config);
    expect(changeFingerprint(stack, { ...inputs, terraform: 'terraform 1.12.0' })).not.toBe(base);
    expect(changeFingerprint(stack, { ...inputs, env: { TF_VAR_db_password: 'rotated' } })).not.toBe(base);
    expect(changeFingerprint(stack, { ...inputs, env: {} })).not.toBe(base);
    expect(
      changeFingerprint(stack, { ...inputs, env: { ...inputs.env, TF_CLI_ARGS_plan: '-refresh=false' } }),
    ).not.toBe(base);
    expect(changeFingerprint(stack, { ...inputs, env: { ...inputs.env, TF_VAR_unrelated: 'x' } })).toBe(base);
    const asset = changeFingerprint(stackWith(config, { 'assets/fn/archive.zip': 'one' }), inputs);
    expect(asset).not.toBe(base);
    expect(changeFingerprint(stackWith(config, { 'assets/fn/archive.zip': 'two' }), inputs)).not.toBe(asset);
  });

  it('contains no value it digests', () => {
    expect(base).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('outsideReads', () => {
  it("lists data sources but cdktf's cross-stack references", () => {
    const config = {
      data: {
        terraform_remote_state: { 'cross-stack-reference-input-ops-net': {}, shared: {} },
        kubernetes_namespace: { current: {} },
      },
    };
    expect(outsideReads(config)).toEqual(['kubernetes_namespace.current', 'terraform_remote_state.shared']);
    expect(outsideReads({ resource: {} })).toEqual([]);
  });
});

describe('baselinesOf and changeVerdict', () => {
  const applied = entry({ stacks: [{ stack: 'ops', lineage: 'L1', serial: 3, fingerprint: 'F1' }] });
  const state = { lineage: 'L1', serial: 3 };
  const verdict = (over: Partial<Parameters<typeof changeVerdict>[0]>, entries = [applied]) =>
    changeVerdict({
      fingerprint: 'F1',
      baselines: baselinesOf(history(entries), 'ops', undefined),
      reads: [],
      state,
      ...over,
    });
  const reason = (v: ReturnType<typeof changeVerdict>) => (v.unchanged ? 'unchanged' : v.reason);

  it('is unchanged only with the same fingerprint, lineage and serial', () => {
    expect(verdict({})).toEqual({ unchanged: true, since: C1, state });
    expect(
      [
        verdict({ fingerprint: 'F2' }),
        verdict({ state: { lineage: 'L1', serial: 4 } }),
        verdict({ state: { lineage: 'L2', serial: 3 } }),
        verdict({ state: null }),
        verdict({ baselines: [] }),
        verdict({ reads: ['data.x.y'] }),
      ].map(reason),
    ).toEqual([
      `its configuration changed since ${C1.slice(0, 12)}`,
      `its state changed since ${C1.slice(0, 12)} (lineage L1 serial 3 → lineage L1 serial 4)`,
      `its state changed since ${C1.slice(0, 12)} (lineage L1 serial 3 → lineage L2 serial 3)`,
      `its state is gone since ${C1.slice(0, 12)}`,
      'no earlier apply recorded its configuration',
      'it reads data sources (data.x.y)',
    ]);
  });

  it('reads the state only when a baseline has the configuration', () => {
    const baselines = baselinesOf(history([applied]), 'ops', undefined);
    expect(needsState({ fingerprint: 'F1', baselines, reads: [] })).toBe(true);
    expect(needsState({ fingerprint: 'F2', baselines, reads: [] })).toBe(false);
    expect(needsState({ fingerprint: 'F1', baselines, reads: ['data.x.y'] })).toBe(false);
    expect(needsState({ fingerprint: 'F1', baselines: [], reads: [] })).toBe(false);
  });

  it('finds the apply that left the state, also when concurrent runs appended their entries out of order', () => {
    // Run B applied F2 after run A applied F1, but A's entry was appended last.
    const b = entry({ commit: C2, stacks: [{ stack: 'ops', lineage: 'L1', serial: 5, fingerprint: 'F2' }] });
    expect(verdict({ fingerprint: 'F2', state: { lineage: 'L1', serial: 5 } }, [b, applied])).toEqual({
      unchanged: true,
      since: C2,
      state: { lineage: 'L1', serial: 5 },
    });
    // The state A left is gone: its configuration is no evidence any more.
    expect(reason(verdict({ state: { lineage: 'L1', serial: 5 } }, [b, applied]))).toMatch(/^its state changed/);
  });

  it('takes successful applies only; a failed one, a verify entry and an untrusted one are no baseline', () => {
    const moved = entry({
      commit: C2,
      stacks: [{ stack: 'ops', lineage: 'L1', serial: 3, fingerprint: 'F1', since: C1 }],
    });
    const failed = entry({
      commit: C2,
      result: 'failed',
      stacks: [{ stack: 'ops', lineage: 'L1', serial: 5, fingerprint: 'F2' }],
    });
    const verify = entry({ commit: C2, trigger: 'verify', stacks: [] });
    expect(baselinesOf(history([applied, moved]), 'ops', undefined)[0]).toMatchObject({
      since: C1,
      entry: { commit: C2 },
    });
    expect(baselinesOf(history([applied, failed, verify]), 'ops', undefined).map((b) => b.fingerprint)).toEqual(['F1']);
    expect(reason(verdict({ fingerprint: 'F2', state: { lineage: 'L1', serial: 5 } }, [applied, failed]))).toMatch(
      /^its configuration changed/,
    );
    // With a key, an unsigned history counts for nothing; a signed one does.
    expect(baselinesOf(history([applied]), 'ops', KEY)).toEqual([]);
    expect(baselinesOf(history([applied], KEY), 'ops', KEY)).toHaveLength(1);
    expect(baselinesOf(history([applied], KEY), 'other', KEY)).toEqual([]);
  });
});

describe('withMovedRecords', () => {
  const stateRecord = {
    version: 1,
    commit: C1,
    ref: 'refs/heads/main',
    trigger: 'main',
    time: '2026-12-01T09:59:00.000Z',
  } as const;
  const stack = (lineage: string, serial: number): StackRecord => ({
    stack: 'ops',
    stored: { raw: JSON.stringify(stateRecord), record: stateRecord, state: { lineage, serial } },
  });
  const moved = entry({
    commit: C2,
    time: '2026-12-02T10:00:00.000Z',
    stacks: [{ stack: 'ops', lineage: 'L1', serial: 3, fingerprint: 'F1', since: C1 }],
  });

  it('moves the record while the state is the one the entry names', () => {
    const [ops] = withMovedRecords([stack('L1', 3)], history([moved]), undefined);
    expect(ops!.stored?.record).toMatchObject({ commit: C2, time: moved.time, trigger: 'main' });
    expect(ops!.movedBy?.commit).toBe(C2);
  });

  it('keeps the state record once the state changed, or when the entry is not trusted', () => {
    expect(withMovedRecords([stack('L1', 4)], history([moved]), undefined)[0]!.stored?.record?.commit).toBe(C1);
    expect(withMovedRecords([stack('L1', 3)], history([moved]), KEY)[0]!.stored?.record?.commit).toBe(C1);
    expect(withMovedRecords([stack('L1', 3)], history([moved], KEY), KEY)[0]!.stored?.record?.commit).toBe(C2);
  });
});

describe('publicEntry', () => {
  it('drops the fingerprints and keeps the rest', () => {
    const [signed] = history([entry({ stacks: [{ stack: 'ops', lineage: 'L1', serial: 3, fingerprint: 'F1' }] })], KEY);
    const shown = publicEntry(signed!);
    expect(shown.stacks).toEqual([{ stack: 'ops', lineage: 'L1', serial: 3 }]);
    expect(shown.signature).toBe(signed!.signature);
    expect(JSON.stringify(shown)).not.toContain('F1');
  });
});
