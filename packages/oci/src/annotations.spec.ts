import { standardAnnotations } from './annotations';

describe('standardAnnotations', () => {
  it('writes created (RFC 3339, seconds), version and source when known', () => {
    expect(standardAnnotations({ created: new Date('2024-05-08T12:34:56.789Z'), version: '1.2.3', source: 'https://example.invalid/x.git', env: {} })).toEqual({
      'org.opencontainers.image.created': '2024-05-08T12:34:56Z',
      'org.opencontainers.image.version': '1.2.3',
      'org.opencontainers.image.source': 'https://example.invalid/x.git',
    });
  });

  it('takes created from SOURCE_DATE_EPOCH and omits what is unknown', () => {
    expect(standardAnnotations({ env: { SOURCE_DATE_EPOCH: '0' } })).toEqual({ 'org.opencontainers.image.created': '1970-01-01T00:00:00Z' });
    expect(standardAnnotations({ env: {} })).toEqual({});
  });
});
