import { parseCargoArtifact } from './cargo-artifacts';

describe('parseCargoArtifact', () => {
  it('reads compiler-artifact messages', () => {
    const line = JSON.stringify({
      reason: 'compiler-artifact',
      target: { name: 'hello', kind: ['cdylib', 'rlib'] },
      filenames: ['/t/wasm32-unknown-unknown/release/hello.wasm', '/t/wasm32-unknown-unknown/release/libhello.rlib'],
      executable: null,
    });
    expect(parseCargoArtifact(line)).toEqual({
      targetName: 'hello',
      kinds: ['cdylib', 'rlib'],
      filenames: ['/t/wasm32-unknown-unknown/release/hello.wasm', '/t/wasm32-unknown-unknown/release/libhello.rlib'],
      executable: null,
    });
  });

  it('ignores other messages and plain text', () => {
    expect(parseCargoArtifact('{"reason":"build-finished","success":true}')).toBeUndefined();
    expect(parseCargoArtifact('   Compiling hello v0.1.0')).toBeUndefined();
    expect(parseCargoArtifact('{not json')).toBeUndefined();
  });
});
