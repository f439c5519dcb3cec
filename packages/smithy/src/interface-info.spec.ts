import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describeInterface } from './interface-info';
import { copyFixture } from './test-support/fixtures';

describe('describeInterface', () => {
  const dir = copyFixture('calc');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists the local model files and the contract ids of their services', () => {
    expect(describeInterface(join(dir, 'codegen.toml'))).toEqual({
      config: join(dir, 'codegen.toml'),
      modelFiles: [join(dir, 'calc.smithy')],
      urls: [],
      contractIds: { 'org.example.interface.calc#Calc': 'example:calc' },
    });
  });
});
