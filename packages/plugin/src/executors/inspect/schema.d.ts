export interface InspectExecutorSchema {
  /** Print JSON instead of text. */
  json?: boolean;
}
