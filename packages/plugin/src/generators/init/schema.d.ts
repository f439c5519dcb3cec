export interface InitGeneratorSchema {
  /** Write a CI workflow: github. */
  ci?: 'github' | 'none';
  /** Default push registry written to the plugin options. */
  registry?: string;
  /** oci://<registry>/<repository>: Nx's remote cache kept there (`cache` target, .env setup). */
  remoteCache?: string;
  /** Leave package.json alone (no plugin and CLI devDependencies). */
  skipPackageJson?: boolean;
  skipFormat?: boolean;
}
