// Types of cdktf's Jest matchers, registered at runtime by Testing.setupJest() in __tests__/setup.ts;
// cdktf's own declaration is not picked up and declares Matchers<R> where @types/jest has Matchers<R, T>.
declare namespace jest {
  /** A resource, data source or provider class: what the matchers look up by `tfResourceType`. */
  interface CdktfConstructor {
    readonly tfResourceType: string;
  }

  interface Matchers<R, T> {
    toHaveResource(resourceConstructor: CdktfConstructor): R;
    toHaveResourceWithProperties(resourceConstructor: CdktfConstructor, properties: Record<string, unknown>): R;
    toHaveDataSource(dataSourceConstructor: CdktfConstructor): R;
    toHaveDataSourceWithProperties(dataSourceConstructor: CdktfConstructor, properties: Record<string, unknown>): R;
    toHaveProvider(providerConstructor: CdktfConstructor): R;
    toHaveProviderWithProperties(providerConstructor: CdktfConstructor, properties: Record<string, unknown>): R;
  }
}
