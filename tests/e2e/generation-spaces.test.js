// The translation and summarization static Spaces in Chromium, through their UI: the model's own
// beam search (tiny Marian: 6 beams; tiny BART: 4 beams, length_penalty 2, no_repeat_ngram_size 3,
// min_length, all from generation_config.json), greedy search, and NLLB with its languages from the
// From / To fields give what Python transformers' pipelines recorded
// (tests/fixtures/expected/generation-families.json and generation.json); greedy text is shown
// piece by piece as it is generated; Stop keeps what was generated so far; bad input is an error
// after which the page keeps working.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { checkPrerequisites, startServer, launchBrowser, openPage, waitForState, closeAll, ROOT } from './helpers.js';

const expected = (name) => JSON.parse(fs.readFileSync(path.join(ROOT, `tests/fixtures/expected/${name}.json`), 'utf8')).models;
const FAMILIES = expected('generation-families');
const BART = expected('generation')['tiny-bart'];
/** The text Python's `task` pipeline recorded for `input` with exactly these kwargs (first output). */
function recorded(model, task, input, kwargs) {
  const hit = model.pipelines.find((p) => p.task === task && p.input === input && JSON.stringify(p.kwargs) === JSON.stringify(kwargs));
  assert.ok(hit, `no recorded ${task} of ${input} with ${JSON.stringify(kwargs)}`);
  return Object.values(hit.output[0])[0];
}
/** Python's recorded translation (tiny-marian unless named). */
const python = (input, kwargs, family = 'tiny-marian') => recorded(FAMILIES[family], 'translation', input, kwargs);

let server, browser;
before(async () => {
  checkPrerequisites(); // the build, the Spaces' shared files, Chromium
  server = await startServer({ isolate: true });
  browser = await launchBrowser();
}, { timeout: 60_000 });
after(async () => closeAll(browser, server));

async function openSpace(context, model, space = 'translation') {
  const { page, log } = await openPage(context);
  await page.goto(`${server.url}/spaces/${space}/?model=${encodeURIComponent(model)}&dtype=fp32`, { waitUntil: 'domcontentloaded' });
  await waitForState(page, ['ready', 'error']);
  assert.equal(await page.evaluate(() => document.body.dataset.state), 'ready', await page.locator('#error').textContent());
  return { page, log };
}

/** Sets the controls, clicks Run, waits for run `n` to end; what the page recorded and shows. */
async function generate(page, n, { text, search = 'default', maxNewTokens = '' }) {
  await page.fill('#text', text);
  await page.selectOption('#search', search);
  await page.fill('#max-new-tokens', maxNewTokens);
  await page.click('#run');
  await page.waitForFunction((k) => window.wasmpipeSpace.runs === k || window.wasmpipeSpace.error, n, { timeout: 30_000 });
  const recorded = await page.evaluate(() => structuredClone(window.wasmpipeSpace));
  assert.equal(recorded.error, null);
  await waitForState(page, 'ready');
  return { ...recorded.results, shown: await page.locator('#output').textContent(), stopDisabled: await page.locator('#stop').isDisabled() };
}

test('translation Space: the model\'s beam search and greedy search equal Python, greedy streams, Stop keeps the prefix', { timeout: 120_000 }, async () => {
  const context = await browser.newContext();
  try {
    const { page, log } = await openSpace(context, 'wasmpipe-test/tiny-marian');
    const [zh1, zh2] = ['我喜欢在公园里散步。', '今天天气很好，我们一起去北京吧！'];
    let n = 0;

    // As configured: generation_config.json's 6 beams (transformers.js would run greedy here).
    for (const text of [zh1, zh2]) {
      const got = await generate(page, ++n, { text });
      assert.equal(got.translation_text, python(text, {}), `default search on ${text}`);
      assert.equal(got.shown, got.translation_text);
      assert.deepEqual(got.streamed, [], 'beam search cannot stream (one sequence only, as in transformers)');
      assert.equal(got.stopped, false);
      assert.equal(got.stopDisabled, true, 'Stop stays enabled after the run');
    }

    // Greedy, 10 new tokens: Python's text, shown in several pieces that add up to it.
    const greedy = await generate(page, ++n, { text: zh1, search: 'greedy', maxNewTokens: '10' });
    assert.equal(greedy.translation_text, python(zh1, { num_beams: 1, max_new_tokens: 10 }));
    assert.ok(greedy.streamed.length > 1, `streamed pieces: ${JSON.stringify(greedy.streamed)}`);
    assert.equal(greedy.streamed.join(''), greedy.translation_text);

    // Stop: clicked by the page itself as soon as the first piece shows, so it lands mid-generation.
    const full = await generate(page, ++n, { text: zh2, search: 'greedy', maxNewTokens: '50' });
    assert.equal(full.stopped, false);
    await page.evaluate(() => {
      const observer = new MutationObserver(() => {
        if (!document.querySelector('#output').textContent) return;
        observer.disconnect();
        document.querySelector('#stop').click();
      });
      observer.observe(document.querySelector('#output'), { childList: true, characterData: true, subtree: true });
    });
    const stopped = await generate(page, ++n, { text: zh2, search: 'greedy', maxNewTokens: '50' });
    assert.equal(stopped.stopped, true, 'Stop did not stop the run');
    assert.ok(stopped.translation_text.length > 0 && stopped.translation_text.length < full.translation_text.length,
      `stopped: ${JSON.stringify(stopped.translation_text)}, full: ${JSON.stringify(full.translation_text)}`);
    assert.ok(full.translation_text.startsWith(stopped.translation_text), 'the stopped text is not the start of the full one');
    assert.equal(stopped.shown, stopped.translation_text);
    assert.match(await page.locator('#status').textContent(), /^Stopped after \d+ ms/);

    // No text: the Space says so, runs nothing, and the next run works.
    await page.fill('#text', '  ');
    await page.click('#run');
    await page.locator('#error').waitFor({ state: 'visible' });
    assert.equal(await page.locator('#error').textContent(), 'Type some text first.');
    const again = await generate(page, ++n, { text: zh1 });
    assert.equal(again.translation_text, python(zh1, {}));
    assert.equal(await page.locator('#error').isHidden(), true);

    assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
    assert.deepEqual(log.pageErrors, []);
  } finally {
    await context.close();
  }
});

