import { capabilitiesFromFlags, capabilityName } from './caps';

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

describe('capabilityName', () => {
  it("prints wash's names for the well-known ids and any other id as itself", () => {
    expect(capabilityName('wasmcloud:keyvalue')).toBe('K/V Store');
    expect(capabilityName('wasmcloud:httpserver')).toBe('HTTP Server');
    expect(capabilityName('wasmcloud:builtin:logging')).toBe('Logging');
    expect(capabilityName('wasmcloud:builtin:numbergen')).toBe('Number Generation');
    expect(capabilityName('example:thing')).toBe('example:thing');
    expect(capabilityName('toString')).toBe('toString');
  });
});
