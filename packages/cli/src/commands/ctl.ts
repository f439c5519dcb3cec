import type { Command } from 'commander';
import {
  CtlOptions,
  deleteLink,
  getClaims,
  getHosts,
  getInventory,
  getLinks,
  putLink,
  startActor,
  startProvider,
  stopActor,
  stopProvider,
  updateActor,
} from '@nx-wasmcloud/host';
import { parseKeyValues } from '@nx-wasmcloud/oci';
import { UsageError } from '../errors';
import { addOutputOption, escapeControl, Io, OutputKind } from '../output';
import { DEFAULT_NATS_URL } from './call-lattice';

interface CommonFlags {
  natsUrl?: string;
  lattice?: string;
  output?: OutputKind;
  timeoutMs?: string;
  hostId?: string;
}

function ctlOptions(io: Io, f: CommonFlags): CtlOptions {
  let timeoutMs: number | undefined;
  if (f.timeoutMs !== undefined) {
    timeoutMs = Number(f.timeoutMs);
    if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) throw new UsageError(`--timeout-ms ${f.timeoutMs}: give a positive number of milliseconds`);
  }
  return { nats: f.natsUrl ?? io.env.WASMCLOUD_CTL_HOST ?? DEFAULT_NATS_URL, lattice: f.lattice ?? io.env.WASMCLOUD_LATTICE_PREFIX ?? 'default', timeoutMs };
}

/** Commander hands the command itself as the last action argument; its options hold the flags. */
const flagsOf = (cmd: Command): CommonFlags => cmd.optsWithGlobals() as CommonFlags;

function common(cmd: Command): Command {
  return addOutputOption(
    cmd
      .option('--nats-url <host:port>', `NATS server of the lattice (default WASMCLOUD_CTL_HOST or ${DEFAULT_NATS_URL})`)
      .option('--lattice <name>', 'lattice prefix (default WASMCLOUD_LATTICE_PREFIX or "default")')
      .option('--timeout-ms <ms>', 'time a host may take to answer, in milliseconds (default 2000)'),
  );
}

const safe = (s: unknown) => escapeControl(String(s ?? ''));

function print(io: Io, f: CommonFlags, json: unknown, text: () => string[]): void {
  if (f.output === 'json') io.out(JSON.stringify(json));
  else for (const line of text()) io.out(line);
}

const linkValues = (list: string[]) => parseKeyValues(list, (kv) => new UsageError(`link value '${kv}': expected KEY=VALUE`));

function count(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new UsageError(`--count ${value}: give a whole number from 1 to 65535`);
  return n;
}

