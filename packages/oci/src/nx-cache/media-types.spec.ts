import { ACCEPTED_LAYER_TYPES, ACTOR_CONFIG, PROVIDER_CONFIG } from '../media-types';
import { NX_CACHE_CONFIG, NX_CACHE_LAYER } from './media-types';

describe('Nx cache record media types', () => {
  it('are types of their own: not an actor or provider config, and not a layer type wash pull accepts', () => {
    expect([ACTOR_CONFIG, PROVIDER_CONFIG]).not.toContain(NX_CACHE_CONFIG);
    // oci-distribution's validate_layers (wash pull, the hosts) refuses every layer type not listed.
    expect(ACCEPTED_LAYER_TYPES).not.toContain(NX_CACHE_LAYER);
    expect(NX_CACHE_CONFIG).toMatch(/^application\/vnd\.[a-z0-9.-]+\+json$/);
  });
});
