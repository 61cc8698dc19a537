// wasmpipe: Hugging Face pipelines fully client-side. The API mirrors transformers.js.
export { pipeline, SUPPORTED_TASKS } from './pipelines/index.js';
export { env } from './env.js';
export { AutoTokenizer, PreTrainedTokenizer } from './tokenizer.js';
export { loadChatTemplateEngine } from './chat_template.js';
export { AutoConfig } from './config.js';
export { Tensor } from './tensor.js';
export { cos_sim, semantic_search, rank_sentences, similarityReady } from './similarity.js';
export { backendInfo } from './backend/onnx.js';
export { TextStreamer } from './generation/streamer.js';
