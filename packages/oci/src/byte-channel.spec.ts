import { ByteChannel } from './byte-channel';

const chunk = (n: number) => Buffer.from([n]);
const tick = () => new Promise((r) => setImmediate(r));

describe('ByteChannel', () => {
  it('delivers chunks in order and ends when the producer ends', async () => {
    const ch = new ByteChannel(2);
    const got: number[] = [];
    const reading = (async () => {
      for await (const c of ch) got.push(c[0]);
    })();
    for (let i = 0; i < 10; i++) await ch.push(chunk(i));
    ch.end();
    await reading;
    expect(got).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('holds the producer while `capacity` chunks wait, and releases it as the consumer reads', async () => {
    const ch = new ByteChannel(2);
    await ch.push(chunk(1));
    await ch.push(chunk(2));
    let third = false;
    const pushing = ch.push(chunk(3)).then(() => (third = true));
    await tick();
    expect(third).toBe(false);
    const it = ch[Symbol.asyncIterator]();
    expect((await it.next()).value[0]).toBe(1);
    await pushing;
    expect(third).toBe(true);
  });

  it('drops chunks once the consumer leaves, so a waiting producer is never stuck', async () => {
    const ch = new ByteChannel(1);
    await ch.push(chunk(1));
    const blocked = ch.push(chunk(2));
    const it = ch[Symbol.asyncIterator]();
    await it.return!();
    await expect(blocked).resolves.toBeUndefined();
    await expect(ch.push(chunk(3))).resolves.toBeUndefined();
    expect(await it.next()).toEqual({ done: true, value: undefined });
  });

  it("hands the producer's failure to the consumer after the queued chunks, and says it was the producer's", async () => {
    const ch = new ByteChannel(4);
    await ch.push(chunk(7));
    ch.end(new Error('upload restarted'));
    expect(ch.producerFailed).toBe(true);
    const got: number[] = [];
    await expect(
      (async () => {
        for await (const c of ch) got.push(c[0]);
      })(),
    ).rejects.toThrow('upload restarted');
    expect(got).toEqual([7]);
    expect(new ByteChannel().producerFailed).toBe(false);
  });
});
