import * as api from './index';

describe('public API', () => {
  it('exports the agreed functions', () => {
    for (const fn of [
      'createPar',
      'insertPar',
      'inspectPar',
      'extractParTarget',
      'rustTripleToParTarget',
      'hostParTarget',
      'validateParTarget',
      'parDestination',
    ]) {
      expect(typeof (api as Record<string, unknown>)[fn]).toBe('function');
    }
    expect(api.RUST_TRIPLE_TO_PAR_TARGET['armv7-unknown-linux-gnueabihf']).toBe('arm-linux');
  });
});
