/**
 * The layout of the SharedArrayBuffer between the host (main thread) and one actor instance (a
 * worker). worker-main.ts runs in the worker from its source text and cannot import this file,
 * so it repeats these numbers; channel.spec.ts checks that both agree.
 */
export const CTL_WORDS = 16;
/** ctl indexes */
export const STATE = 0;
export const LEN_A = 1;
export const LEN_B = 2;
export const LEN_C = 3;
export const LEN_D = 4;
export const KIND = 5;
export const LEN = 6;
export const API_VERSION = 7;
export const REQUEST_END = 8;

/** STATE values */
export const IDLE = 0;
/** main -> worker: run __guest_call (or the instantiation, for the first message) */
export const CALL = 1;
/** worker -> main: the result is in the data region */
export const DONE = 2;
/** worker -> main: a host call or a console line is in the data region */
export const HOSTCALL = 3;
/** main -> worker: the host call's answer is in the data region */
export const HOSTREPLY = 4;
/** main -> worker: instantiate the module just posted on the worker's port */
export const INIT = 5;
/** set by the main thread when the worker has exited */
export const DEAD = 7;

/** KIND values of DONE */
export const RESULT_ERROR = 0;
export const RESULT_OK = 1;
export const RESULT_TRAP = 2;
export const RESULT_BAD_RC = 3;
export const RESULT_HOST_FAILURE = 4;

/** KIND values of HOSTCALL */
export const HOSTCALL_CALL = 0;
export const HOSTCALL_LOG = 1;

/** Extra room in the data region beyond two payloads, for operation names and error strings. */
export const DATA_SLACK = 64 * 1024;

/** Host-call data starts after the request, 8-aligned, so a late __guest_request still finds it intact. */
export function align8(n: number): number {
  return (n + 7) & ~7;
}
