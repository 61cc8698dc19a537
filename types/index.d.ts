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
  /** Weights in onnx/{file}.onnx_data[_N]: true/false, a number of files, or per file ("model_q4.onnx" or "model"). Overrides config.json["transformers.js_config"]. */
  use_external_data_format?: boolean | number | Record<string, boolean | number> | null;
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

/**
 * tokenizer(text, options): transformers.js's options, plus Python transformers' where transformers.js
 * has none. Semantics are Python's (fast tokenizers = HF Rust tokenizers): truncation keeps the
 * special tokens (max_length counts them); `max_length` alone (no padding, truncation unset) means
 * truncation; max_length unset means the tokenizer's model_max_length (an error if it has none);
 * padding pads with pad_token (else eos_token, like transformers.js); pad_to_multiple_of only
 * applies with padding; a max_length below the special tokens is not applied (as Rust tokenizers
 * 0.23: only its early exit cuts the text, at whole pre-tokenized words). Errors (code
 * INVALID_ARGUMENT): unknown strategy or side, stride >= max_length minus the special tokens,
 * only_second without text_pair, stride without truncation.
 */
export interface TokenizerCallOptions {
  text_pair?: string | string[] | null;
  /** Target text, tokenized as transformers' target mode does (mBART / mBART-50 / M2M100 / NLLB: the
   * tgt_lang tokens; Marian and other target vocabularies: NOT_IMPLEMENTED): `labels`, or with text
   * null the target encoding alone. */
  text_target?: string | string[] | null;
  text_pair_target?: string | string[] | null;
  add_special_tokens?: boolean;
  padding?: boolean | 'longest' | 'max_length' | 'do_not_pad';
  truncation?: boolean | 'longest_first' | 'only_first' | 'only_second' | 'do_not_truncate' | null;
  max_length?: number | null;
  /** Overlap of consecutive overflowing windows (with return_overflowing_tokens). */
  stride?: number;
  pad_to_multiple_of?: number | null;
  /** Default: the tokenizer's padding_side / truncation_side. */
  padding_side?: 'left' | 'right' | null;
  truncation_side?: 'left' | 'right' | null;
  /** int64 Tensors (default) or plain arrays (one input without overflow: not nested). */
  return_tensor?: boolean;
  /** Default: tokenizer_config's model_input_names, else its tokenizer class (BERT-like ones), else true. */
  return_token_type_ids?: boolean | null;
  return_attention_mask?: boolean;
  /** Adds a row per overflowing window after its input's row, and overflow_to_sample_mapping. */
  return_overflowing_tokens?: boolean;
  /** offset_mapping: [start, end) in UTF-16 code units of the text (or of text_pair for its tokens); [0, 0] for added tokens. */
  return_offsets_mapping?: boolean;
  return_special_tokens_mask?: boolean;
  /** length: the number of tokens of each row (padding included, as in Python). */
  return_length?: boolean;
}

export type TokenizerColumn = Tensor | number[] | number[][];

