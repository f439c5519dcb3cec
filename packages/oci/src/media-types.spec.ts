import { ACCEPTED_LAYER_TYPES, mediaTypesFor } from './media-types';

describe("media types (wash's src/reg.rs)", () => {
  it('pairs config and layer types per artifact kind', () => {
    expect(mediaTypesFor('actor')).toEqual({
      config: 'application/vnd.wasmcloud.actor.archive.config',
      layer: 'application/vnd.module.wasm.content.layer.v1+wasm',
    });
    expect(mediaTypesFor('provider')).toEqual({
      config: 'application/vnd.wasmcloud.provider.archive.config',
      layer: 'application/vnd.wasmcloud.provider.archive.layer.v1+par',
    });
  });

  it('accepts on pull exactly the layer types wash accepts', () => {
    expect([...ACCEPTED_LAYER_TYPES].sort()).toEqual(
      [
        'application/vnd.wasmcloud.provider.archive.layer.v1+par',
        'application/vnd.module.wasm.content.layer.v1+wasm',
        'application/vnd.oci.image.layer.v1.tar',
        'application/wasm',
      ].sort(),
    );
  });
});
