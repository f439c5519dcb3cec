import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspectTargetKind } from './inspect-source';
import { captureIo } from '../test-support';

describe('inspectTargetKind', () => {
  const dir = mkdtempSync(join(tmpdir(), 'inspect-source-'));
  // A file whose name looks like a reference: wash opens the file first.
  writeFileSync(join(dir, 'localhost:5000'), 'x');
  const io = captureIo({ cwd: dir });

  it('reads an existing path as a file, even when it looks like a reference', () => {
    expect(inspectTargetKind(io, 'localhost:5000')).toBe('file');
  });

  it('pulls references with a tag, digest or port, and oci: layouts', () => {
    expect(inspectTargetKind(io, 'ghcr.io/org/echo:0.1.0')).toBe('reference');
    expect(inspectTargetKind(io, `ghcr.io/org/echo@sha256:${'a'.repeat(64)}`)).toBe('reference');
    expect(inspectTargetKind(io, 'oci:./layout:1.0')).toBe('reference');
  });

  it('keeps missing plain names and paths as files (no such file is the useful message)', () => {
    expect(inspectTargetKind(io, 'missing.par')).toBe('file');
    expect(inspectTargetKind(io, './echo_s.wasm')).toBe('file');
    expect(inspectTargetKind(io, '/abs/echo_s.wasm')).toBe('file');
  });

  it('takes a tagless name as a reference only with --allow-latest', () => {
    expect(inspectTargetKind(io, 'ghcr.io/org/echo', true)).toBe('reference');
    expect(inspectTargetKind(io, 'ghcr.io/org/echo', false)).toBe('file');
  });
});
