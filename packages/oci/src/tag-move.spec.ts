import { describeRefusedMove, describeTagMove, tagMoved } from './tag-move';

const OLD = `sha256:${'a'.repeat(64)}`;
const NEW = `sha256:${'b'.repeat(64)}`;

describe('describeTagMove', () => {
  it('renders one line naming the reference and both digests, old first', () => {
    expect(describeTagMove('localhost:5000/echo:0.1.0', OLD, NEW)).toBe(`tag localhost:5000/echo:0.1.0 moved: ${OLD} -> ${NEW}`);
  });
});

describe('describeRefusedMove', () => {
  it('is one line naming the reference, the digest it holds, and what to do', () => {
    const line = describeRefusedMove('localhost:5000/echo:0.1.0', OLD, NEW);
    expect(line).not.toContain('\n');
    expect(line).toBe(
      `tag localhost:5000/echo:0.1.0 already holds ${OLD} (this artifact is ${NEW}) and --no-overwrite refuses to move it: push under a new version tag, or drop --no-overwrite to replace it`,
    );
  });
});

describe('tagMoved', () => {
  it('is true only when the tag named different content before', () => {
    expect(tagMoved(undefined, NEW)).toBe(false);
    expect(tagMoved(NEW, NEW)).toBe(false);
    expect(tagMoved(OLD, NEW)).toBe(true);
  });
});
