import { isLoopbackRegistry } from './loopback';

describe('isLoopbackRegistry', () => {
  it.each(['localhost:5000/hello:0.1.0', '127.0.0.1:5917/a/b:1', '127.1.2.3/x', '[::1]:5000/x:1'])('%s is local', (r) =>
    expect(isLoopbackRegistry(r)).toBe(true),
  );
  it.each(['ghcr.io/acme/x:1', 'localhost.example.com:5000/x', '10.0.0.1:5000/x'])('%s is not', (r) => expect(isLoopbackRegistry(r)).toBe(false));
});
