/*
 * Preloaded into a hub process by FailedFlushTest: while the file named by FAILING_FSYNC_WHILE exists, every
 * fsync and fdatasync of a file whose path ends with FAILING_FSYNC_SUFFIX fails with EIO, as the kernel reports a
 * disk that could not write the pages. Everything else goes to the C library.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int failing(int fd) {
    const char *trigger = getenv("FAILING_FSYNC_WHILE");
    const char *suffix = getenv("FAILING_FSYNC_SUFFIX");
    if (trigger == NULL || suffix == NULL || access(trigger, F_OK) != 0) {
        return 0;
    }
    char link[64];
    char path[PATH_MAX];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t length = readlink(link, path, sizeof path - 1);
    if (length < 0) {
        return 0;
    }
    path[length] = '\0';
    size_t tail = strlen(suffix);
    return (size_t) length >= tail && strcmp(path + length - tail, suffix) == 0;
}

/* Fails with EIO while failing(fd), else calls the C library's function of that name (looked up once). */
static int sync_or_fail(int fd, int (**real)(int), const char *name) {
    if (failing(fd)) {
        errno = EIO;
        return -1;
    }
    if (*real == NULL) {
        *real = (int (*)(int)) dlsym(RTLD_NEXT, name);
    }
    return (*real)(fd);
}

int fsync(int fd) {
    static int (*real)(int);
    return sync_or_fail(fd, &real, "fsync");
}

int fdatasync(int fd) {
    static int (*real)(int);
    return sync_or_fail(fd, &real, "fdatasync");
}
