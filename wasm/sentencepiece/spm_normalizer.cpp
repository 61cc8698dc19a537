#include "sentencepiece/spm_normalizer.h"

#include "core/error.h"
#include "core/utf8.h"
#include "sentencepiece/space_symbol.h"
#include "tokenizer/normalized_string.h"

namespace wasmpipe::sentencepiece {
namespace {
constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD
}  // namespace

SpmNormalizer::SpmNormalizer(const ModelProto& proto)
    : add_dummy_prefix_(proto.add_dummy_prefix),
      remove_extra_whitespaces_(proto.remove_extra_whitespaces),
      escape_whitespaces_(proto.escape_whitespaces) {
  if (proto.treat_whitespace_as_suffix)
    throw Error(ErrorCode::NotImplemented, "SentencePiece treat_whitespace_as_suffix models are not supported");
  if (!proto.precompiled_charsmap.empty()) {
    try {
      charsmap_ = std::make_unique<normalizers::Precompiled>(proto.precompiled_charsmap);
    } catch (const Error& e) {
      throw Error(ErrorCode::InvalidFile, std::string("normalizer_spec.precompiled_charsmap is malformed: ") + e.what());
    }
  }
}

void SpmNormalizer::normalize(NormalizedString& s) const {
  const std::string& in = s.get();
  const auto& align = s.alignments();
  std::string out;
  std::vector<Offsets> out_align;
  out.reserve(in.size() + 8);
  out_align.reserve(in.size() + 8);
  // NormalizePrefix: the longest rule at `pos`, else one char as is (a bad byte -> U+FFFD).
  auto next = [&](size_t pos, std::string_view& piece) -> size_t {
    const std::string_view rest = std::string_view(in).substr(pos);
    if (charsmap_) {
      if (size_t n = charsmap_->longest_prefix(rest, piece)) return n;
    }
    const size_t n = utf8::sequence_length(static_cast<unsigned char>(rest[0]));
    if (n == 0 || n > rest.size() || utf8::find_invalid(rest.substr(0, n)) != std::string_view::npos) {
      piece = kReplacement;
      return 1;
    }
    piece = rest.substr(0, n);
    return n;
  };
  auto range_of = [&](size_t begin, size_t end) -> Offsets {
    return {align[begin].first, align[end - 1].second};
  };
  auto emit = [&](std::string_view bytes, Offsets r) {
    out += bytes;
    out_align.insert(out_align.end(), bytes.size(), r);
  };

  size_t pos = 0;
  std::string_view piece;
  if (remove_extra_whitespaces_) {
    while (pos < in.size()) {
      const size_t n = next(pos, piece);
      if (piece != " ") break;
      pos += n;
    }
  }
  if (pos >= in.size()) {
    s.assign({}, {});
    return;
  }
  if (add_dummy_prefix_) {
    const Offsets at{align[pos].first, align[pos].first};
    emit(escape_whitespaces_ ? kSpace : " ", at);
  }
  bool prev_space = remove_extra_whitespaces_;
  while (pos < in.size()) {
    const size_t n = next(pos, piece);
    const Offsets r = range_of(pos, pos + n);
    std::string_view sp = piece;
    while (prev_space && !sp.empty() && sp.front() == ' ') sp.remove_prefix(1);
    if (!sp.empty()) {
      for (char c : sp) {
        if (escape_whitespaces_ && c == ' ') emit(kSpace, r);
        else emit(std::string_view(&c, 1), r);
      }
      prev_space = sp.back() == ' ';
    }
    pos += n;
    if (!remove_extra_whitespaces_) prev_space = false;
  }
  if (remove_extra_whitespaces_) {
    const std::string_view space = escape_whitespaces_ ? kSpace : " ";
    while (out.size() >= space.size() && std::string_view(out).substr(out.size() - space.size()) == space) {
      out.resize(out.size() - space.size());
      out_align.resize(out.size());
    }
  }
  s.assign(std::move(out), std::move(out_align));
}

}  // namespace wasmpipe::sentencepiece
