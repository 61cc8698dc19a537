// The browser bundle loads the Jinja engine (@huggingface/jinja, its own chunk) only for tokenizers
// with a chat template: a BERT tokenizer fetches no extra chunk, tiny-llama's (TinyLlama's real
// tokenizer + chat_template.jinja) fetches one and renders the conversations as Python transformers
// did (tests/fixtures/expected/tokenizer_refs.json).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, checkPrerequisites, startServer, launchBrowser, openPage, closeAll } from './helpers.js';

const refs = JSON.parse(readFileSync(path.join(ROOT, 'tests/fixtures/expected/tokenizer_refs.json'), 'utf8'));
const CASES = refs.chat['TinyLlama__TinyLlama-1.1B-Chat-v1.0'];

let server, browser;
before(async () => {
  checkPrerequisites('wasmpipe-test/tiny-llama');
  server = await startServer({ isolate: true });
  browser = await launchBrowser();
}, { timeout: 90_000 });
after(async () => closeAll(browser, server));

test('the Jinja chunk is fetched with a chat template only, and renders like Python', async () => {
  const context = await browser.newContext();
  try {
    const { page, log } = await openPage(context);
    const chunks = [];
    page.on('request', (r) => { if (/\/dist\/wasmpipe-chunk-[^/]+\.js$/.test(r.url())) chunks.push(r.url()); });
    await page.goto(`${server.url}/demo/`, { waitUntil: 'domcontentloaded' });
    const setup = () => page.evaluate(async () => {
      const { AutoTokenizer, env } = await import('/dist/wasmpipe.js');
      Object.assign(env, { remoteHost: `${location.origin}/`, allowLocalModels: false, allowRemoteModels: true });
      window.__tok = AutoTokenizer;
    });
    await setup();
    const bert = await page.evaluate(async () => {
      const tok = await window.__tok.from_pretrained('wasmpipe-test/tiny-bert-sst2');
      return tok.encode('Hello world');
    });
    assert.deepEqual(bert, [101, 7592, 2088, 102]);
    const before = new Set(chunks);
    const out = await page.evaluate(async (cases) => {
      const tok = await window.__tok.from_pretrained('wasmpipe-test/tiny-llama');
      return cases.map((c) => ({
        text: tok.apply_chat_template(c.messages, { tokenize: false, add_generation_prompt: c.add_generation_prompt }),
        ids: tok.apply_chat_template(c.messages, { add_generation_prompt: c.add_generation_prompt, return_dict: false, return_tensor: false }),
      }));
    }, CASES);
    const added = [...new Set(chunks)].filter((u) => !before.has(u));
    assert.equal(added.length, 1, `one chunk more for the chat template, got ${JSON.stringify(added)}`);
    assert.match(await (await fetch(added[0])).text(), /raise_exception|tojson/, 'the new chunk is the Jinja engine');
    CASES.forEach((c, i) => {
      assert.equal(out[i].text, c.text);
      assert.deepEqual(out[i].ids, c.ids);
    });
    assert.deepEqual(log.pageErrors, []);
    // (console errors are the 404s of optional files such as bert's chat_template.jinja: expected)
    assert.ok(log.consoleErrors.every((e) => /status of 404/.test(e)), JSON.stringify(log.consoleErrors));
  } finally {
    await context.close();
  }
});
