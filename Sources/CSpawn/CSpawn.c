#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
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

int cspawn_spawn(const char *path, char *const argv[], char *const envp[], const char *directory,
                 const char *log_path, int *failed_stage, int *failed_errno) {
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
