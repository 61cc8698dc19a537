// Summarization Space: the summarization pipeline with the model's own generation settings (its
// generation_config.json: DistilBART-CNN is configured for beam search), or greedy search with the
// summary shown as it is generated, or 2 / 4 beams. Stop ends a summary early and keeps what was
// generated so far. space.js does the rest (model, progress, errors, the search controls). Model
// output reaches the page only through textContent.
import { $, startSpace, generateFromControls } from './space.js';

const text = $('text');

startSpace({
  task: 'summarization',
  hubModel: 'Xenova/distilbart-cnn-6-6',
  localModels: ['wasmpipe-test/tiny-bart', 'wasmpipe-test/tiny-bart-split', 'wasmpipe-test/tiny-t5'],
  busy: 'Summarizing…',
  failed: 'Summarization failed.',
  inputs: [text],
  check: () => (text.value.trim() ? null : 'Type some text first.'),
  async run(summarize) {
    const g = await generateFromControls(summarize, text.value, {}, 'summary_text', 'Summarized');
    return { results: { summary_text: g.text, search: g.search, stopped: g.stopped, streamed: g.streamed }, render: g.show, summary: g.summary };
  },
});
