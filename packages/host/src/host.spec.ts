import { decode } from '@msgpack/msgpack';
import { CallTimeoutError, GuestError, HostUserError, RPC_TIMEOUT_ERROR } from './errors';
import { Host } from './host';
import { bytes, FAMILIES_SIGNED, text } from './test-support/host-fixtures';
import { hostCallPayload, rustActorModule, sign, watActorModule } from './test-support/fixtures';
import { FAMILIES } from './test-support/wat-actor';
import { LogEntry } from './types';

describe('Host: the four ABI families', () => {
  let host: Host;
  const logs: LogEntry[] = [];
  beforeAll(() => {
    host = new Host({ log: (e) => logs.push(e) });
  });
  afterAll(() => host.close());

  it.each(Object.keys(FAMILIES) as Array<keyof typeof FAMILIES>)('%s: starts, echoes, reports its family and API version', async (family) => {
    const signed = await FAMILIES_SIGNED(family);
    const info = await host.startActor(signed.bytes);
    expect(info.abi).toBe(family);
    expect(info.apiVersion).toBe(family === 'wasmbus-0.7' ? 1 : 0);
    expect(info.publicKey).toBe(signed.publicKey);
    const reply = await host.call(info.publicKey, 'Echo.Echo', bytes(`hello ${family}`));
    expect(text(reply)).toBe(`hello ${family}`);
    // Operation names reach the guest verbatim: its own "no handler" text comes back.
    await expect(host.call(info.publicKey, 'HttpServer.HandleRequest')).rejects.toThrow(new GuestError('No handler registered for function HttpServer.HandleRequest'));
    await host.stopActor(info.publicKey);
  });

  it('calls start, wapc_init and _start once each, in that order, whatever the export order', async () => {
    const signed = await FAMILIES_SIGNED('wasmbus-0.7');
    const info = await host.startActor(signed.bytes);
    expect(text(await host.call(info.publicKey, 'Init.Order'))).toBe('sw_');
    expect(text(await host.call(info.publicKey, 'Init.Order'))).toBe('sw_');
    await host.stopActor(info.publicKey);
  });
});
