#define _GNU_SOURCE
#include <spawn.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "CSpawn.h"

int cspawn_addchdir(void *actions, const char *path) {
    return posix_spawn_file_actions_addchdir_np((posix_spawn_file_actions_t *)actions, path);
}

int cspawn_pidfd_open(int pid) {
#ifdef SYS_pidfd_open
    return (int)syscall(SYS_pidfd_open, pid, 0);
#else
    return -1;
#endif
}
