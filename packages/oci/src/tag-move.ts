/**
 * The one line said when a push moved a tag: a version tag that silently changes content is how
 * a host ends up running something other than what was tested under that version.
 */
export function describeTagMove(reference: string, before: string, after: string): string {
  return `tag ${reference} moved: ${before} -> ${after}`;
}

/**
 * Why a push with noOverwrite was refused: the reference, what it holds, what this push would
 * have made it, and the two ways on.
 */
export function describeRefusedMove(reference: string, existing: string, wanted: string): string {
  return `tag ${reference} already holds ${existing} (this artifact is ${wanted}) and --no-overwrite refuses to move it: push under a new version tag, or drop --no-overwrite to replace it`;
}

/** True when a push found the tag naming other content than it put there. */
export function tagMoved(previousDigest: string | undefined, digest: string): previousDigest is string {
  return previousDigest !== undefined && previousDigest !== digest;
}
