import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { run, EXIT_OK, EXIT_USAGE } from './index';
import { captureIo } from './test-support';

const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8'));

describe('nx-wasmcloud CLI skeleton', () => {
  it('prints its version and exits 0', async () => {
    const io = captureIo();
    expect(await run(['--version'], io)).toBe(EXIT_OK);
    expect(io.stdout.join('\n')).toBe(pkg.version);
  });

  it('prints help naming the program and exits 0', async () => {
    const io = captureIo();
    expect(await run(['--help'], io)).toBe(EXIT_OK);
    expect(io.stdout.join('\n')).toContain('Usage: nx-wasmcloud');
  });

  it('exits 2 on an unknown command or flag', async () => {
    const io = captureIo();
    expect(await run(['no-such-command'], io)).toBe(EXIT_USAGE);
    expect(io.stderr.join('\n')).toMatch(/unknown command/);
    const io2 = captureIo();
    expect(await run(['--no-such-flag'], io2)).toBe(EXIT_USAGE);
    expect(io2.stderr.join('\n')).toMatch(/unknown option/);
  });

  it('exits 2 and prints help with no arguments', async () => {
    const io = captureIo();
    expect(await run([], io)).toBe(EXIT_USAGE);
    expect(io.stdout.join('\n')).toContain('Usage: nx-wasmcloud');
  });

  it('runs as the built bin with the right exit codes', () => {
    const bin = join(__dirname, '..', 'bin', 'nx-wasmcloud.js');
    // The test target depends on this package's own build (package.json nx.targets.test).
    expect(existsSync(bin)).toBe(true);
    expect(execFileSync(process.execPath, [bin, '--version'], { encoding: 'utf8' }).trim()).toBe(pkg.version);
    expect(spawnSync(process.execPath, [bin, 'bogus']).status).toBe(2);
  });

  it('loads only the library of the command being run, and every command for --help', () => {
    const program = join(__dirname, '..', 'dist', 'program.js');
    // wascap's crypto-free subpaths do not count as loading wascap: package-version (node:fs only) gives the CLI its
    // --version, terminal-text (no imports) escapes error lines in par, oci and smithy.
    const loaded = (args: string[]) => {
      const script = `const io={out(){},err(){},env:{},readStdin:async()=>''};require(${JSON.stringify(program)}).run(${JSON.stringify(args)},io).then(()=>{process.stdout.write(JSON.stringify(['wascap','par','oci','smithy'].filter((p)=>Object.keys(require.cache).some((k)=>k.includes('/'+p+'/dist/')&&!['package-version','terminal-text'].some((f)=>k.endsWith('/wascap/dist/'+f+'.js'))))))})`;
      return JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
    };
    expect(loaded(['push', '--help'])).toEqual(['oci']);
    expect(loaded(['smithy', '--help'])).toEqual(['smithy']);
    expect(loaded(['--help']).sort()).toEqual(['oci', 'par', 'smithy', 'wascap']);
  });
});
