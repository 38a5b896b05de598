import { accessSync, constants, statSync } from 'node:fs';
import * as path from 'node:path';

/** Which implementation a binary is: HashiCorp Terraform or OpenTofu (same CLI, same `-json` formats). */
export type TerraformProduct = 'terraform' | 'opentofu';

/** How messages name a product, and the oldest release the pipeline accepts. */
export interface ProductInfo {
  /** `terraform` or `opentofu`. */
  readonly product: TerraformProduct;
  /** The command name messages use: `terraform` or `tofu` (`tofu plan failed …`). */
  readonly command: string;
  /** The name in version requirements: `terraform` or `OpenTofu` (`needs OpenTofu >= 1.6.0`). */
  readonly name: string;
  /** Minimum version: terraform 1.4 (workspace select -or-create, terraform_data); OpenTofu 1.6 (first stable). */
  readonly minimumVersion: string;
  /** What the minimum is for, for {@link TerraformVersionError}'s message. */
  readonly minimumFor: string;
}

const PRODUCTS: Readonly<Record<TerraformProduct, ProductInfo>> = {
  terraform: {
    product: 'terraform',
    command: 'terraform',
    name: 'terraform',
    minimumVersion: '1.4.0',
    minimumFor: 'workspace select -or-create and terraform_data',
  },
  opentofu: {
    product: 'opentofu',
    command: 'tofu',
    name: 'OpenTofu',
    minimumVersion: '1.6.0',
    minimumFor: 'cdktf-gitops',
  },
};

/**
 * The product of a binary, from its file name: `tofu` (also `tofu-1.8`, `tofu.exe`) is OpenTofu,
 * anything else terraform. Both print the same `version -json` (OpenTofu keeps `terraform_version`),
 * so the name is what tells them apart without parsing human output.
 */
export function productOf(binary: string): ProductInfo {
  const base = path.basename(binary).toLowerCase();
  return PRODUCTS[/^tofu(?:[-_.].*)?$/.test(base) ? 'opentofu' : 'terraform'];
}

/** Per PATH value: detection runs once per distinct PATH, not once per runner. */
const detected = new Map<string, string>();

/**
 * The binary to run: `TERRAFORM_BINARY` when set; else `terraform` when it is on `PATH`; else `tofu`
 * when that is; else `terraform` (whose absence then becomes a clear TerraformNotFoundError).
 */
export function resolveBinary(env: Readonly<Record<string, string | undefined>>): string {
  if (env.TERRAFORM_BINARY) return env.TERRAFORM_BINARY;
  const searchPath = env.PATH ?? '';
  let binary = detected.get(searchPath);
  if (binary === undefined) {
    binary = onPath('terraform', searchPath) ? 'terraform' : onPath('tofu', searchPath) ? 'tofu' : 'terraform';
    detected.set(searchPath, binary);
  }
  return binary;
}

/** Whether an executable file `name` is in one of `searchPath`'s directories. */
export function onPath(name: string, searchPath: string): boolean {
  for (const dir of searchPath.split(path.delimiter)) {
    if (dir === '') continue;
    const file = path.join(dir, name);
    try {
      if (!statSync(file).isFile()) continue;
      accessSync(file, constants.X_OK);
      return true;
    } catch {
      // Not there, or not executable: keep looking.
    }
  }
  return false;
}
