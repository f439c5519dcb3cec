import type { ExecutorContext } from '@nx/devkit';
import { logger } from '@nx/devkit';
import { CtlOptions, getHosts, getInventory, startActor, updateActor } from '@nx-wasmcloud/host';
import { hostCachePaths } from '@nx-wasmcloud/oci';
import { extractClaims } from '@nx-wasmcloud/wascap';
import { readFileSync, rmSync } from 'node:fs';
import { toolEnv } from '../../utils/env';
import { PluginUserError } from '../../utils/user-error';
import pushExecutor from '../push/executor';
import { defaultReference, publishedArtifact } from '../shared/artifact';
import { loadProject } from '../shared/project';
import { runExecutor } from '../shared/run-executor';
import type { DeployExecutorSchema } from './schema';

/**
 * `deploy`: push (the push executor, same options), then start the actor in the running lattice by
 * its reference, or live-update it where a host already runs it (control interface, as `nx-wasmcloud
 * ctl start|update actor`). The hosts' cached copy of the reference on this machine is drained
 * first, and the host drains its own on an update, so a re-push of the same tag really runs.
 */
export default async function deployExecutor(options: DeployExecutorSchema, context: ExecutorContext) {
  return runExecutor(async () => {
    const project = loadProject(context);
    if (project.config.type !== 'actor') throw new PluginUserError(`${project.root}: deploy runs actors; this project is a ${project.config.type}`);
    const registry = options.registry ?? project.config.actor?.registry;
    if (!options.reference && !registry)
      throw new PluginUserError(
        `no registry for ${project.config.name}: pass --registry=host:port, or set [actor] registry in wasmcloud.toml or the plugin option "registry" in nx.json`,
      );
    const reference = options.reference ?? defaultReference(registry!, project);
    const pushed = await pushExecutor({ registry, reference, insecure: options.insecure, allowLatest: options.allowLatest }, context);
    if (!pushed.success) throw new PluginUserError(`not deployed: the push of ${reference} failed`);

    const token = extractClaims(new Uint8Array(readFileSync(publishedArtifact(project))));
    if (!token) throw new PluginUserError(`${project.root}: the signed module holds no claims: run the sign target`);
    const actorKey = String(token.claims.sub);
    const env = toolEnv();
    const cache = hostCachePaths(reference, env);
    rmSync(cache.bin, { force: true });
    rmSync(cache.digest, { force: true });

    const ctl: CtlOptions = { nats: options.natsUrl ?? '127.0.0.1:4222', lattice: options.lattice ?? 'default', timeoutMs: options.timeoutMs };
    const hosts = await getHosts(ctl);
    if (!hosts.length)
      throw new PluginUserError(
        `no host answers on lattice ${ctl.lattice} at ${String(ctl.nats)}: start one (nx run <workspace>:host, or nx-wasmcloud up) or pass --natsUrl/--lattice`,
      );
    for (const h of hosts) {
      const inv = await getInventory(ctl, h.id).catch(() => undefined);
      if (inv?.actors.some((a) => a.id === actorKey)) {
        await updateActor(ctl, { actorId: actorKey, ref: reference, hostId: h.id });
        logger.info(`Updated actor ${actorKey} on host ${h.id} to ${reference}`);
        return;
      }
    }
    const started = await startActor(ctl, { ref: reference, hostId: options.hostId });
    logger.info(`Started actor ${started.actorId} from ${reference} on host ${started.hostId}`);
  });
}
