import { withReleasePublish } from './release-publish';

describe('withReleasePublish', () => {
  const push = {
    executor: '@nx-wasmcloud/plugin:push',
    dependsOn: ['sign'],
    options: { registry: 'localhost:5000' },
    cache: false,
    metadata: { technologies: ['wasmcloud'] },
  };
  const publish = { executor: '@nx-wasmcloud/plugin:publish', dependsOn: ['build', 'test'], options: { cwd: 'rust', dryRun: true }, cache: false };

  it('gives an actor or provider a copy of its push', () => {
    const t = withReleasePublish({ push })!;
    expect(t['nx-release-publish']).toMatchObject({
      executor: '@nx-wasmcloud/plugin:push',
      dependsOn: ['sign'],
      options: { registry: 'localhost:5000' },
      cache: false,
    });
    expect(t['nx-release-publish'].metadata?.description).toBe('nx release publish: pushes the released version to its OCI registry (as the push target)');
  });

  it('gives an interface a publish that really publishes', () => {
    expect(withReleasePublish({ publish })!['nx-release-publish']).toMatchObject({ dependsOn: ['build', 'test'], options: { cwd: 'rust', dryRun: false } });
  });

  it('adds nothing without push/publish or over an existing target', () => {
    expect(withReleasePublish({ codegen: { executor: '@nx-wasmcloud/plugin:codegen' } })).toEqual({ codegen: { executor: '@nx-wasmcloud/plugin:codegen' } });
    const own = { executor: 'nx:noop' };
    expect(withReleasePublish({ push, 'nx-release-publish': own })!['nx-release-publish']).toBe(own);
  });
});
