// transformers' language classes encode their target side with a template of their own
// (_switch_to_target_mode -> set_tgt_lang_special_tokens) and switch back afterwards: this puts a
// post-processor in place for one call and the tokenizer's own back, also when the call throws.
#pragma once
#include <memory>

#include "post_processors/post_processor.h"
#include "tokenizer/tokenizer.h"

namespace wasmpipe {

class PostProcessorScope {
 public:
  // `replacement` null: the tokenizer's own stays (nothing to restore).
  PostProcessorScope(Tokenizer& t, std::unique_ptr<post_processors::PostProcessor> replacement) : tok_(t) {
    if (replacement) {
      own_ = t.replace_post_processor(std::move(replacement));
      active_ = true;
    }
  }
  ~PostProcessorScope() {
    if (active_) tok_.replace_post_processor(std::move(own_));
  }
  PostProcessorScope(const PostProcessorScope&) = delete;
  PostProcessorScope& operator=(const PostProcessorScope&) = delete;

 private:
  Tokenizer& tok_;
  std::unique_ptr<post_processors::PostProcessor> own_;
  bool active_ = false;
};

}  // namespace wasmpipe
