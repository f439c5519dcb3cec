import { KeyPair } from '@nx-wasmcloud/wascap';
import { run } from './program';
import { stderrRedactor } from './output';
import { captureIo } from './test-support';

describe('stderrRedactor', () => {
  const seed = KeyPair.create('account').seed;

  it('removes canonical seeds and long secret env values, keeps key file paths and short words', () => {
    const redact = stderrRedactor({ WASH_ISSUER_KEY: ` ${seed}Q `, WASH_SUBJECT_KEY: 'keys/echo_module.nk', WASH_REG_PASSWORD: 'hunter2-hunter2' });
    expect(redact(`a ${seed} b`)).toBe('a [redacted] b');
    expect(redact(`got '${seed}Q'`)).toBe("got '[redacted]'");
    expect(redact('login failed for hunter2-hunter2')).toBe('login failed for [redacted]');
    expect(redact('key file keys/echo_module.nk is bad')).toBe('key file keys/echo_module.nk is bad');
    expect(stderrRedactor({ WASH_REG_PASSWORD: 'pass' })('a password')).toBe('a password');
  });

  it('guards what commander quotes back: a seed typed as a command, option or number', async () => {
    for (const argv of [[seed], ['claims', 'sign', 'x.wasm', `--isuer=${seed}`], ['keys', 'gen', seed], ['claims', 'inspect', 'x', '-o', seed]]) {
      const io = captureIo({ env: { WASH_KEYS: '/nonexistent-keys' } });
      expect(await run(argv, io)).toBe(2);
      expect([...io.stdout, ...io.stderr].join('\n')).not.toContain(seed.slice(0, 20));
    }
  });
});
