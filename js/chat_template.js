// Chat templates (transformers' apply_chat_template): a conversation rendered with the model's Jinja
// template by @huggingface/jinja (trim_blocks / lstrip_blocks like Python's environment), then
// tokenized without adding special tokens (the template writes them).
// The Jinja engine is most of the browser bundle's weight and few pipelines need it, so it is a
// dynamic import (its own chunk in dist/): tokenizers load it when their repo has a chat template,
// loadChatTemplateEngine() loads it for templates passed as an option. apply_chat_template stays
// synchronous, as in transformers.js.
let jinja = null;

/** Loads the chat template engine (@huggingface/jinja) once; later calls return at once. */
export async function loadChatTemplateEngine() {
  jinja ??= await import('@huggingface/jinja');
}

function compileTemplate(source) {
  if (jinja === null) {
    throw new Error('apply_chat_template: the chat template engine is loaded with tokenizers whose repo has a ' +
      'chat template, and this one has none. Run `await loadChatTemplateEngine()` (exported by wasmpipe) once ' +
      'before passing a chat_template option.');
  }
  try {
    return new jinja.Template(source);
  } catch (e) {
    throw new Error(`The chat template does not parse: ${e.message}`, { cause: e });
  }
}

const SPECIAL_TOKEN_NAMES = ['bos_token', 'eos_token', 'unk_token', 'sep_token', 'pad_token', 'cls_token', 'mask_token'];

/**
 * The templates of a repo: tokenizer_config.json `chat_template` (a string, or a list of
 * {name, template}) and the chat_template.jinja file (the default template when the config has none).
 * @returns {null | string | Record<string, string>}
 */
export function readChatTemplates(tokenizerConfig, jinjaFile = null) {
  const value = tokenizerConfig?.chat_template ?? null;
  if (Array.isArray(value)) {
    const named = Object.create(null);
    value.forEach((entry, i) => {
      if (typeof entry?.name !== 'string' || typeof entry?.template !== 'string') {
        throw new TypeError(`tokenizer_config.json: chat_template[${i}] must be an object with string "name" and "template".`);
      }
      named[entry.name] = entry.template;
    });
    if (jinjaFile !== null && !('default' in named)) named.default = jinjaFile;
    return named;
  }
  if (value !== null && typeof value !== 'string') {
    throw new TypeError(`tokenizer_config.json: chat_template must be a string or a list of {name, template}, got ${typeof value}.`);
  }
  return value ?? jinjaFile;
}

/** Picks the template: the option (a template name or a template string) > 'tool_use' with tools > 'default'. */
function selectTemplate(templates, chatTemplate, tools) {
  if (templates !== null && typeof templates === 'object') {
    if (chatTemplate !== null && Object.hasOwn(templates, chatTemplate)) return templates[chatTemplate];
    if (chatTemplate !== null) return chatTemplate;
    if (tools !== null && templates.tool_use) return templates.tool_use;
    if (templates.default) return templates.default;
    throw new Error(`This model has several chat templates (${Object.keys(templates).join(', ')}) and none is named ` +
      `'default': pass chat_template with one of these names or a template string.`);
  }
  const chosen = chatTemplate ?? templates;
  if (chosen === null || chosen === undefined) {
    throw new Error('Cannot use apply_chat_template(): this tokenizer has no chat template (tokenizer_config.json ' +
      'chat_template or chat_template.jinja). Pass one with the chat_template option.');
  }
  if (typeof chosen !== 'string') throw new TypeError(`chat_template must be a string, got ${typeof chosen}.`);
  return chosen;
}

function checkConversation(conversation, where) {
  if (!Array.isArray(conversation)) {
    throw new TypeError(`${where} must be an array of messages ({role, content}), got ${conversation === null ? 'null' : typeof conversation}.`);
  }
  conversation.forEach((m, i) => {
    if (m === null || typeof m !== 'object' || Array.isArray(m)) {
      throw new TypeError(`${where}[${i}] must be a message object ({role, content}), got ${m === null ? 'null' : typeof m}.`);
    }
    if (typeof m.role !== 'string') throw new TypeError(`${where}[${i}].role must be a string, got ${typeof m.role}.`);
  });
}

/**
 * tokenizer.apply_chat_template(conversation, options), as transformers.js (options: tools, documents,
 * chat_template, add_generation_prompt, tokenize, padding, truncation, max_length, return_tensor,
 * return_dict, tokenizer_kwargs; any other option is passed to the template). A list of
 * conversations renders a batch.
 */
export function applyChatTemplate(tokenizer, conversation, options = {}) {
  const {
    tools = null, documents = null, chat_template = null, add_generation_prompt = false, tokenize = true,
    padding = false, truncation = false, max_length = null, return_tensor = true, return_dict = true,
    tokenizer_kwargs = {}, ...kwargs
  } = options;
  const batched = Array.isArray(conversation) && conversation.length > 0 && Array.isArray(conversation[0]);
  const conversations = batched ? conversation : [conversation];
  conversations.forEach((c, i) => checkConversation(c, batched ? `conversation[${i}]` : 'conversation'));

  const source = selectTemplate(tokenizer.chat_template ?? null, chat_template, tools);
  tokenizer._compiledTemplates ??= new Map();
  let template = tokenizer._compiledTemplates.get(source);
  if (!template) {
    template = compileTemplate(source);
    tokenizer._compiledTemplates.set(source, template);
  }

  // What transformers passes to every template: the special tokens (as strings).
  const special = Object.create(null);
  for (const name of SPECIAL_TOKEN_NAMES) {
    const token = tokenizer.special_token(name);
    if (token) special[name] = token;
  }
  const extra = tokenizer.additional_special_tokens;
  if (extra?.length) special.additional_special_tokens = extra;

  const rendered = conversations.map((messages) => {
    try {
      return template.render({ messages, add_generation_prompt, tools, documents, ...special, ...kwargs });
    } catch (e) {
      throw new Error(`The chat template raised an error: ${e.message}`, { cause: e });
    }
  });
  if (!tokenize) return batched ? rendered : rendered[0];
  const out = tokenizer._call(batched ? rendered : rendered[0], {
    add_special_tokens: false, padding, truncation, max_length, return_tensor, ...tokenizer_kwargs,
  });
  return return_dict ? out : out.input_ids;
}
