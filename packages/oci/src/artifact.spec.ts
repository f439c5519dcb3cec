import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { detectArtifactKind } from './artifact';
import { providerArchive, signedActor, tempDir, tinyModule } from './test-support/fixtures';

describe('detectArtifactKind (wash validate_artifact)', () => {
  const dir = tempDir();

  it('recognises a signed actor and a PAR, plain or gzipped', async () => {
    expect(await detectArtifactKind(await signedActor(dir))).toBe('actor');
    expect(await detectArtifactKind(await providerArchive(dir, 1000))).toBe('provider');
    expect(await detectArtifactKind(await providerArchive(dir, 1000, true))).toBe('provider');
  });

  it('rejects unsigned modules, PARs whose binary no longer matches its hash, and other files', async () => {
    const unsigned = join(dir, 'u.wasm');
    writeFileSync(unsigned, tinyModule());
    await expect(detectArtifactKind(unsigned)).rejects.toThrow(/^Unsupported artifact type: .*not signed/);

    const par = await providerArchive(dir, 2000);
    const bytes = readFileSync(par);
    // The binary is the last entry before the two zero end blocks: flip a byte inside it.
    bytes[bytes.length - 1024 - 600] ^= 0xff;
    const tampered = join(dir, 'tampered.par');
    writeFileSync(tampered, bytes);
    await expect(detectArtifactKind(tampered)).rejects.toThrow(/^Unsupported artifact type: .*target hash mismatch for x86_64-linux/);

    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'hello');
    await expect(detectArtifactKind(text)).rejects.toThrow(/^Unsupported artifact type: .*not a WebAssembly module/);
    await expect(detectArtifactKind(join(dir, 'absent'))).rejects.toThrow(/cannot read artifact .*no such file/);
  });
});
