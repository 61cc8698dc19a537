# Debian's sentencepiece 0.1.97 (spm_encode; the library scripts/setup.sh builds is the same source)
# against Python sentencepiece 0.2.x (.venv-fixtures, what Python transformers' slow tokenizers use)
# on every non-blank corpus line of every SentencePiece model in the fixtures: ids that differ, and
# whether each difference is an equal-score alternative (a tie the two versions break differently).
# Also the piece types (unused / unknown / control / byte) and the encodes of those pieces' strings.
# Not part of npm test (about 2 min of CPU):
#   .venv-fixtures/bin/python tests/tools/spm-version-check.py
import glob
import os
import subprocess

import sentencepiece as spm

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHARED = os.environ.get('WASMPIPE_FIXTURES', os.path.join(ROOT, '..', 'shared', 'fixtures'))
MODELS = sorted(glob.glob(f'{SHARED}/tokenizers/*/*.model') + glob.glob(f'{SHARED}/tokenizers/*/*.spm')
                + glob.glob(f'{ROOT}/tests/fixtures/models/*/*/sentencepiece.bpe.model'))


def spm_encode(model, texts):
    r = subprocess.run(['/usr/bin/spm_encode', f'--model={model}', '--output_format=id'],
                       input='\n'.join(texts) + '\n', capture_output=True, text=True, check=True)
    return [list(map(int, line.split())) for line in r.stdout.split('\n')[:len(texts)]]


lines = []
for f in sorted(os.listdir(f'{SHARED}/corpus')):
    with open(f'{SHARED}/corpus/{f}', encoding='utf-8') as fh:
        lines += [line.rstrip('\r') for line in fh.read().split('\n') if line.strip()]
print(f'Python sentencepiece {spm.__version__} vs /usr/bin/spm_encode, {len(lines)} corpus lines')
for model in MODELS:
    sp = spm.SentencePieceProcessor(model_file=model)
    deb, py = spm_encode(model, lines), sp.encode(lines)
    diff = [i for i in range(len(lines)) if deb[i] != py[i]]
    score = lambda ids: sum(sp.get_score(x) for x in ids)
    ties = sum(abs(score(deb[i]) - score(py[i])) < 1e-4 and sp.decode(deb[i]) == sp.decode(py[i]) for i in diff)
    n = sp.get_piece_size()
    kinds = {k: [i for i in range(n) if getattr(sp, f'is_{k}')(i)] for k in ('unused', 'unknown', 'control', 'byte')}
    probes = [p for p in (sp.id_to_piece(i).replace('\u2581', ' ') for i in kinds['unused'] + kinds['control'] + kinds['unknown']) if p.strip()]
    probe_diff = sum(a != b for a, b in zip(spm_encode(model, probes), sp.encode(probes))) if probes else 0
    name = os.path.relpath(model, SHARED if model.startswith(os.path.abspath(SHARED)) or model.startswith(SHARED) else ROOT)
    print(f'{name}: {len(diff)} lines differ ({ties} equal-score ties), pieces {n}: '
          f'{ {k: len(v) for k, v in kinds.items()} }; unused/control/unknown piece strings: {len(probes)}, {probe_diff} differ'
          + (f'; first line {diff[0]}: {lines[diff[0]][:60]!r}' if diff else ''))
