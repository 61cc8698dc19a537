// Protobuf wire format (https://protobuf.dev/programming-guides/encoding/): each field is a varint
// key (field number << 3 | wire type) followed by a varint (0), 8 bytes (1), a varint length and
// that many bytes (2) or 4 bytes (5). Unknown fields are skipped like protobuf does; groups (3, 4)
// are rejected (sentencepiece_model.proto has none).
#include "sentencepiece/model_proto.h"

#include <cstring>

#include "core/error.h"
#include "core/utf8.h"

namespace wasmpipe::sentencepiece {
namespace {

class Reader {
 public:
  Reader(std::string_view bytes, const std::string& where) : data_(bytes), where_(where) {}
  bool done() const noexcept { return pos_ >= data_.size(); }

  uint64_t varint() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= data_.size()) fail("ends inside a varint");
      const auto b = static_cast<uint8_t>(data_[pos_++]);
      v |= uint64_t(b & 0x7F) << shift;
      if (!(b & 0x80)) return v;
    }
    fail("has a varint longer than 10 bytes");
  }
  std::string_view bytes() {
    const uint64_t n = varint();
    if (n > data_.size() - pos_) fail("has a length-delimited field longer than the data left");
    std::string_view s = data_.substr(pos_, static_cast<size_t>(n));
    pos_ += static_cast<size_t>(n);
    return s;
  }
  float fixed32_float() {
    if (data_.size() - pos_ < 4) fail("ends inside a 32-bit field");
    uint32_t u = 0;
    for (int i = 3; i >= 0; --i) u = (u << 8) | static_cast<uint8_t>(data_[pos_ + i]);
    pos_ += 4;
    float f;
    std::memcpy(&f, &u, sizeof f);
    return f;
  }
  void skip(uint32_t wire_type) {
    switch (wire_type) {
      case 0: varint(); return;
      case 1:
        if (data_.size() - pos_ < 8) fail("ends inside a 64-bit field");
        pos_ += 8;
        return;
      case 2: bytes(); return;
      case 5:
        if (data_.size() - pos_ < 4) fail("ends inside a 32-bit field");
        pos_ += 4;
        return;
      default: fail("has an unsupported protobuf wire type " + std::to_string(wire_type));
    }
  }
  // Reads the next key; returns false at the end.
  bool next(uint32_t& field, uint32_t& wire_type) {
    if (done()) return false;
    const uint64_t key = varint();
    field = static_cast<uint32_t>(key >> 3);
    wire_type = static_cast<uint32_t>(key & 7);
    if (field == 0) fail("has a field numbered 0 (not a protobuf message)");
    return true;
  }
  void expect(uint32_t wire_type, uint32_t want, const char* name) {
    if (wire_type != want) fail(std::string("has field ") + name + " with the wrong wire type " + std::to_string(wire_type));
  }
  [[noreturn]] void fail(const std::string& what) const {
    throw Error(ErrorCode::InvalidFile, where_ + " " + what + " at byte " + std::to_string(pos_) +
                                            ": not a SentencePiece model (.model) file, or a truncated one");
  }

 private:
  std::string_view data_;
  size_t pos_ = 0;
  const std::string& where_;
};

int32_t as_int32(uint64_t v) { return static_cast<int32_t>(static_cast<uint32_t>(v)); }

Piece read_piece(std::string_view msg, const std::string& where) {
  Reader r(msg, where);
  Piece p;
  uint32_t f, w;
  while (r.next(f, w)) {
    if (f == 1) {
      r.expect(w, 2, "piece");
      p.piece = std::string(r.bytes());
    } else if (f == 2) {
      r.expect(w, 5, "score");
      p.score = r.fixed32_float();
    } else if (f == 3) {
      r.expect(w, 0, "type");
      const int32_t t = as_int32(r.varint());
      if (t < 1 || t > 6) r.fail("has an unknown piece type " + std::to_string(t));
      p.type = static_cast<PieceType>(t);
    } else {
      r.skip(w);
    }
  }
  return p;
}

