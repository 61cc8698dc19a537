#include "pipelines/encoding_windows.h"

#include <utility>

namespace wasmpipe {

std::vector<Encoding> take_windows(Encoding main) {
  std::vector<Encoding> windows;
  std::vector<Encoding> rest = std::move(main.overflowing);
  main.overflowing.clear();
  windows.reserve(1 + rest.size());
  windows.push_back(std::move(main));
  for (Encoding& o : rest) {
    o.overflowing.clear();
    windows.push_back(std::move(o));
  }
  return windows;
}

}  // namespace wasmpipe
