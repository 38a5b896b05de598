import { createRequire } from 'node:module';

// cdktf-gitops builds on the project's own CDK library (a peer dependency): these find and load it, and
// say what to install when it is missing.

/** The CDK libraries cdktf-gitops builds on: CDK for Terraform and its continuation, CDK Terrain. */
export type CdkLibraryName = 'cdktf' | 'cdktn';

/** Each library's name, the export of cdktf-gitops built on it, its supported versions (package.json's peer ranges). */
export const CDK_LIBRARIES: Readonly<
  Record<CdkLibraryName, { readonly title: string; readonly entry: string; readonly range: string }>
> = {
  cdktf: { title: 'CDK for Terraform', entry: 'cdktf-gitops', range: '^0.21.0' },
  cdktn: { title: 'CDK Terrain', entry: 'cdktf-gitops/cdktn', range: '^0.24.0' },
};

/** The command that installs `library` (npm installs the matching `constructs`, its peer, with it). */
function installCommand(library: CdkLibraryName): string {
  return `npm install ${library}@${CDK_LIBRARIES[library].range}`;
}

/** `library` is not installed where cdktf-gitops looks for it (beside the project, through Node's resolution). */
export class CdkLibraryMissingError extends Error {
  override readonly name = 'CdkLibraryMissingError';

  constructor(
    /** The library that could not be found. */
    readonly library: CdkLibraryName,
    options?: { cause?: unknown },
  ) {
    const other: CdkLibraryName = library === 'cdktf' ? 'cdktn' : 'cdktf';
    const { title, entry, range } = CDK_LIBRARIES[library];
    super(
      `'${entry}' builds on the project's own ${library} (${title}, ${range}), which is not installed: ` +
        `${installCommand(library)} (a ${CDK_LIBRARIES[other].title} project installs ${other} instead ` +
        `and imports from '${CDK_LIBRARIES[other].entry}')`,
      options,
    );
  }
}

/** What to do when neither library is installed: the advice of that error. */
export function noCdkLibraryMessage(): string {
  const each = (['cdktf', 'cdktn'] as const).map(
    (l) => `${installCommand(l)} (${CDK_LIBRARIES[l].title}; main.ts imports from '${CDK_LIBRARIES[l].entry}')`,
  );
  return `neither cdktf nor cdktn is installed: cdktf-gitops uses the project's own CDK library: ${each.join(' or ')}`;
}

/**
 * Loads `library` as Node resolves it from this package (the copy the project installed; a peer
 * dependency, so npm installs it beside this package). Throws a {@link CdkLibraryMissingError}
 * when it is not installed; any other error (a broken install) is Node's own.
 */
export function requireCdkLibrary<T>(library: CdkLibraryName): T {
  const require = createRequire(import.meta.url);
  let resolved: string;
  try {
    resolved = require.resolve(library);
  } catch (error) {
    throw new CdkLibraryMissingError(library, { cause: error });
  }
  return require(resolved) as T;
}

/** The CDK libraries installed for the module `file` (resolved as its imports would be; nothing is loaded). */
export function installedCdkLibraries(file: string): CdkLibraryName[] {
  const require = createRequire(file);
  return (['cdktf', 'cdktn'] as const).filter((library) => {
    try {
      require.resolve(library);
      return true;
    } catch {
      return false;
    }
  });
}
