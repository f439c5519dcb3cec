import * as api from './index';

describe('public API', () => {
  it('exports the functions agreed in the helper brief', () => {
    for (const name of ['parseReference', 'pushArtifact', 'pullArtifact', 'drain', 'startLocalRegistry']) {
      expect(typeof (api as Record<string, unknown>)[name]).toBe('function');
    }
  });
});
