// Buffers an object reuses across calls (a model's per-word vectors, a tokenizer's per-encode
// ones), owned by that object instead of a thread_local: one T is kept between calls; a call
// that finds it taken (another thread is using it) works with a fresh one. A T whose buffers one
// huge input grew past kScratchKeepBytes is dropped instead of kept, so memory follows the
// usual input, not the largest ever seen.
#pragma once
#include <atomic>
#include <cstddef>
#include <memory>

namespace wasmpipe {

// Scratch buffers larger than this are released after the call that needed them. The JS raw
// encode path applies the same limit to its input buffer (js/tokenizer-raw.js, read through
// the wasmpipe_scratch_keep_bytes export).
inline constexpr size_t kScratchKeepBytes = size_t{4} << 20;

// T: default-constructible, with `size_t retained_bytes() const` (the capacity its buffers hold).
template <class T>
class ScratchSlot {
 public:
  ScratchSlot() = default;
  ScratchSlot(const ScratchSlot&) = delete;
  ScratchSlot& operator=(const ScratchSlot&) = delete;
  // Moving hands the kept T over (the owner is moved only while no call uses it).
  ScratchSlot(ScratchSlot&& other) noexcept : slot_(other.slot_.exchange(nullptr)) {}
  ScratchSlot& operator=(ScratchSlot&& other) noexcept {
    std::unique_ptr<T> drop(slot_.exchange(other.slot_.exchange(nullptr)));
    return *this;
  }
  ~ScratchSlot() { std::unique_ptr<T> drop(slot_.exchange(nullptr)); }

  std::unique_ptr<T> take() {
    std::unique_ptr<T> s(slot_.exchange(nullptr));
    return s ? std::move(s) : std::make_unique<T>();
  }
  // Keeps `s` for the next call, unless it holds more than kScratchKeepBytes.
  void give_back(std::unique_ptr<T> s) {
    if (s->retained_bytes() > kScratchKeepBytes) return;
    std::unique_ptr<T> drop(slot_.exchange(s.release()));
  }

  // A T for the duration of a scope, given back at its end (exceptions included).
  class Lease {
   public:
    explicit Lease(ScratchSlot& slot) : slot_(slot), s_(slot.take()) {}
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() { slot_.give_back(std::move(s_)); }
    T& operator*() const noexcept { return *s_; }
    T* operator->() const noexcept { return s_.get(); }

   private:
    ScratchSlot& slot_;
    std::unique_ptr<T> s_;
  };
  Lease lease() { return Lease(*this); }

 private:
  std::atomic<T*> slot_{nullptr};
};

// The bytes a vector's capacity holds (for retained_bytes).
template <class V>
size_t capacity_bytes(const V& v) noexcept {
  return v.capacity() * sizeof(typename V::value_type);
}

}  // namespace wasmpipe
