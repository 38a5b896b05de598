/** What a ref asks the pipeline to do (docs/design.md's ref table). */
export type TriggerKind = 'feature-branch' | 'main' | 'deploy-tag' | 'none';

/** A classified ref; `ref` is always the full ref that was classified. */
export type Trigger =
  | { kind: 'feature-branch'; ref: string; branch: string }
  | { kind: 'main'; ref: string; branch: string }
  | { kind: 'deploy-tag'; ref: string; tag: string; environment: string; suffix: string }
  /** Nothing runs; `reason` says why and which patterns would have matched. */
  | { kind: 'none'; ref: string; reason: string };

/** What classification needs from the project. */
export interface RefContext {
  /** Environment names in promotion order; `[0]` is the internal one. */
  readonly environments: readonly string[];
  /** The main branch's name (`main`); `refs/heads/main` is accepted too. */
  readonly mainBranch: string;
}
