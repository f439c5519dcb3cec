import { dropDisabledTargets } from './disabled-targets';
import { DISABLED_TARGET_PREFIX } from './options';

const off = (name: string) => `${DISABLED_TARGET_PREFIX}${name}`;

describe('dropDisabledTargets', () => {
  it('drops disabled targets and every form of dependsOn naming one, putting their outputs in as inputs', () => {
    const targets = dropDisabledTargets({
      [off('build')]: { outputs: ['{projectRoot}/build/x.wasm'] },
      sign: { dependsOn: [off('build'), `^${off('build')}`, { target: off('build') }, 'lint'], inputs: ['{projectRoot}/wasmcloud.toml'] },
      push: { dependsOn: ['sign'] },
    });
    expect(targets).toEqual({
      sign: { dependsOn: ['lint'], inputs: ['{projectRoot}/wasmcloud.toml', '{projectRoot}/build/x.wasm'] },
      push: { dependsOn: ['sign'] },
    });
  });

  it('leaves targets without disabled dependencies as they are', () => {
    const push = { dependsOn: ['sign'] };
    expect(dropDisabledTargets({ push })?.push).toBe(push);
    expect(dropDisabledTargets(undefined)).toBeUndefined();
  });
});
