import { actorEntity, providerEntity } from './envelopes';
import { entityUrl, rpcSubject, targetUrl } from './urls';

describe('entity URLs (weld WasmCloudEntity::url)', () => {
  it('an actor is wasmbus://<key>', () => {
    const pk = 'MB2ZQB6ROOMAYBO4ZCTFYWN7YIVBWA3MTKZYAQKJMTIHE2ELLRW2E3ZW';
    expect(entityUrl(actorEntity(pk))).toBe(`wasmbus://${pk}`);
  });
  it('a provider: contract path, link name, key; otp test vector', () => {
    expect(targetUrl(providerEntity('Vxxx', 'wasmcloud:messaging', 'default'), 'OP_TESTING')).toBe('wasmbus://wasmcloud/messaging/default/Vxxx/OP_TESTING');
  });
  it('spaces become underscores and the contract and link are lower-cased, the key is not', () => {
    expect(entityUrl(providerEntity('VABC', 'Acme:Key Value', 'My Link'))).toBe('wasmbus://acme/key_value/my_link/VABC');
  });
  it('subjects: actors on their key, providers per link', () => {
    expect(rpcSubject('default', actorEntity('MKEY'))).toBe('wasmbus.rpc.default.MKEY');
    expect(rpcSubject('lat', providerEntity('VKEY', 'wasmcloud:keyvalue', 'default'))).toBe('wasmbus.rpc.lat.VKEY.default');
  });
});
