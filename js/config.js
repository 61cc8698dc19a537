// AutoConfig: a model's config.json, plain object like transformers.js's PretrainedConfig.
import { getModelJSON } from './hub/index.js';

export class AutoConfig {
  /** @returns {Promise<Record<string, any>>} */
  static async from_pretrained(modelId, options = {}) {
    const config = await getModelJSON(modelId, 'config.json', options);
    if (config === null || typeof config !== 'object' || Array.isArray(config)) {
      throw new Error(`config.json of '${modelId}' is not a JSON object.`);
    }
    return config;
  }
}
