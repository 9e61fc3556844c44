#include "crawler/thread_name.h"

#include <pthread.h>

namespace govaudit {

void name_this_thread(const std::string& name) {
  // pthread_setname_np refuses (ERANGE) a name over 15 bytes rather than cutting it. A failure costs
  // only the name, so it is not reported.
  pthread_setname_np(pthread_self(), name.substr(0, 15).c_str());
}

}  // namespace govaudit
