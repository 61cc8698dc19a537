#include "sentencepiece/slow_spm_decoder.h"

#include "core/utf8.h"
#include "decoders/simple.h"
#include "sentencepiece/space_symbol.h"

namespace wasmpipe::sentencepiece {
namespace {

// Python str.isspace() chars.
bool is_python_space(char32_t c) {
  return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20) || c == 0x85 || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

// Python str.strip().
std::string python_strip(const std::string& s) {
  size_t begin = 0, end = s.size();
  while (begin < end) {
    size_t i = begin;
    if (!is_python_space(utf8::decode(s, i))) break;
    begin = i;
  }
  while (end > begin) {
    size_t start = end - 1;
    while (start > begin && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
    size_t i = start;
    if (!is_python_space(utf8::decode(s, i))) break;
    end = start;
  }
  return s.substr(begin, end - begin);
}

// "<0xAB>" -> 0xAB, or -1.
int byte_of(const std::string& piece) {
  if (piece.size() != 6 || piece.compare(0, 3, "<0x") != 0 || piece[5] != '>') return -1;
  auto hex = [](char c) { return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1; };
  const int hi = hex(piece[3]), lo = hex(piece[4]);
  return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
}
}  // namespace

SlowSpmDecoder::SlowSpmDecoder(const ModelProto& target, Options options)
    : options_(std::move(options)),
      unk_piece_(target.pieces[target.unk_id].piece),
      unk_surface_(target.unk_surface),
      consume_bos_space_(target.add_dummy_prefix || target.remove_extra_whitespaces),
      remove_extra_whitespaces_(target.remove_extra_whitespaces) {
  for (const auto& p : target.pieces) pieces_[p.piece] = p.type;
}

// SentencePieceProcessor::Decode(pieces) of spm 0.1.97.
std::string SlowSpmDecoder::decode_pieces(const std::vector<std::string>& tokens, size_t begin, size_t end) const {
  std::string text, bytes;
  auto flush_bytes = [&] {
    size_t i = 0;
    while (i < bytes.size()) {
      const size_t n = utf8::sequence_length(static_cast<unsigned char>(bytes[i]));
      if (i + n <= bytes.size() && utf8::find_invalid(std::string_view(bytes).substr(i, n)) == std::string_view::npos) {
        text.append(bytes, i, n);
        i += n;
      } else {
        text += "\xEF\xBF\xBD";
        ++i;
      }
    }
    bytes.clear();
  };
  bool is_bos_ws = true, bos_ws_seen = false;
  for (size_t k = begin; k < end; ++k) {
    const std::string& piece = tokens[k];
    auto it = pieces_.find(piece);
    if (it != pieces_.end() && it->second == PieceType::Byte && byte_of(piece) >= 0) {
      bytes.push_back(static_cast<char>(byte_of(piece)));
      continue;
    }
    flush_bytes();
    if (bos_ws_seen || !text.empty()) is_bos_ws = false;
    bos_ws_seen = false;
    if (it != pieces_.end() && it->second == PieceType::Control) continue;
    if (it == pieces_.end() || it->second == PieceType::Unknown) {
      text += piece == unk_piece_ ? unk_surface_ : piece;
      continue;
    }
    std::string_view p = piece;
    if (is_bos_ws && consume_bos_space_ && p.substr(0, kSpace.size()) == kSpace) {
      p.remove_prefix(kSpace.size());
      bos_ws_seen = !remove_extra_whitespaces_;
    }
    text += decoders::rust_replace(p, kSpace, " ");
  }
  flush_bytes();
  return text;
}

std::string SlowSpmDecoder::convert_tokens_to_string(const std::vector<std::string>& tokens, size_t begin, size_t end) const {
  std::string out;
  size_t start = begin;
  for (size_t i = begin; i < end; ++i) {
    if (!options_.special_tokens.count(tokens[i])) continue;
    out += decode_pieces(tokens, start, i);
    out += tokens[i];
    if (options_.marian) out += ' ';
    start = i + 1;
  }
  out += decode_pieces(tokens, start, end);
  return python_strip(options_.marian ? decoders::rust_replace(out, kSpace, " ") : out);
}

void SlowSpmDecoder::decode_chain(std::vector<std::string>& tokens) const {
  std::string out;
  bool first = true;
  auto add = [&](std::string text) {
    if (!first) out += ' ';
    out += text;
    first = false;
  };
  size_t start = 0;
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (!options_.legacy_added.count(tokens[i])) continue;
    if (i > start) add(convert_tokens_to_string(tokens, start, i));
    add(tokens[i]);
    start = i + 1;
  }
  if (tokens.size() > start) add(convert_tokens_to_string(tokens, start, tokens.size()));
  tokens.assign(1, std::move(out));
}

}  // namespace wasmpipe::sentencepiece
