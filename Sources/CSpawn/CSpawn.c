#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "CSpawn.h"

/// Puts `fd` at `target` without close-on-exec.
static int place(int fd, int target) {
    if (fd == target) return fcntl(fd, F_SETFD, 0);
    return dup2(fd, target) < 0 ? -1 : 0;
}

/// Closes every descriptor from 3 up: the task gets its standard streams and nothing else,
/// whatever Baton or its libraries opened without O_CLOEXEC (listening sockets, databases).
static void close_from_three(void) {
#ifdef SYS_close_range
    if (syscall(SYS_close_range, 3U, ~0U, 0U) == 0) return;
#endif
    struct rlimit limit;
    int last = getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < 1048576 ? (int)limit.rlim_cur : 65536;
    for (int fd = 3; fd < last; fd++) close(fd);
}

/// Appends the decimal digits of `value` to `out` at `*at` (no allocation: runs in the child).
static void append_number(char *out, int *at, unsigned long long value) {
    char digits[24];
    int count = 0;
    do { digits[count++] = (char)('0' + value % 10); value /= 10; } while (value > 0);
    while (count > 0) out[(*at)++] = digits[--count];
}

/// Writes `prefix` + "<pid> <starttime>", padded with spaces to a line of CSPAWN_NOTE_SLOT
/// bytes, at `offset` of `note_fd`, from the child, with system calls only.
static void write_note(int note_fd, long offset, const char *prefix) {
    char stat[1024];
    int fd = open("/proc/self/stat", O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    ssize_t length = read(fd, stat, sizeof stat - 1);
    close(fd);
    if (length <= 0) return;
    stat[length] = 0;
    // Fields resume after the command name's last ')'; starttime is field 22, the 20th after it.
    char *cursor = strrchr(stat, ')');
    if (!cursor) return;
    for (int field = 2; field < 22 && cursor; field++) cursor = strchr(cursor + 1, ' ');
    if (!cursor) return;
    unsigned long long start = 0;
    for (cursor++; *cursor >= '0' && *cursor <= '9'; cursor++) start = start * 10 + (unsigned long long)(*cursor - '0');

    char line[CSPAWN_NOTE_SLOT];
    int at = 0;
    for (const char *p = prefix; *p && at < CSPAWN_NOTE_SLOT - 48; p++) line[at++] = *p;
    append_number(line, &at, (unsigned long long)getpid());
    line[at++] = ' ';
    append_number(line, &at, start);
    while (at < CSPAWN_NOTE_SLOT - 1) line[at++] = ' ';
    line[at++] = '\n';
    ssize_t written = pwrite(note_fd, line, (size_t)at, (off_t)offset);
    (void)written;
}

int cspawn_spawn(const char *path, char *const argv[], char *const envp[], const char *directory,
                 const char *log_path, int note_fd, long note_offset, const char *note_prefix,
                 int *failed_stage, int *failed_errno) {
    // The child shares our memory until it execs (vfork): it reports a failure through these.
    volatile int stage = CSPAWN_STAGE_NONE;
    volatile int error = 0;
    pid_t parent = getpid();

    // No signal handler of ours may run in the child before its dispositions are reset.
    sigset_t all, previous;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &previous);

    pid_t pid = vfork();
    if (pid == 0) {
        struct sigaction fallback;
        memset(&fallback, 0, sizeof fallback);
        fallback.sa_handler = SIG_DFL;
        for (int s = 1; s < NSIG; s++) {
            if (s != SIGKILL && s != SIGSTOP) sigaction(s, &fallback, NULL);
        }
        setpgid(0, 0);
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        // Baton died between vfork and prctl: the signal would never come.
        if (getppid() != parent) { stage = CSPAWN_STAGE_PARENT_GONE; _exit(127); }
        if (note_fd >= 0) write_note(note_fd, note_offset, note_prefix);

        int input = open("/dev/null", O_RDONLY | O_CLOEXEC);
        if (input < 0 || place(input, 0) < 0) { stage = CSPAWN_STAGE_STDIN; error = errno; _exit(127); }
        int log = open(log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
        if (log < 0 || place(log, 1) < 0 || place(1, 2) < 0) { stage = CSPAWN_STAGE_LOG; error = errno; _exit(127); }
        if (chdir(directory) != 0) { stage = CSPAWN_STAGE_DIRECTORY; error = errno; _exit(127); }
        close_from_three();

        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        execve(path, argv, envp);
        stage = CSPAWN_STAGE_EXEC;
        error = errno;
        _exit(127);
    }
    int fork_error = errno;
    pthread_sigmask(SIG_SETMASK, &previous, NULL);

    if (pid < 0) {
        *failed_stage = CSPAWN_STAGE_FORK;
        *failed_errno = fork_error;
        return -1;
    }
    if (stage != CSPAWN_STAGE_NONE) {
        int status;
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
        *failed_stage = stage;
        *failed_errno = error;
        return -1;
    }
    return pid;
}

int cspawn_pidfd_open(int pid) {
#ifdef SYS_pidfd_open
    return (int)syscall(SYS_pidfd_open, pid, 0);
#else
    return -1;
#endif
}

int cspawn_poll_create(int *wake) {
    int poll = epoll_create1(EPOLL_CLOEXEC);
    if (poll < 0) return -1;
    *wake = eventfd(0, EFD_CLOEXEC);
    if (*wake < 0 || cspawn_poll_add(poll, *wake) != 0) {
        if (*wake >= 0) close(*wake);
        close(poll);
        return -1;
    }
    return poll;
}

int cspawn_poll_add(int poll, int fd) {
    struct epoll_event event;
    memset(&event, 0, sizeof event);
    event.events = EPOLLIN;
    event.data.fd = fd;
    return epoll_ctl(poll, EPOLL_CTL_ADD, fd, &event);
}

int cspawn_poll_wait(int poll, int *ready, int capacity) {
    struct epoll_event events[64];
    if (capacity > 64) capacity = 64;
    int count = epoll_wait(poll, events, capacity, -1);
    for (int i = 0; i < count; i++) ready[i] = events[i].data.fd;
    return count;
}

void cspawn_wake(int wake) {
    uint64_t one = 1;
    while (write(wake, &one, sizeof one) < 0 && errno == EINTR) {}
}

void cspawn_wake_clear(int wake) {
    uint64_t count;
    while (read(wake, &count, sizeof count) < 0 && errno == EINTR) {}
}
