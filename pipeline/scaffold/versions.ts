import { createRequire } from 'node:module';

/** What a new project depends on, besides cdktf-gitops itself (tests compare them with this package's). */
export const PROJECT_DEPENDENCIES = {
  cdktf: '0.21.0',
  // The lowest constructs that cdktf 0.21 accepts: the user's copy is the one everything uses.
  constructs: '^10.4.2',
} as const;

/** The Kubernetes template's provider, imported by deep path (its barrel loads every resource class). */
export const KUBERNETES_PROVIDER = { '@cdktf/provider-kubernetes': '12.1.1' } as const;

/** The tools a new project type-checks and runs TypeScript with. */
export const PROJECT_DEV_DEPENDENCIES = {
  '@types/node': '^20.19.43',
  tsx: '^4.23.15',
  typescript: '^5.9.3',
} as const;

/** This package's own version, from its package.json (a new project depends on exactly it). */
export function ownVersion(): string {
  // The package resolves itself by name through its `exports`, from dist/ and from the sources alike.
  const manifest = createRequire(import.meta.url)('cdktf-gitops/package.json') as { version: string };
  return manifest.version;
}
