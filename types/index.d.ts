// Public API of wasmpipe (mirrors transformers.js names and shapes).

export type Device = 'wasm' | 'webgpu';
export type DType = 'auto' | 'fp32' | 'fp16' | 'q8' | 'int8' | 'uint8' | 'q4' | 'q4f16' | 'bnb4';

export interface ProgressInfo {
  status: 'initiate' | 'download' | 'progress' | 'done' | 'ready';
  name?: string;
  file?: string;
  progress?: number;
  loaded?: number;
  total?: number;
  task?: string;
  model?: string;
}

export interface PretrainedOptions {
  revision?: string;
  progress_callback?: ((info: ProgressInfo) => void) | null;
}

export interface PipelineOptions extends PretrainedOptions {
  device?: Device;
  dtype?: DType | Record<string, DType>;
}

export declare const env: {
  remoteHost: string;
  remotePathTemplate: string;
  allowRemoteModels: boolean;
  allowLocalModels: boolean;
  localModelPath: string;
  useBrowserCache: boolean;
  useFSCache: boolean;
  cacheDir: string | null;
  wasmPaths: string | Record<string, string> | null;
  /** Copied onto each ONNX Runtime build when it loads (transformers.js-style settings). */
  backends: {
    onnx: {
      wasm: { numThreads?: number; wasmPaths?: string | { wasm?: string; mjs?: string }; [key: string]: unknown };
      webgpu: Record<string, unknown>;
      logLevel?: 'verbose' | 'info' | 'warning' | 'error' | 'fatal';
    };
  };
  [key: string]: unknown;
};

export declare class Tensor {
  constructor(type: string, data: ArrayLike<any>, dims: number[]);
  type: string;
  data: any;
  dims: number[];
  readonly size: number;
  tolist(): any;
}

export interface TokenizerCallOptions {
  text_pair?: string | string[] | null;
  add_special_tokens?: boolean;
  padding?: boolean | 'max_length';
  truncation?: boolean | null;
  max_length?: number | null;
  return_tensor?: boolean;
}

export interface EncodingDetails {
  ids: Int32Array;
  tokens: string[];
  type_ids: Int32Array;
  attention_mask: Uint8Array;
  special_tokens_mask: Uint8Array;
  word_ids: Int32Array;
  /** 0 = from text, 1 = from text_pair, -1 = added by the post-processor or padding. */
  sequence_ids: Int8Array;
  /** [start, end) in UTF-16 code units of the text (or of text_pair for its tokens). */
  offsets: [number, number][];
}

export declare class PreTrainedTokenizer {
  (text: string | string[], options?: TokenizerCallOptions): {
    input_ids: Tensor | number[] | number[][];
    attention_mask: Tensor | number[] | number[][];
    token_type_ids: Tensor | number[] | number[][];
  };
  readonly vocab_size: number;
  model_max_length: number | undefined;
  pad_token: string | undefined;
  pad_token_id: number | undefined;
  encode(text: string, options?: { text_pair?: string | null; add_special_tokens?: boolean }): number[];
  encodeWithOffsets(text: string, options?: { text_pair?: string | null; add_special_tokens?: boolean }): EncodingDetails;
  tokenize(text: string, options?: { pair?: string | null; add_special_tokens?: boolean }): string[];
  decode(ids: ArrayLike<number | bigint> | Tensor,
         options?: { skip_special_tokens?: boolean; clean_up_tokenization_spaces?: boolean | null }): string;
  batch_decode(batch: ArrayLike<number | bigint>[] | Tensor, options?: { skip_special_tokens?: boolean }): string[];
  convert_tokens_to_ids(tokens: string | string[]): number | number[];
  /** Frees the WebAssembly memory now. */
  dispose(): void;
}

export declare class AutoTokenizer {
  static from_pretrained(model: string, options?: PretrainedOptions): Promise<PreTrainedTokenizer>;
}

export declare class AutoConfig {
  static from_pretrained(model: string, options?: PretrainedOptions): Promise<Record<string, any>>;
}

export interface TextClassificationOutput { label: string; score: number }
export type TextClassificationInput = string | { text: string; text_pair?: string };

export interface TextClassificationPipeline {
  (texts: TextClassificationInput | TextClassificationInput[],
   options?: { top_k?: number | null; function_to_apply?: 'softmax' | 'sigmoid' | 'none' }):
    Promise<TextClassificationOutput[] | TextClassificationOutput[][]>;
  task: string;
  model: string;
  dispose(): Promise<void>;
}

export declare function pipeline(task: 'text-classification' | 'sentiment-analysis', model?: string | null,
                                 options?: PipelineOptions): Promise<TextClassificationPipeline>;
/** HF GenerationConfig names (generation_config.json, then config.json, then these). */
export interface GenerationOptions {
  max_new_tokens?: number; max_length?: number; min_new_tokens?: number; min_length?: number;
  do_sample?: boolean; temperature?: number; top_k?: number; top_p?: number; min_p?: number; seed?: number;
  num_beams?: number; num_return_sequences?: number; length_penalty?: number; early_stopping?: boolean | 'never';
  repetition_penalty?: number; no_repeat_ngram_size?: number; bad_words_ids?: number[][];
  suppress_tokens?: number[]; begin_suppress_tokens?: number[]; forced_bos_token_id?: number;
  forced_eos_token_id?: number | number[]; eos_token_id?: number | number[]; pad_token_id?: number;
  decoder_start_token_id?: number; signal?: AbortSignal;
}
export interface GenerationPipeline<Out> {
  (inputs: string | string[], options?: GenerationOptions & { src_lang?: string; tgt_lang?: string;
    clean_up_tokenization_spaces?: boolean; truncation?: boolean; streamer?: TextStreamer }): Promise<Out[] | Out[][]>;
  task: string;
  model: string;
  dispose(): Promise<void>;
}
export interface ChatMessage { role: string; content: string }
export interface TextGenerationPipeline {
  (inputs: string | ChatMessage[] | Array<string | ChatMessage[]>, options?: GenerationOptions & {
    return_full_text?: boolean; streamer?: TextStreamer }): Promise<Array<{ generated_text: string | ChatMessage[] }>>;
  task: string;
  model: string;
  dispose(): Promise<void>;
}
export declare class TextStreamer {
  constructor(tokenizer: PreTrainedTokenizer, options?: { skip_prompt?: boolean; skip_special_tokens?: boolean;
    callback_function?: (text: string) => void });
  put(ids: ArrayLike<number | bigint>): void;
  end(): void;
}
export declare function pipeline(task: 'summarization', model?: string | null, options?: PipelineOptions):
  Promise<GenerationPipeline<{ summary_text: string }>>;
export declare function pipeline(task: 'translation' | `translation_${string}_to_${string}`, model?: string | null,
                                 options?: PipelineOptions): Promise<GenerationPipeline<{ translation_text: string }>>;
export declare function pipeline(task: 'text2text-generation', model?: string | null, options?: PipelineOptions):
  Promise<GenerationPipeline<{ generated_text: string }>>;
export declare function pipeline(task: 'text-generation', model?: string | null, options?: PipelineOptions):
  Promise<TextGenerationPipeline>;
export declare function pipeline(task: string, model?: string | null, options?: PipelineOptions): Promise<any>;

export declare const SUPPORTED_TASKS: readonly string[];

export declare function backendInfo(): { ortVersion: string | undefined; numThreads: number | undefined; crossOriginIsolated: boolean };
