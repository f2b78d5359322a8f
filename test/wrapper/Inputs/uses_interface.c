// Uses the public interface header from the wrapper's include directory.
#include <bodysan/bodysan_interface.h>
#include <stdio.h>

int main(void) {
  printf("live=%zu\n", __bodysan_live_count());
  return 0;
}
