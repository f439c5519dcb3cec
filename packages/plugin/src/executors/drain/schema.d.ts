export interface DrainExecutorSchema {
  selector?: 'all' | 'lib' | 'oci' | 'smithy' | 'downloads';
}
