// Translation Space: the translation pipeline with the model's own generation settings (its
// generation_config.json: Marian / opus-mt models are configured for beam search), or
// greedy search with the text shown as it is generated, or 2 / 4 beams. Stop ends a translation
// early and keeps what was generated so far (the pipeline's AbortSignal). space.js does the rest
// (model, progress, errors). Model output reaches the page only through textContent.
import { $, startSpace } from './space.js';

const ui = {
  search: $('search'), maxNewTokens: $('max-new-tokens'), srcLang: $('src-lang'), tgtLang: $('tgt-lang'),
  text: $('text'), stop: $('stop'), output: $('output'),
};
const SEARCH = {
  default: {}, // generation_config.json decides
  greedy: { num_beams: 1, do_sample: false },
  beam2: { num_beams: 2, do_sample: false },
  beam4: { num_beams: 4, do_sample: false },
};

let controller = null; // the running translation's, for Stop
ui.stop.addEventListener('click', () => controller?.abort());

/** The pipeline options the page's controls ask for (nothing for a control left at the model's value). */
function options(signal, onText) {
  const opts = { ...SEARCH[ui.search.value], signal };
  if (ui.maxNewTokens.value) opts.max_new_tokens = Number(ui.maxNewTokens.value);
  const src = ui.srcLang.value.trim(), tgt = ui.tgtLang.value.trim();
  if (src) opts.src_lang = src;
  if (tgt) opts.tgt_lang = tgt;
  // A streamer needs one sequence (as in transformers): only greedy search streams.
  if (ui.search.value === 'greedy') opts.callback_function = onText;
  return opts;
}

function showOutput(text) {
  ui.output.textContent = text;
  ui.output.hidden = false;
}

startSpace({
  task: 'translation',
  hubModel: 'Xenova/opus-mt-en-de',
  localModels: ['wasmpipe-test/tiny-marian', 'wasmpipe-test/tiny-marian-split'],
  busy: 'Translating…',
  failed: 'Translation failed.',
  inputs: [ui.text, ui.srcLang, ui.tgtLang],
  check: () => (ui.text.value.trim() ? null : 'Type some text first.'),
  async run(translate) {
    controller = new AbortController();
    const { signal } = controller;
    const streamed = []; // the pieces greedy search showed as they came
    ui.output.textContent = '';
    ui.stop.disabled = false;
    let output;
    try {
      output = await translate(ui.text.value, options(signal, (piece) => {
        streamed.push(piece);
        showOutput(streamed.join(''));
      }));
    } finally {
      ui.stop.disabled = true;
      controller = null;
    }
    const text = output[0].translation_text;
    const stopped = signal.aborted;
    return {
      results: { translation_text: text, search: ui.search.value, stopped, streamed },
      render: () => showOutput(text),
      summary: (ms) => (stopped ? `Stopped after ${ms.toFixed(0)} ms: this is what was generated until then.` : `Translated in ${ms.toFixed(0)} ms.`),
    };
  },
});
