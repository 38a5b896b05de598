// Where the tests find the repository, the CLI and the example project.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The CLI as users run it. */
export const BIN = path.join(ROOT, 'bin', 'cdktf-gitops');
/** The provider-free example project. */
export const EXAMPLE = path.join(ROOT, 'examples', 'terraform-data');
/** The same example on CDK Terrain (cdktn). */
export const CDKTN_EXAMPLE = path.join(ROOT, 'examples', 'cdktn-terraform-data');
