import * as ch from './channel';
import { workerMain } from './worker-main';

describe('channel layout', () => {
  it('worker-main.ts repeats the same numbers (it runs from its source text and cannot import them)', () => {
    const src = workerMain.toString();
    const names = [
      'STATE',
      'LEN_A',
      'LEN_B',
      'LEN_C',
      'LEN_D',
      'KIND',
      'LEN',
      'API_VERSION',
      'REQUEST_END',
      'IDLE',
      'CALL',
      'DONE',
      'HOSTCALL',
      'INIT',
      'RESULT_ERROR',
      'RESULT_OK',
      'RESULT_TRAP',
      'RESULT_BAD_RC',
      'RESULT_HOST_FAILURE',
      'HOSTCALL_CALL',
      'HOSTCALL_LOG',
    ] as const;
    for (const name of names) {
      const m = new RegExp(`\\b${name} = (\\d+)`).exec(src);
      expect([name, m && Number(m[1])]).toEqual([name, ch[name]]);
    }
  });
  it('align8 rounds up to a multiple of 8', () => {
    expect([0, 1, 8, 9].map(ch.align8)).toEqual([0, 8, 8, 16]);
  });
});