test('translation Space: NLLB with From / To (src_lang / tgt_lang) equals Python; a missing or unknown language is an error, then it works', { timeout: 120_000 }, async () => {
  const context = await browser.newContext();
  try {
    const { page, log } = await openSpace(context, 'wasmpipe-test/tiny-nllb');
    const text = 'The quick brown fox jumps over the lazy dog.';
    const want = python(text, { src_lang: 'eng_Latn', tgt_lang: 'fra_Latn', num_beams: 1, max_new_tokens: 10 }, 'tiny-nllb');
    const errorAfter = async (tgt) => {
      await page.fill('#tgt-lang', tgt);
      await page.fill('#text', text);
      await page.click('#run');
      await page.locator('#error').waitFor({ state: 'visible' });
      await waitForState(page, 'ready');
      return page.locator('#error').textContent();
    };
    await page.fill('#src-lang', 'eng_Latn');
    assert.match(await errorAfter(''), /pass tgt_lang/);
    assert.match(await errorAfter('xx_Nope'), /xx_Nope/);
    await page.fill('#tgt-lang', 'fra_Latn');
    const got = await generate(page, 1, { text, search: 'greedy', maxNewTokens: '10' });
    assert.equal(got.translation_text, want);
    assert.equal(got.streamed.join(''), want);
    assert.equal(await page.locator('#error').isHidden(), true);
    assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
    assert.deepEqual(log.pageErrors, []);
  } finally {
    await context.close();
  }
});

test('summarization Space: the model\'s beam search and greedy search equal Python; a bad max tokens is an error, then it works', { timeout: 120_000 }, async () => {
  const context = await browser.newContext();
  try {
    const { page, log } = await openSpace(context, 'wasmpipe-test/tiny-bart', 'summarization');
    let n = 0;
    for (const text of ['The quick brown fox jumps over the lazy dog.', 'Paris is the capital of France, and Berlin is the capital of Germany.']) {
      const got = await generate(page, ++n, { text });
      assert.equal(got.summary_text, recorded(BART, 'summarization', text, {}), `default search on ${text}`);
      assert.equal(got.shown, got.summary_text);
      assert.deepEqual(got.streamed, []);
      // Greedy: Python recorded it through text2text-generation, the same generate() call for a
      // model without task_specific_params (summarization only names its output summary_text).
      const greedy = await generate(page, ++n, { text, search: 'greedy', maxNewTokens: '8' });
      assert.equal(greedy.summary_text, recorded(BART, 'text2text-generation', text, { num_beams: 1, max_new_tokens: 8 }));
      assert.equal(greedy.streamed.join(''), greedy.summary_text);
    }
    // max_new_tokens 0: the pipeline's error, shown; the next run works.
    await page.fill('#max-new-tokens', '0');
    await page.click('#run');
    await page.locator('#error').waitFor({ state: 'visible' });
    assert.match(await page.locator('#error').textContent(), /max_new_tokens/);
    await waitForState(page, 'ready');
    const text = 'The quick brown fox jumps over the lazy dog.';
    const again = await generate(page, ++n, { text });
    assert.equal(again.summary_text, recorded(BART, 'summarization', text, {}));
    assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
    assert.deepEqual(log.pageErrors, []);
  } finally {
    await context.close();
  }
});