export interface TokenizerOutput {
  input_ids: TokenizerColumn;
  attention_mask?: TokenizerColumn;
  token_type_ids?: TokenizerColumn;
  special_tokens_mask?: TokenizerColumn;
  /** Tensor [rows, seq, 2], or [start, end] pairs. */
  offset_mapping?: Tensor | [number, number][] | [number, number][][];
  length?: Tensor | number | number[];
  overflow_to_sample_mapping?: Tensor | number[];
  /** With text and text_target: the target's input_ids. */
  labels?: TokenizerColumn;
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

/** One chat message; other fields (tool_calls, ...) are passed to the template as they are. */
export interface Message {
  role: string;
  content: string | Record<string, unknown>[];
  [key: string]: unknown;
}

export interface ApplyChatTemplateOptions {
  add_generation_prompt?: boolean;
  /** false: return the rendered string (or strings, for a batch of conversations). Default true. */
  tokenize?: boolean;
  /** A template name (of the model's named templates) or a Jinja template string. */
  chat_template?: string | null;
  tools?: Record<string, unknown>[] | null;
  documents?: Record<string, unknown>[] | null;
  /** true (default, like transformers.js): {input_ids, attention_mask, token_type_ids}; false: input_ids only. */
  return_dict?: boolean;
  return_tensor?: boolean;
  padding?: boolean | 'max_length';
  truncation?: boolean;
  max_length?: number | null;
  tokenizer_kwargs?: TokenizerCallOptions;
  /** Anything else is a template variable. */
  [variable: string]: unknown;
}

export declare class PreTrainedTokenizer {
  (text: string | string[] | null, options?: TokenizerCallOptions): TokenizerOutput;
  /** Side padding and truncation use by default ('right' unless tokenizer_config.json says). */
  padding_side: 'left' | 'right';
  truncation_side: 'left' | 'right';
  /** The target language of text_target for mBART / mBART-50 / M2M100 / NLLB (default: tokenizer_config's tgt_lang). */
  tgt_lang?: string | null;
  return_token_type_ids: boolean;
  bos_token: string | undefined;
  eos_token: string | undefined;
  readonly vocab_size: number;
  model_max_length: number | undefined;
  pad_token: string | undefined;
  pad_token_id: number | undefined;
  additional_special_tokens: string[];
  /** tokenizer_config.json chat_template (named templates as an object), else chat_template.jinja. */
  chat_template: string | Record<string, string> | null;
  /** Content of a special token attribute ('bos_token', 'eos_token', 'pad_token', ...). */
  special_token(name: string): string | undefined;
  apply_chat_template(conversation: Message[] | Message[][], options?: ApplyChatTemplateOptions):
    string | string[] | number[] | number[][] | Tensor | Record<string, Tensor | number[] | number[][]>;
  /** Ids of one text (and pair). With padding / truncation options, tokenizer()'s rules. */
  encode(text: string, options?: { text_pair?: string | null; add_special_tokens?: boolean } &
    Omit<TokenizerCallOptions, 'text_pair' | 'return_tensor'>): number[];
  encodeWithOffsets(text: string, options?: { text_pair?: string | null; add_special_tokens?: boolean }): EncodingDetails;
  tokenize(text: string, options?: { pair?: string | null; add_special_tokens?: boolean }): string[];
  decode(ids: ArrayLike<number | bigint> | Tensor,
         options?: { skip_special_tokens?: boolean; clean_up_tokenization_spaces?: boolean | null }): string;
  batch_decode(batch: ArrayLike<number | bigint>[] | Tensor,
               options?: { skip_special_tokens?: boolean; clean_up_tokenization_spaces?: boolean | null }): string[];
  convert_tokens_to_ids(tokens: string | string[]): number | number[];
  /** undefined for an id outside the vocabulary (Marian / M2M100's slow tokenizers: their unk token, as in Python). */
  convert_ids_to_tokens(ids: number | bigint | ArrayLike<number | bigint> | Tensor): string | undefined | (string | undefined)[];
  /** Frees the WebAssembly memory now. */
  dispose(): void;
}

/**
 * Loads the chat template engine (a lazy chunk). Tokenizers whose repo has a chat template load it
 * themselves; call this before passing a chat_template option to a tokenizer that has none.
 */
export declare function loadChatTemplateEngine(): Promise<void>;

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

export interface QuestionAnsweringOutput { answer: string; score: number; start: number; end: number }
export interface QuestionAnsweringOptions {
  top_k?: number; doc_stride?: number; max_seq_len?: number; max_question_len?: number;
  max_answer_len?: number; handle_impossible_answer?: boolean; align_to_words?: boolean;
  window_batch_size?: number;
}
export interface QuestionAnsweringPipeline {
  (question: string | string[] | { question: string; context: string } | { question: string; context: string }[],
   context?: string | string[] | QuestionAnsweringOptions, options?: QuestionAnsweringOptions):
    Promise<QuestionAnsweringOutput | QuestionAnsweringOutput[] | (QuestionAnsweringOutput | QuestionAnsweringOutput[])[]>;
  task: string;
  model: string;
  dispose(): Promise<void>;
}

export interface FeatureExtractionPipeline {
  (texts: string | string[], options?: {
    pooling?: 'none' | 'mean' | 'cls' | 'first_token' | 'eos' | 'last_token'; normalize?: boolean;
    quantize?: boolean; precision?: 'binary' | 'ubinary' }): Promise<Tensor>;
  task: string;
  model: string;
  dispose(): Promise<void>;
}

type Embedding = Tensor | ArrayLike<number>;
export declare function cos_sim(a: Embedding, b: Embedding): number;
export declare function semantic_search(query: Embedding, corpus: Tensor | Embedding[], options?: { top_k?: number }):
  { corpus_id: number; score: number }[] | { corpus_id: number; score: number }[][];
export declare function rank_sentences(extractor: FeatureExtractionPipeline, query: string, sentences: string[],
  options?: { top_k?: number; pooling?: string; normalize?: boolean }): Promise<{ corpus_id: number; score: number; text: string }[]>;
export declare function similarityReady(): Promise<void>;

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
  /** A list of inputs runs in padded batches of this many (default 1, as Python pipelines). */
  batch_size?: number;
}
export interface GenerationPipeline<Out> {
  (inputs: string | string[], options?: GenerationOptions & { src_lang?: string; tgt_lang?: string;
    clean_up_tokenization_spaces?: boolean; streamer?: TextStreamer;
    /** Receives the new text piece by piece as a TextStreamer would (instead of a streamer). */
    callback_function?: (text: string) => void;
    /** Python's: true cuts at model_max_length, false keeps the input whole; unset cuts an input
     * longer than the model reads at that limit with a console warning. */
    truncation?: boolean | 'longest_first' | 'only_first' | 'do_not_truncate' }): Promise<Out[] | Out[][]>;
  task: string;
  model: string;
  dispose(): Promise<void>;
}
/** strategy 'none': one entry per token (`entity`, `index`); otherwise grouped (`entity_group`).
 * start/end are UTF-16 indices into the text (text.slice(start, end)). */
