// posix_spawn_file_actions_addchdir_np is a GNU extension that Swift's Glibc module hides.
// The header stays free of system includes so that it does not clash with Glibc's module.
#ifndef CSPAWN_H
#define CSPAWN_H

/// `actions` is a posix_spawn_file_actions_t *.
int cspawn_addchdir(void *actions, const char *path);

/// pidfd_open(2): a descriptor that becomes readable when process `pid` exits; -1 with errno
/// set where the kernel lacks it. (syscall(2) is variadic, so Swift cannot call it.)
int cspawn_pidfd_open(int pid);

#endif
