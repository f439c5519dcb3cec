import { ParIoError } from './errors';
import { ioError } from './io-error';

describe('ioError', () => {
  it('turns fs error codes into one-line ParIoErrors and passes anything else through', () => {
    const enoent = Object.assign(new Error('ENOENT: no such file, open x'), { code: 'ENOENT' });
    expect(ioError(enoent, "cannot read 'x'")).toEqual(new ParIoError("cannot read 'x': no such file"));
    expect(ioError(Object.assign(new Error(''), { code: 'EMFILE' }), 'ctx').message).toBe('ctx: EMFILE');
    const bug = new TypeError('boom');
    expect(ioError(bug, 'ctx')).toBe(bug);
  });
});
