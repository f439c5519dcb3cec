import { readFileSync } from 'node:fs';
import { LatticeHost } from '../lattice-host';

/**
 * A lattice host in its own process (for the failover test): env NATS_URL, LATTICE, CLUSTER_SEED
 * (a test's throwaway seed), ACTOR_FILE. Prints `ready`, then `answered <payload>` per invocation.
 */
async function main(): Promise<void> {
  const host = await LatticeHost.start({
    natsUrl: process.env.NATS_URL!,
    lattice: process.env.LATTICE,
    clusterSeed: process.env.CLUSTER_SEED,
    log: () => undefined,
  });
  host.on('event', (e) => {
    if (e.type === 'invocation_succeeded') process.stdout.write(`answered ${(e.data as { invocation_id: string }).invocation_id}\n`);
  });
  await host.startActor(new Uint8Array(readFileSync(process.env.ACTOR_FILE!)));
  process.stdout.write('ready\n');
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).message}\n`);
  process.exit(1);
});
