import { capabilitiesFromFlags } from './caps';

describe('capabilitiesFromFlags', () => {
  it('pushes caps in wash order, then custom -c values', () => {
    expect(
      capabilitiesFromFlags({ events: true, custom: ['x:y'], logging: true, blobStore: true, httpServer: true, httpClient: true, msg: true, keyvalue: true }),
    ).toEqual([
      'wasmcloud:keyvalue',
      'wasmcloud:messaging',
      'wasmcloud:httpclient',
      'wasmcloud:httpserver',
      'wasmcloud:blobstore',
      'wasmcloud:builtin:logging',
      'wasmcloud:eventstreams',
      'x:y',
    ]);
    expect(capabilitiesFromFlags({})).toEqual([]);
  });
});
