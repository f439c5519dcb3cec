import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { detectArtifactKindOf } from './artifact';
import { ByteChannel } from './byte-channel';
import { DigestMismatchError } from './errors';
import { ArtifactKind } from './media-types';
import { ProgressListener, RegistryClient } from './registry-client';

export interface CheckedArtifact {
  kind: ArtifactKind;
  digest: string;
  size: number;
}

/** An upload started before the artifact's digest is known. */
export interface SinglePassUpload {
  /**
   * The kind (wash's validation), digest and size, computed from the very bytes the first upload
   * attempt read; undefined when that attempt did not read the whole file (the caller hashes and
   * validates the file itself then). Rejects with the validation error, having stopped the upload.
   */
  checked: Promise<CheckedArtifact | undefined>;
  /** Commits the upload under `digest`; false if it failed (upload the blob normally then). */
  finish(digest: string): Promise<boolean>;
  /** Abandons the upload (the blob exists already, or something else failed). */
  cancel(): Promise<void>;
}

class UploadInterrupted extends Error {}

// Larger reads than STREAM_CHUNK: fewer hand-offs per byte on the one pass that does three jobs;
// at most the channel's 8 chunks plus the socket's buffer are held at once.
const READ_CHUNK = 1 << 20;

/**
 * Reads the file once: each chunk goes to the registry, through SHA-256 for the layer digest, and
 * to the artifact validator. Nothing is committed until the caller calls finish with the digest,
 * after validation succeeded, so an invalid artifact never becomes a blob. One read instead of
 * three (upload, hash, validate) is what lets a push keep pace with `skopeo copy`, whose digests
 * an OCI layout already holds.
 */
export function startSinglePassUpload(
  client: RegistryClient,
  repo: string,
  file: string,
  size: number,
  onProgress?: ProgressListener,
  env: NodeJS.ProcessEnv = process.env,
): SinglePassUpload {
  const abort = new AbortController();
  const hash = createHash('sha256');
  const channel = new ByteChannel();
  let seen = 0;
  let opens = 0;
  let teeing = true;

  // Only the first attempt's bytes are hashed and validated; a retry re-reads the file plainly.
  const open = (start: number, end: number): Readable => {
    if (start === 0 && opens++ > 0 && teeing) {
      teeing = false;
      channel.end(new UploadInterrupted('upload restarted'));
    }
    const stream = createReadStream(file, { start, end: end - 1, highWaterMark: READ_CHUNK });
    if (!teeing) return stream;
    const tee = new Transform({
      transform(chunk: Buffer, _enc, done) {
        if (!teeing) return done(null, chunk);
        hash.update(chunk);
        seen += chunk.length;
        channel.push(chunk).then(() => {
          if (seen === size) channel.end();
          done(null, chunk);
        }, done);
      },
    });
    stream.on('error', (err) => tee.destroy(err));
    return stream.pipe(tee);
  };

  const upload = client.uploadUnfinished(repo, size, open, onProgress, abort.signal).then(
    (location) => ({ location, error: undefined }),
    (error: Error) => ({ location: undefined, error }),
  );
  const validation = detectArtifactKindOf(channel, file, env).then(
    (kind) => ({ kind, error: undefined, genuine: true }),
    // An error raised because the upload stopped feeding the validator says nothing about the file.
    (error: Error) => ({ kind: undefined, error, genuine: !channel.producerFailed }),
  );
  // A validator that rejects the bytes stops the upload at once rather than sending the rest.
  void validation.then((v) => {
    channel.close();
    if (v.error && v.genuine) abort.abort();
  });

  const checked = (async (): Promise<CheckedArtifact | undefined> => {
    const up = await upload;
    const whole = seen === size;
    if (!whole) {
      teeing = false;
      channel.end(new UploadInterrupted(up.error ? up.error.message : 'upload ended early'));
    }
    const v = await validation;
    if (v.error && v.genuine) throw v.error;
    if (!whole || !v.kind) return undefined;
    return { kind: v.kind, digest: `sha256:${hash.digest('hex')}`, size };
  })();
  // Observed so that a push failing elsewhere first never leaves an unhandled rejection.
  checked.catch(() => undefined);

  return {
    checked,
    async finish(digest) {
      const { location } = await upload;
      if (!location) return false;
      try {
        await client.finishUpload(repo, location, digest);
        return true;
      } catch (err) {
        // Not committed: the session is cancelled, and the caller uploads afresh (or gives up).
        await client.cancelUpload(repo, location);
        if (err instanceof DigestMismatchError) throw err;
        return false;
      }
    },
    async cancel() {
      abort.abort();
      channel.end(new UploadInterrupted('upload cancelled'));
      channel.close();
      const { location } = await upload;
      if (location) await client.cancelUpload(repo, location);
    },
  };
}
