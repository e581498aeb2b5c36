// What Swift's Glibc module does not expose for starting task processes (SPEC §10).
// The header stays free of system includes so that it does not clash with Glibc's module.
#ifndef CSPAWN_H
#define CSPAWN_H

/// Which step of starting a task process failed (`cspawn_spawn`'s `failed_stage`).
enum {
    CSPAWN_STAGE_NONE = 0,
    CSPAWN_STAGE_STDIN = 1,
    CSPAWN_STAGE_LOG = 2,
    CSPAWN_STAGE_DIRECTORY = 3,
    CSPAWN_STAGE_EXEC = 4,
    CSPAWN_STAGE_PARENT_GONE = 5,
    CSPAWN_STAGE_FORK = 6,
};

/// The length of one task's line in a note file (`cspawn_spawn`'s `note_fd`).
enum { CSPAWN_NOTE_SLOT = 96 };

/// Starts `path` (an executable path, no PATH lookup) with `argv` and `envp` (NULL-terminated)
/// in a new process group, in `directory`, with stdin /dev/null and stdout and stderr appended
/// to `log_path`, no other descriptor of the caller's, every signal at its default and none
/// blocked, and SIGKILL as its parent-death signal: if the calling *thread* ends (Baton is
/// killed), the kernel kills the child. Call it from a thread that lives as long as the process.
/// With `note_fd` (else -1), the child itself writes at `note_offset` of that file, before it
/// runs anything, a line of CSPAWN_NOTE_SLOT bytes: `note_prefix` followed by "<its pid> <its
/// start time in clock ticks>" (proc(5)'s starttime), padded with spaces: a note that exists
/// from the first instant the task can do anything, so a restarted Baton can find what a
/// killed one left running. One file holds the notes of many tasks, one line each: writing a
/// line costs less than creating and deleting a file per task.
/// Returns the child's pid, or -1 with `*failed_stage` and `*failed_errno` saying what failed.
int cspawn_spawn(const char *path, char *const argv[], char *const envp[], const char *directory,
                 const char *log_path, int note_fd, long note_offset, const char *note_prefix,
                 int *failed_stage, int *failed_errno);

/// pidfd_open(2): a descriptor that becomes readable when process `pid` exits; -1 with errno
/// set where the kernel lacks it. (syscall(2) is variadic, so Swift cannot call it.)
int cspawn_pidfd_open(int pid);

/// An epoll set for the thread that starts and reaps task processes, with an eventfd in it
/// (stored in `*wake`) that other threads signal when they hand it work. -1 on failure.
int cspawn_poll_create(int *wake);

/// Adds `fd` (a pidfd) to `poll`, readable when its process exits. 0, or -1 with errno.
int cspawn_poll_add(int poll, int fd);

/// Blocks until descriptors of `poll` are readable and stores up to `capacity` (at most 64)
/// of them in `ready`. Returns how many, or -1 with errno (EINTR).
int cspawn_poll_wait(int poll, int *ready, int capacity);

/// Makes the eventfd `wake` readable.
void cspawn_wake(int wake);

/// Makes the eventfd `wake` unreadable again.
void cspawn_wake_clear(int wake);

#endif
