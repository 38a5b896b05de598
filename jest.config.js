/** Jest under node --experimental-vm-modules with ts-jest's ESM preset (execa 9 is ESM-only). */
export default {
  preset: 'ts-jest/presets/default-esm',
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  setupFilesAfterEnv: ['<rootDir>/__tests__/setup.ts'],
  // 'cdktf-gitops' by name (examples, test projects) is the sources under test, never a possibly stale dist/.
  moduleNameMapper: {
    '^cdktf-gitops$': '<rootDir>/index.ts',
    '^cdktf-gitops/kubernetes$': '<rootDir>/kubernetes.ts',
    '^cdktf-gitops/cdktn$': '<rootDir>/cdktn.ts',
    '^cdktf-gitops/terraform$': '<rootDir>/terraform.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }],
  },
  testTimeout: 120000,
};
