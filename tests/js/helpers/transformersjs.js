// transformers.js as a test oracle: it reads the fixture repos as local files (shared-files.json
// entries linked in), while wasmpipe loads the same repos through the local Hub server.
import { env as tjsEnv } from '@huggingface/transformers';
import { localModelFixtures } from './paths.js';
import { useLocalHub } from './server.js';

/** Starts the local Hub for wasmpipe and points transformers.js at the local fixtures; returns the hub. */
export async function useHubAndTransformersJs() {
  const hub = await useLocalHub();
  Object.assign(tjsEnv, { allowRemoteModels: false, allowLocalModels: true, localModelPath: `${await localModelFixtures()}/` });
  return hub;
}
