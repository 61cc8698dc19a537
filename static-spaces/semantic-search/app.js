// Semantic-search Space: embeds the sentences (feature-extraction, mean pooling + normalize) and
// ranks them against the query (semantic_search); space.js does the rest (model, progress, errors).
// Text reaches the page only through textContent.
import { $, startSpace, scoreRow } from './space.js';

const query = $('query'), corpusInput = $('corpus'), results = $('results');
const EMBED = { pooling: 'mean', normalize: true };

function renderResults(hits) {
  results.replaceChildren(...hits.map(({ text, score, corpus_id }, i) => {
    const li = scoreRow(text, score, score.toFixed(3));
    li.className = i === 0 ? 'result top' : 'result';
    Object.assign(li.dataset, { corpusId: String(corpus_id), score: String(score) });
    return li;
  }));
}

const sentencesOf = () => corpusInput.value.split('\n').map((s) => s.trim()).filter(Boolean);
// The corpus is embedded once per distinct text, then each query costs one embedding.
let corpus = { key: null, sentences: [], embeddings: null };

startSpace({
  task: 'feature-extraction',
  hubModel: 'Xenova/all-MiniLM-L6-v2',
  localModels: ['wasmpipe-test/all-MiniLM-L6-v2'],
  busy: 'Searching…',
  failed: 'Search failed.',
  inputs: [query, corpusInput],
  check: () => (query.value.trim() && sentencesOf().length ? null : 'Type a query and at least one sentence.'),
  async run(embed, { semantic_search }) {
    const sentences = sentencesOf();
    const key = sentences.join('\n');
    if (corpus.key !== key) corpus = { key, sentences, embeddings: await embed(sentences, EMBED) };
    const q = await embed(query.value.trim(), EMBED);
    const hits = semantic_search(q, corpus.embeddings, { top_k: sentences.length })
      .map((h) => ({ ...h, text: corpus.sentences[h.corpus_id] }));
    return {
      results: hits,
      render: () => renderResults(hits),
      summary: (ms) => `Ranked ${sentences.length} sentences in ${ms.toFixed(1)} ms.`,
    };
  },
});
