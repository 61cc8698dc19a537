// tokenizer.apply_chat_template against Python transformers' apply_chat_template (rendered text and
// ids, recorded in tests/fixtures/expected/tokenizer_refs.json) and transformers.js 4.3.1 on the same
// files; templates from tokenizer_config.json and from chat_template.jinja (TinyLlama); named
// templates; clear errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AutoTokenizer as TjsAutoTokenizer, env as tjsEnv } from '@huggingface/transformers';
import { execFileSync } from 'node:child_process';
import { AutoTokenizer, loadChatTemplateEngine } from '../../js/index.js';
import { ROOT, TOKENIZER_FIXTURES } from './helpers/paths.js';

const refs = JSON.parse(readFileSync(path.join(ROOT, 'tests/fixtures/expected/tokenizer_refs.json'), 'utf8'));
tjsEnv.allowRemoteModels = false;
tjsEnv.allowLocalModels = true;
tjsEnv.localModelPath = `${TOKENIZER_FIXTURES}/`;

const load = (name) => AutoTokenizer.from_pretrained(path.join(TOKENIZER_FIXTURES, name));

for (const [name, cases] of Object.entries(refs.chat)) {
  test(`${name}: apply_chat_template equals Python transformers (text and ids) and transformers.js`, async () => {
    const tok = await load(name);
    const theirs = await TjsAutoTokenizer.from_pretrained(name);
    try {
      for (const c of cases) {
        const label = `${c.messages.length} messages, add_generation_prompt=${c.add_generation_prompt}`;
        const text = tok.apply_chat_template(c.messages, { tokenize: false, add_generation_prompt: c.add_generation_prompt });
        assert.equal(text, c.text, `text, ${label}`);
        const ids = tok.apply_chat_template(c.messages, { add_generation_prompt: c.add_generation_prompt, return_dict: false, return_tensor: false });
        assert.deepEqual(ids, c.ids, `ids, ${label}`);
        // transformers.js does not read chat_template.jinja: give it the template we used.
        const tjsText = theirs.apply_chat_template(c.messages, {
          tokenize: false, add_generation_prompt: c.add_generation_prompt, chat_template: theirs.chat_template ?? tok.chat_template,
        });
        assert.equal(text, tjsText, `transformers.js text, ${label}`);
        const dict = tok.apply_chat_template(c.messages, { add_generation_prompt: c.add_generation_prompt });
        assert.deepEqual(Array.from(dict.input_ids.data, Number), c.ids, `return_dict default (tensor), ${label}`);
        assert.deepEqual(dict.input_ids.dims, [1, c.ids.length]);
      }
    } finally {
      tok.dispose();
    }
  });
}

test('TinyLlama: the template comes from chat_template.jinja (its tokenizer_config.json has none)', async () => {
  const tok = await load('TinyLlama__TinyLlama-1.1B-Chat-v1.0');
  try {
    assert.equal(tok.chat_template, readFileSync(path.join(TOKENIZER_FIXTURES, 'TinyLlama__TinyLlama-1.1B-Chat-v1.0', 'chat_template.jinja'), 'utf8'));
  } finally {
    tok.dispose();
  }
});

test('chat_template option: a template string, a template name, batches, extra template variables', async () => {
  const tok = await load('microsoft__Phi-3-mini-4k-instruct');
  try {
    const messages = [{ role: 'user', content: 'Hi' }];
    assert.equal(tok.apply_chat_template(messages, { tokenize: false, chat_template: '{{ messages[0].content }}|{{ bos_token }}|{{ greeting }}', greeting: 'yo' }), 'Hi|<s>|yo');
    tok.chat_template = { default: '{{ "D:" + messages[0].content }}', tool_use: '{{ "T:" + tools[0] }}', short: '{{ "S" }}' };
    assert.equal(tok.apply_chat_template(messages, { tokenize: false }), 'D:Hi');
    assert.equal(tok.apply_chat_template(messages, { tokenize: false, tools: ['calc'] }), 'T:calc');
    assert.equal(tok.apply_chat_template(messages, { tokenize: false, chat_template: 'short' }), 'S');
    assert.deepEqual(tok.apply_chat_template([messages, [{ role: 'user', content: 'Hello' }]], { tokenize: false }), ['D:Hi', 'D:Hello']);
    const batch = tok.apply_chat_template([messages, [{ role: 'user', content: 'Hello there' }]], { padding: true, return_tensor: false });
    assert.equal(batch.input_ids.length, 2);
    assert.equal(batch.input_ids[0].length, batch.input_ids[1].length);
  } finally {
    tok.dispose();
  }
});

test('the Jinja engine loads only with a chat template: none for gpt2 until loadChatTemplateEngine()', () => {
  // A fresh process: this file's other tests have loaded the engine already.
  const script = `
    import { AutoTokenizer, loadChatTemplateEngine } from ${JSON.stringify(path.join(ROOT, 'js/index.js'))};
    const tok = await AutoTokenizer.from_pretrained(${JSON.stringify(path.join(TOKENIZER_FIXTURES, 'gpt2'))});
    const messages = [{ role: 'user', content: 'Hi' }];
    let before;
    try { tok.apply_chat_template(messages, { tokenize: false, chat_template: '{{ messages[0].content }}!' }); } catch (e) { before = e.message; }
    await loadChatTemplateEngine();
    const after = tok.apply_chat_template(messages, { tokenize: false, chat_template: '{{ messages[0].content }}!' });
    console.log(JSON.stringify({ before, after, encode: tok.encode('Hello world') }));`;
  const out = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }));
  assert.match(out.before, /loadChatTemplateEngine\(\)/);
  assert.equal(out.after, 'Hi!');
  assert.deepEqual(out.encode, [15496, 995]);
});

test('apply_chat_template: clear errors for no template, bad messages, templates that raise; the tokenizer still works', async () => {
  await loadChatTemplateEngine(); // gpt2 has no template of its own
  const tok = await load('gpt2');
  try {
    const messages = [{ role: 'user', content: 'Hi' }];
    assert.throws(() => tok.apply_chat_template(messages), /has no chat template/);
    assert.throws(() => tok.apply_chat_template('hello', { chat_template: '{{ 1 }}' }), /conversation must be an array/);
    assert.throws(() => tok.apply_chat_template([null], { chat_template: '{{ 1 }}' }), /conversation\[0\] must be a message object/);
    assert.throws(() => tok.apply_chat_template([{ content: 'x' }], { chat_template: '{{ 1 }}' }), /conversation\[0\]\.role must be a string/);
    assert.throws(() => tok.apply_chat_template(messages, { chat_template: '{{ raise_exception("only system and user") }}' }),
      /chat template raised an error: .*only system and user/);
    assert.throws(() => tok.apply_chat_template(messages, { chat_template: '{% for %}' }), /does not parse/);
    tok.chat_template = { a: '{{ 1 }}' };
    assert.throws(() => tok.apply_chat_template(messages), /none is named 'default'/);
    assert.deepEqual(tok.encode('Hello world'), [15496, 995]);
  } finally {
    tok.dispose();
  }
});
