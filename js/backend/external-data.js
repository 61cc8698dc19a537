// ONNX external data (weights stored beside the graph, as every model over 2 GB and most
// onnx-community LLMs are), with transformers.js 3.x/4.x semantics:
//   use_external_data_format: false/0 none, true/1 one file, N files, or a map keyed by the full
//   ONNX file name ("model_q4.onnx") or the session name ("model") to one of those; the pipeline
//   option wins over config.json["transformers.js_config"] (after its device_config[device]).
//   Files: onnx/{file}.onnx_data, onnx/{file}.onnx_data_1, ... handed to ORT as
//   sessionOptions.externalData = [{ path: '{file}.onnx_data', data }] (path = the graph's location).
import { getModelFile, ErrorCode } from '../hub/index.js';

export const MAX_EXTERNAL_DATA_CHUNKS = 100; // transformers.js' limit

/** The external data setting in effect: the option, else the config's (device_config first). */
export function externalDataSetting(option, config, device) {
  if (option !== null && option !== undefined) return option;
  const custom = config?.['transformers.js_config'] ?? {};
  const perDevice = custom.device_config?.[device];
  if (perDevice && Object.hasOwn(perDevice, 'use_external_data_format')) return perDevice.use_external_data_format;
  return custom.use_external_data_format;
}

/**
 * Number of data files for one ONNX file.
 * @param {boolean|number|Record<string, boolean|number>|null|undefined} setting
 * @param {string} fullName e.g. "model_quantized.onnx"
 * @param {string} sessionName e.g. "model"
 */
export function externalDataChunks(setting, fullName, sessionName) {
  if (!setting) return 0;
  let value = setting;
  let where = 'use_external_data_format';
  if (typeof setting === 'object') {
    const key = Object.hasOwn(setting, fullName) ? fullName : Object.hasOwn(setting, sessionName) ? sessionName : null;
    if (key === null) return 0;
    value = setting[key];
    where += `["${key}"]`;
  }
  const n = typeof value === 'boolean' || value === null ? +!!value : value;
  if (!Number.isInteger(n) || n < 0 || n > MAX_EXTERNAL_DATA_CHUNKS) {
    throw new Error(`${where} is ${JSON.stringify(value)}: use true/false or a whole number of data files ` +
      `from 0 to ${MAX_EXTERNAL_DATA_CHUNKS} (config.json["transformers.js_config"] or the pipeline option).`);
  }
  return n;
}

/** "model.onnx" → ["model.onnx_data", "model.onnx_data_1", ...] */
export function externalDataNames(fullName, count) {
  return Array.from({ length: count }, (_, i) => `${fullName}_data${i === 0 ? '' : `_${i}`}`);
}

/**
 * Downloads (or reads from the cache / a local folder) the data files of `file`
 * ("onnx/model.onnx"), with the same progress events and caching as the graph itself.
 * @returns {Promise<Array<{path: string, data: Uint8Array}>>} [] when the model has none
 */
export async function loadExternalData(model, file, sessionName, setting, hubOptions) {
  const slash = file.lastIndexOf('/');
  const dir = file.slice(0, slash + 1);
  const fullName = file.slice(slash + 1);
  const count = externalDataChunks(setting, fullName, sessionName);
  return Promise.all(externalDataNames(fullName, count).map(async (path) => {
    try {
      return { path, data: await getModelFile(model, dir + path, hubOptions) };
    } catch (err) {
      if (err?.code !== ErrorCode.FILE_NOT_FOUND) throw err;
      err.message = `External data file "${dir + path}" of model "${model}" is missing (${count} data file` +
        `${count === 1 ? '' : 's'} expected for ${file} because use_external_data_format is ${JSON.stringify(setting)}, ` +
        `from the pipeline option or config.json["transformers.js_config"]). Upload the file, or correct ` +
        `use_external_data_format to the number of ${fullName}_data* files the model has. ${err.message}`;
      throw err;
    }
  }));
}

/**
 * The session options for `file`: the user's, plus externalData when the model has data files
 * (ours replace a user-given externalData then, as in transformers.js).
 */
export async function withExternalData(sessionOptions, model, file, sessionName, setting, hubOptions) {
  const externalData = await loadExternalData(model, file, sessionName, setting, hubOptions);
  return externalData.length > 0 ? { ...sessionOptions, externalData } : { ...sessionOptions };
}