/** `nx-wasmcloud ctl …`: wash 0.2x's `wash ctl` over the control interface (library functions in @nx-wasmcloud/host). */
export function registerCtl(program: Command, io: Io): void {
  const ctl = program.command('ctl').description('Drive the hosts of a lattice over the control interface (wash ctl)');

  const get = ctl.command('get').description('Query the lattice: hosts, inventory, claims, links');
  common(get.command('hosts').description('List the hosts that answer')).action(async (_o, cmd: Command) => {
    const f = flagsOf(cmd);
    const hosts = await getHosts(ctlOptions(io, f));
    print(io, f, { hosts, success: true }, () =>
      hosts.length ? ['Host ID  Uptime (seconds)', ...hosts.map((h) => `${safe(h.id)}  ${h.uptime_seconds}`)] : ['No hosts found'],
    );
  });
  common(get.command('inventory').description('What a host runs (default: the first host that answers)').option('--host-id <N…>', 'the host')).action(
    async (_o, cmd: Command) => {
      const f = flagsOf(cmd);
      const inv = await getInventory(ctlOptions(io, f), f.hostId);
      print(io, f, { inventories: [inv], success: true }, () => [
        `Host ${safe(inv.host_id)}`,
        ...Object.entries(inv.labels).map(([k, v]) => `  ${safe(k)}=${safe(v)}`),
        inv.actors.length ? 'Actor ID  Name  Image Reference  Instances' : 'No actors found',
        ...inv.actors.map((a) => `${safe(a.id)}  ${safe(a.name ?? 'N/A')}  ${safe(a.image_ref ?? 'N/A')}  ${a.instances.length}`),
        inv.providers.length ? 'Provider ID  Name  Link Name  Contract ID  Image Reference' : 'No providers found',
        ...inv.providers.map((p) => `${safe(p.id)}  ${safe(p.name ?? 'N/A')}  ${safe(p.link_name)}  ${safe(p.contract_id)}  ${safe(p.image_ref ?? 'N/A')}`),
      ]);
    },
  );
  common(get.command('claims').description('The claims of every actor and provider the lattice runs')).action(async (_o, cmd: Command) => {
    const f = flagsOf(cmd);
    const claims = await getClaims(ctlOptions(io, f));
    print(io, f, { claims: { claims }, success: true }, () =>
      claims.length
        ? [
            'Public Key  Name  Issuer  Capabilities  Version  Revision',
            ...claims.map((c) => [c.sub, c.name, c.iss, c.caps, c.version, c.rev].map(safe).join('  ')),
          ]
        : ['No claims found'],
    );
  });
  common(get.command('links').description('The link definitions of the lattice')).action(async (_o, cmd: Command) => {
    const f = flagsOf(cmd);
    const links = await getLinks(ctlOptions(io, f));
    print(io, f, { links, success: true }, () =>
      links.length
        ? ['Actor ID  Provider ID  Contract ID  Link Name', ...links.map((l) => [l.actor_id, l.provider_id, l.contract_id, l.link_name].map(safe).join('  '))]
        : ['No links found'],
    );
  });

  const start = ctl.command('start').description('Start an actor or a provider on a host');
  common(
    start
      .command('actor <ref>')
      .description('Start an actor from an OCI reference')
      .option('--host-id <N…>', 'the host (default: the first that answers)')
      .option('--count <n>', 'instances', '1'),
  ).action(async (ref: string, _o, cmd: Command) => {
    const f = flagsOf(cmd) as CommonFlags & { count?: string };
    const r = await startActor(ctlOptions(io, f), { ref, hostId: f.hostId, count: count(f.count) });
    print(io, f, { actor_ref: ref, actor_id: r.actorId, host_id: r.hostId, success: true }, () => [
      `Actor ${safe(r.actorId)} (${safe(ref)}) started on host ${safe(r.hostId)}`,
    ]);
  });
  common(
    start
      .command('provider <ref>')
      .description('Start a capability provider from an OCI reference')
      .option('--host-id <N…>', 'the host (default: the first that answers)')
      .option('--link-name <name>', 'link name', 'default'),
  ).action(async (ref: string, _o, cmd: Command) => {
    const f = flagsOf(cmd) as CommonFlags & { linkName?: string };
    const r = await startProvider(ctlOptions(io, f), { ref, hostId: f.hostId, linkName: f.linkName });
    print(io, f, { provider_ref: ref, provider_id: r.providerId, contract_id: r.contractId, link_name: r.linkName, host_id: r.hostId, success: true }, () => [
      `Provider ${safe(r.providerId)} (${safe(ref)}, ${safe(r.contractId)}, link ${safe(r.linkName)}) started on host ${safe(r.hostId)}`,
    ]);
  });

  const stop = ctl.command('stop').description('Stop an actor or a provider');
  common(
    stop
      .command('actor <actor-id>')
      .description('Stop an actor (public key or image reference)')
      .option('--host-id <N…>', 'the host (default: the one running it)'),
  ).action(async (actorId: string, _o, cmd: Command) => {
    const f = flagsOf(cmd);
    const r = await stopActor(ctlOptions(io, f), { actorId, hostId: f.hostId });
    print(io, f, { actor_id: actorId, host_id: r.hostId, success: true }, () => [`Actor ${safe(actorId)} stopped on host ${safe(r.hostId)}`]);
  });
  common(
    stop
      .command('provider <provider-id>')
      .description('Stop a provider (public key or image reference)')
      .option('--host-id <N…>', 'the host (default: the one running it)')
      .option('--link-name <name>', 'link name', 'default')
      .option('--contract-id <id>', 'contract id (sent as wash sends it)'),
  ).action(async (providerId: string, _o, cmd: Command) => {
    const f = flagsOf(cmd) as CommonFlags & { linkName?: string; contractId?: string };
    const r = await stopProvider(ctlOptions(io, f), { providerId, hostId: f.hostId, linkName: f.linkName, contractId: f.contractId });
    print(io, f, { provider_id: providerId, link_name: f.linkName, host_id: r.hostId, success: true }, () => [
      `Provider ${safe(providerId)} (link ${safe(f.linkName)}) stopped on host ${safe(r.hostId)}`,
    ]);
  });

  const update = ctl.command('update').description('Live-update an actor');
  common(
    update
      .command('actor <actor-id> <new-ref>')
      .description('Replace a running actor with the module a reference names (same module key)')
      .option('--host-id <N…>', 'the host (default: the one running it)'),
  ).action(async (actorId: string, ref: string, _o, cmd: Command) => {
    const f = flagsOf(cmd);
    const r = await updateActor(ctlOptions(io, f), { actorId, ref, hostId: f.hostId });
    print(io, f, { actor_id: actorId, new_actor_ref: ref, host_id: r.hostId, success: true }, () => [
      `Actor ${safe(actorId)} updated to ${safe(ref)} on host ${safe(r.hostId)}`,
    ]);
  });

  const link = ctl.command('link').description('Put or delete link definitions');
  common(
    link
      .command('put <actor-id> <provider-id> <contract-id> [values...]')
      .description('Link an actor to a provider, with KEY=VALUE settings')
      .option('--link-name <name>', 'link name', 'default'),
  ).action(async (actorId: string, providerId: string, contractId: string, values: string[], _o, cmd: Command) => {
    const f = flagsOf(cmd) as CommonFlags & { linkName?: string };
    await putLink(ctlOptions(io, f), { actorId, providerId, contractId, linkName: f.linkName, values: linkValues(values ?? []) });
    print(io, f, { actor_id: actorId, provider_id: providerId, contract_id: contractId, link_name: f.linkName, success: true }, () => [
      `Published link (${safe(actorId)}) <-> (${safe(providerId)}) for ${safe(contractId)}, link ${safe(f.linkName)}`,
    ]);
  });
  // Deleting is idempotent, as in otp and wash: a link that is not there is an accepted ack (the
  // hosts cannot tell the two apart in it), so this prints the same line and exits 0.
  common(
    link
      .command('del <actor-id> <contract-id>')
      .description('Delete a link definition (a link that does not exist is not an error)')
      .option('--link-name <name>', 'link name', 'default'),
  ).action(async (actorId: string, contractId: string, _o, cmd: Command) => {
    const f = flagsOf(cmd) as CommonFlags & { linkName?: string };
    await deleteLink(ctlOptions(io, f), { actorId, contractId, linkName: f.linkName });
    print(io, f, { actor_id: actorId, contract_id: contractId, link_name: f.linkName, success: true }, () => [
      `Deleted link for ${safe(actorId)} on ${safe(contractId)} (${safe(f.linkName)})`,
    ]);
  });
}
