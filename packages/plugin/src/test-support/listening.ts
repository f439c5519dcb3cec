import { connect } from 'node:net';

/** Whether something accepts connections on 127.0.0.1:port (what a test checks after a stop). */
export function listening(port: number): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const s = connect({ host: '127.0.0.1', port }, () => (s.destroy(), resolve(true)));
    s.on('error', () => resolve(false));
  });
}
