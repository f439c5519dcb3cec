import { logger } from '@nx/devkit';
import { resolveKeyPair, type KeyPair, type KeyRole } from '@nx-wasmcloud/wascap';
import { isAbsolute, join } from 'node:path';

export interface KeyOptions {
  /** Issuer (account) key: a path or a seed; else WASH_ISSUER_KEY; else `<dir>/$USER_account.nk`. */
  issuer?: string;
  /** Subject key: a path or a seed; else WASH_SUBJECT_KEY; else `<dir>/<name>_<role>.nk`. */
  subject?: string;
  /** Key directory; else WASH_KEYS; else [actor] key_directory; else ~/.wash/keys. */
  keysDirectory?: string;
  /** Fail instead of generating a missing key (CI); unset: NX_WASMCLOUD_DISABLE_KEYGEN=true decides. */
  disableKeygen?: boolean;
}

/** The issuer and subject keys, resolved the way wash does; notices go to the log, seeds nowhere. */
export async function signingKeys(
  opts: KeyOptions,
  subject: { role: KeyRole; name: string },
  project: { dir: string; keyDirectory?: string },
  env: NodeJS.ProcessEnv,
): Promise<{ issuer: KeyPair; subject: KeyPair }> {
  // wascap's rule: the option, WASH_KEYS, then the project's key_directory (relative to the project).
  const projectDirectory = project.keyDirectory && (isAbsolute(project.keyDirectory) ? project.keyDirectory : join(project.dir, project.keyDirectory));
  const notice = (m: string) => logger.info(m);
  // The workflow init writes sets NX_WASMCLOUD_DISABLE_KEYGEN: a fresh CI runner must not mint keys.
  const disableKeygen = opts.disableKeygen ?? env.NX_WASMCLOUD_DISABLE_KEYGEN === 'true';
  const common = { directory: opts.keysDirectory, projectDirectory, env, disableKeygen, notice };
  return {
    issuer: await resolveKeyPair({ ...common, explicit: opts.issuer ?? env.WASH_ISSUER_KEY, role: 'account' }),
    subject: await resolveKeyPair({ ...common, explicit: opts.subject ?? env.WASH_SUBJECT_KEY, role: subject.role, name: subject.name }),
  };
}
