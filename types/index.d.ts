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
/** strategy 'none': one entry per token (`entity`, `index`); otherwise grouped (`entity_group`).
 * start/end are UTF-16 indices into the text (text.slice(start, end)). */
export interface TokenClassificationOutput {
  entity?: string; entity_group?: string; score: number; index?: number; word: string; start: number; end: number;
}
export interface TokenClassificationPipeline {
  (texts: string | string[], options?: { aggregation_strategy?: 'none' | 'simple' | 'first' | 'average' | 'max';
    ignore_labels?: string[] }): Promise<TokenClassificationOutput[] | TokenClassificationOutput[][]>;
  task: string;
  model: string;
  dispose(): Promise<void>;
}

export interface FillMaskOutput { score: number; token: number; token_str: string; sequence: string }
export interface FillMaskPipeline {
  /** One list per input for one mask; one list per mask for several. */
  (texts: string | string[], options?: { top_k?: number; targets?: string | string[] }):
    Promise<FillMaskOutput[] | FillMaskOutput[][] | FillMaskOutput[][][]>;
  task: string;
  model: string;
  dispose(): Promise<void>;
}

export interface ZeroShotClassificationOutput { sequence: string; labels: string[]; scores: number[] }
export interface ZeroShotClassificationOptions { hypothesis_template?: string; multi_label?: boolean }
export interface ZeroShotClassificationPipeline {
  (texts: string | string[], candidate_labels: string | string[], options?: ZeroShotClassificationOptions):
    Promise<ZeroShotClassificationOutput | ZeroShotClassificationOutput[]>;
  (texts: string | string[], options: ZeroShotClassificationOptions & { candidate_labels: string | string[] }):
    Promise<ZeroShotClassificationOutput | ZeroShotClassificationOutput[]>;
  task: string;
  model: string;
  dispose(): Promise<void>;
}

export declare function pipeline(task: 'token-classification' | 'ner', model?: string | null,
                                 options?: PipelineOptions): Promise<TokenClassificationPipeline>;
export declare function pipeline(task: 'fill-mask', model?: string | null, options?: PipelineOptions): Promise<FillMaskPipeline>;
export declare function pipeline(task: 'zero-shot-classification', model?: string | null,
                                 options?: PipelineOptions): Promise<ZeroShotClassificationPipeline>;
export declare function pipeline(task: string, model?: string | null, options?: PipelineOptions): Promise<any>;

export declare const SUPPORTED_TASKS: readonly string[];

export declare function backendInfo(): { ortVersion: string | undefined; numThreads: number | undefined; crossOriginIsolated: boolean };
