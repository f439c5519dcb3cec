export interface InitGeneratorSchema {
  /** Write a CI workflow: github. */
  ci?: 'github' | 'none';
  /** Default push registry written to the plugin options. */
  registry?: string;
  skipFormat?: boolean;
}
