#define _GNU_SOURCE
#include <spawn.h>
#include "CSpawn.h"

int cspawn_addchdir(void *actions, const char *path) {
    return posix_spawn_file_actions_addchdir_np((posix_spawn_file_actions_t *)actions, path);
}
