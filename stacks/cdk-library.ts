import type { Construct, IConstruct } from 'constructs';
import { requireCdkLibrary } from './cdk-install.js';

// Shared by both flavours: nothing here loads cdktf until cdktfLibrary() is called, and the shapes
// below are written out rather than taken from cdktf's types, whose classes cdktn's do not match.

/** A stack as the authoring code uses it (cdktf's or cdktn's `TerraformStack`). */
export interface StackLike extends Construct {
  /** Sets a raw value in the synthesized JSON (`terraform.backend.s3.use_lockfile`, …). */
  addOverride(path: string, value: unknown): void;
}

/** An element whose logical ID the record pins (variable, resource, output). */
export interface ElementLike extends Construct {
  overrideLogicalId(newLogicalId: string): void;
}

/** A resource as the record's aspect sees it. */
export interface ResourceLike extends ElementLike {
  dependsOn?: string[];
}

/** What `createApp` builds: an app that can synthesize (cdktf's or cdktn's `App`). */
export interface SynthesizableApp extends Construct {
  synth(): void;
}

/** The options `createApp` passes to the flavour's `App`. */
export interface AppOptions {
  readonly outdir?: string;
  readonly skipValidation?: boolean;
  readonly context?: Record<string, unknown>;
}

/** The flavour's `App` class. */
export interface AppClass<A extends SynthesizableApp = SynthesizableApp> {
  new (config?: AppOptions): A;
  of(construct: IConstruct): { readonly outdir: string };
}

/** The backend settings the pipeline sets (a subset of each library's backend config). */
export interface BackendSettings {
  readonly local: { readonly path?: string; readonly workspaceDir?: string };
  // Both libraries type conn_str as required; terraform itself falls back to PG_CONN_STR.
  readonly pg: { readonly schemaName?: string; readonly connStr: string };
  readonly s3: {
    readonly bucket: string;
    readonly key: string;
    readonly region?: string;
    readonly dynamodbTable?: string;
    readonly workspaceKeyPrefix?: string;
  };
  readonly gcs: { readonly bucket: string; readonly prefix?: string };
  readonly azurerm: {
    readonly resourceGroupName?: string;
    readonly storageAccountName: string;
    readonly containerName: string;
    readonly key: string;
  };
}

/** A construct class taking `(scope, id, config)`. */
type ConstructClass<C, T = Construct> = new (scope: Construct, id: string, config: C) => T;

/**
 * The parts of a CDK for Terraform library the authoring code (EnvironmentStack, backends, the
 * deployment record, defineProject) uses: `cdktf` and `cdktn` both satisfy it, so that code is
 * written once and each flavour passes its own module (see `stacks/flavour.ts`).
 */
export interface CdkLibrary {
  readonly App: AppClass;
  readonly TerraformStack: new (scope: Construct, id: string) => StackLike;
  readonly LocalBackend: new (scope: Construct, props: BackendSettings['local']) => unknown;
  readonly PgBackend: new (scope: Construct, props: BackendSettings['pg']) => unknown;
  readonly S3Backend: new (scope: Construct, props: BackendSettings['s3']) => unknown;
  readonly GcsBackend: new (scope: Construct, props: BackendSettings['gcs']) => unknown;
  readonly AzurermBackend: new (scope: Construct, props: BackendSettings['azurerm']) => unknown;
  readonly TerraformVariable: ConstructClass<
    { readonly type?: string; readonly default?: unknown; readonly description?: string },
    ElementLike & { readonly stringValue: string }
  >;
  readonly DataResource: ConstructClass<
    { readonly input?: Record<string, unknown> },
    ResourceLike & { readonly output: unknown }
  >;
  readonly TerraformOutput: ConstructClass<{ readonly value: unknown; readonly description?: string }, ElementLike>;
  readonly TerraformResource: { isTerraformResource(x: unknown): boolean };
  readonly Aspects: { of(scope: IConstruct): { add(aspect: { visit(node: IConstruct): void }): void } };
  readonly Token: { asAny(value: unknown): unknown };
  readonly dependable: (dependable: { readonly fqn: string }) => string;
}

let cdktf: CdkLibrary | undefined;

/**
 * `cdktf`, loaded on first use: the default library of the shared authoring modules, which a
 * cdktn project also loads and which must then not pull cdktf in. Throws a `CdkLibraryMissingError`
 * when the project has not installed it.
 */
export function cdktfLibrary(): CdkLibrary {
  cdktf ??= requireCdkLibrary<CdkLibrary>('cdktf');
  return cdktf;
}
