export { ControlServer } from './control-server';
export type { ControlServerOptions, ProviderStarter } from './control-server';
export {
  CtlError,
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
  START_ACTOR_TIMEOUT_MS,
  START_PROVIDER_TIMEOUT_MS,
} from './control-client';
export type { CtlOptions, StartActorResult, StartProviderResult } from './control-client';
export { subjects as controlSubjects } from './subjects';
export { cloudEvent } from './cloud-event';
export type * from './types';
export { up, UP_READY_TEXT } from './up';
export type { UpHandle, UpOptions } from './up';