void read_trainer_spec(std::string_view msg, ModelProto& m, const std::string& where) {
  Reader r(msg, where);
  uint32_t f, w;
  while (r.next(f, w)) {
    switch (f) {
      case 3: r.expect(w, 0, "trainer_spec.model_type"); m.model_type = static_cast<ModelType>(as_int32(r.varint())); break;
      case 24: r.expect(w, 0, "trainer_spec.treat_whitespace_as_suffix"); m.treat_whitespace_as_suffix = r.varint() != 0; break;
      case 35: r.expect(w, 0, "trainer_spec.byte_fallback"); m.byte_fallback = r.varint() != 0; break;
      case 40: r.expect(w, 0, "trainer_spec.unk_id"); m.unk_id = as_int32(r.varint()); break;
      case 41: r.expect(w, 0, "trainer_spec.bos_id"); m.bos_id = as_int32(r.varint()); break;
      case 42: r.expect(w, 0, "trainer_spec.eos_id"); m.eos_id = as_int32(r.varint()); break;
      case 43: r.expect(w, 0, "trainer_spec.pad_id"); m.pad_id = as_int32(r.varint()); break;
      case 44: r.expect(w, 2, "trainer_spec.unk_surface"); m.unk_surface = std::string(r.bytes()); break;
      case 45: r.expect(w, 2, "trainer_spec.unk_piece"); m.unk_piece = std::string(r.bytes()); break;
      default: r.skip(w);
    }
  }
}

// NormalizerSpec; `denormalizer` only records whether it carries rules.
void read_normalizer_spec(std::string_view msg, ModelProto& m, bool denormalizer, const std::string& where) {
  Reader r(msg, where);
  uint32_t f, w;
  while (r.next(f, w)) {
    if (denormalizer) {
      if ((f == 2 || f == 6) && w == 2 && !r.bytes().empty()) m.has_denormalizer = true;
      else if (!(f == 2 || f == 6) || w != 2) r.skip(w);
      continue;
    }
    switch (f) {
      case 1: r.expect(w, 2, "normalizer_spec.name"); m.normalizer_name = std::string(r.bytes()); break;
      case 2: r.expect(w, 2, "normalizer_spec.precompiled_charsmap"); m.precompiled_charsmap = std::string(r.bytes()); break;
      case 3: r.expect(w, 0, "normalizer_spec.add_dummy_prefix"); m.add_dummy_prefix = r.varint() != 0; break;
      case 4: r.expect(w, 0, "normalizer_spec.remove_extra_whitespaces"); m.remove_extra_whitespaces = r.varint() != 0; break;
      case 5: r.expect(w, 0, "normalizer_spec.escape_whitespaces"); m.escape_whitespaces = r.varint() != 0; break;
      default: r.skip(w);
    }
  }
}

}  // namespace

ModelProto ModelProto::parse(std::string_view bytes, std::string_view file) {
  const std::string where(file);
  ModelProto m;
  Reader r(bytes, where);
  uint32_t f, w;
  while (r.next(f, w)) {
    if (f == 1) {
      r.expect(w, 2, "pieces");
      m.pieces.push_back(read_piece(r.bytes(), where));
    } else if (f == 2) {
      r.expect(w, 2, "trainer_spec");
      read_trainer_spec(r.bytes(), m, where);
    } else if (f == 3) {
      r.expect(w, 2, "normalizer_spec");
      read_normalizer_spec(r.bytes(), m, false, where);
    } else if (f == 5) {
      r.expect(w, 2, "denormalizer_spec");
      read_normalizer_spec(r.bytes(), m, true, where);
    } else {
      r.skip(w);
    }
  }
  if (m.pieces.empty())
    throw Error(ErrorCode::InvalidFile, where + " has no pieces: not a SentencePiece model (.model) file");
  for (size_t i = 0; i < m.pieces.size(); ++i) {
    const std::string& p = m.pieces[i].piece;
    if (p.empty()) throw Error(ErrorCode::InvalidFile, where + ": piece " + std::to_string(i) + " is empty");
    if (utf8::find_invalid(p) != std::string_view::npos) throw Error(ErrorCode::InvalidFile, where + ": piece " + std::to_string(i) + " is not valid UTF-8");
  }
  if (m.unk_id < 0 || static_cast<size_t>(m.unk_id) >= m.pieces.size())
    throw Error(ErrorCode::InvalidFile, where + ": trainer_spec.unk_id " + std::to_string(m.unk_id) +
                                            " is not the id of a piece (" + std::to_string(m.pieces.size()) + " pieces)");
  if (m.pieces[m.unk_id].type != PieceType::Unknown)
    throw Error(ErrorCode::InvalidFile, where + ": piece " + std::to_string(m.unk_id) + " (trainer_spec.unk_id) is not of type UNKNOWN");
  return m;
}

}  // namespace wasmpipe::sentencepiece
