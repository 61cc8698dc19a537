// Translation Space: the translation pipeline with the model's own generation settings (its
// generation_config.json: Marian / opus-mt models are configured for beam search), or greedy
// search with the text shown as it is generated, or 2 / 4 beams; From / To are src_lang / tgt_lang
// for multilingual models. Stop ends a translation early and keeps what was generated so far.
// space.js does the rest (model, progress, errors, the search controls). Model output reaches the
// page only through textContent.
import { $, startSpace, generateFromControls } from './space.js';

const ui = { srcLang: $('src-lang'), tgtLang: $('tgt-lang'), text: $('text') };

startSpace({
  task: 'translation',
  hubModel: 'Xenova/opus-mt-en-de',
  localModels: ['wasmpipe-test/tiny-marian', 'wasmpipe-test/tiny-marian-split'],
  busy: 'Translating…',
  failed: 'Translation failed.',
  inputs: [ui.text, ui.srcLang, ui.tgtLang],
  check: () => (ui.text.value.trim() ? null : 'Type some text first.'),
  async run(translate) {
    const options = {};
    const src = ui.srcLang.value.trim(), tgt = ui.tgtLang.value.trim();
    if (src) options.src_lang = src;
    if (tgt) options.tgt_lang = tgt;
    const g = await generateFromControls(translate, ui.text.value, options, 'translation_text', 'Translated');
    return { results: { translation_text: g.text, search: g.search, stopped: g.stopped, streamed: g.streamed }, render: g.show, summary: g.summary };
  },
});