export interface TokenClassificationOutput {
  entity?: string; entity_group?: string; score: number; index?: number; word: string; start: number; end: number;
}
export interface TokenClassificationPipeline {
  (texts: string | string[] | string[][], options?: { aggregation_strategy?: 'none' | 'simple' | 'first' | 'average' | 'max';
    ignore_labels?: string[]; /** Python's: windows of model_max_length tokens overlapping by `stride`. */ stride?: number;
    /** Python's: texts given as lists of words (joined by `delimiter`, default ' ', for start/end). */
    is_split_into_words?: boolean; delimiter?: string;
    /** Python's: [start, end] (UTF-16) per model input token, special tokens included, instead of the
     * tokenizer's offsets; one list, or one per text (as in transformers 4.57, every text then uses the first). */
    offset_mapping?: [number, number][] | [number, number][][] }):
    Promise<TokenClassificationOutput[] | TokenClassificationOutput[][]>;
  task: string;
  model: string;
  dispose(): Promise<void>;
}
export interface ChatMessage { role: string; content: string }
export interface TextGenerationPipeline {
  (inputs: string | ChatMessage[] | Array<string | ChatMessage[]>, options?: GenerationOptions & {
    return_full_text?: boolean; streamer?: TextStreamer;
    /** Receives the new text piece by piece as a TextStreamer would (instead of a streamer). */
    callback_function?: (text: string) => void;
    /** 'hole' (Python's): cut the prompt on the left so that it and max_new_tokens fit the model.
     * Unset: done anyway, with a console warning, where a learned position table would overflow. */
    handle_long_generation?: 'hole' }): Promise<Array<{ generated_text: string | ChatMessage[] }>>;
  task: string;
  model: string;
  dispose(): Promise<void>;
}

export interface FillMaskOutput { score: number; token: number; token_str: string; sequence: string }
export interface FillMaskPipeline {
  /** One list per input for one mask; one list per mask for several. */
  (texts: string | string[], options?: { top_k?: number; targets?: string | string[];
    tokenizer_kwargs?: { truncation?: boolean | 'longest_first' | 'only_first' | 'do_not_truncate'; max_length?: number } }):
    Promise<FillMaskOutput[] | FillMaskOutput[][] | FillMaskOutput[][][]>;
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
export declare function pipeline(task: 'question-answering', model?: string | null,
                                 options?: PipelineOptions): Promise<QuestionAnsweringPipeline>;
export declare function pipeline(task: 'feature-extraction' | 'embeddings', model?: string | null,
                                 options?: PipelineOptions): Promise<FeatureExtractionPipeline>;

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
