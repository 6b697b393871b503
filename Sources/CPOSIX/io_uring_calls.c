// The io_uring statement's calls, made with the raw system calls (no liburing): a ring set up
// with io_uring_setup(2), then one io_uring_enter(2) submitting IORING_OP_OPENAT of the file and,
// once it opened, one submitting IORING_OP_CLOSE of the descriptor it gave. The kernel audits
// each operation (URINGOP, uring_op=18 and 19) beside the io_uring_enter call that ran it, or on
// its own where an io-wq worker ran it.
#define _GNU_SOURCE
#include "CPOSIX.h"
#include <errno.h>
#include <fcntl.h>
#include <linux/io_uring.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

struct ring {
    int fd;
    void *sq, *cq;
    size_t sq_length, cq_length;
    struct io_uring_sqe *sqes;
    size_t sqes_length;
    unsigned *sq_tail, *sq_mask, *sq_array, *cq_head, *cq_tail, *cq_mask;
    struct io_uring_cqe *cqes;
};

static void ring_close(struct ring *r) {
    if (r->sqes && r->sqes != MAP_FAILED) munmap(r->sqes, r->sqes_length);
    if (r->cq && r->cq != MAP_FAILED && r->cq != r->sq) munmap(r->cq, r->cq_length);
    if (r->sq && r->sq != MAP_FAILED) munmap(r->sq, r->sq_length);
    if (r->fd >= 0) close(r->fd);
}

static int ring_open(struct ring *r) {
    memset(r, 0, sizeof *r);
    struct io_uring_params p;
    memset(&p, 0, sizeof p);
    r->fd = (int)syscall(__NR_io_uring_setup, 2, &p);
    if (r->fd < 0) return -errno;
    r->sq_length = p.sq_off.array + p.sq_entries * sizeof(unsigned);
    r->cq_length = p.cq_off.cqes + p.cq_entries * sizeof(struct io_uring_cqe);
    int single = (p.features & IORING_FEAT_SINGLE_MMAP) != 0;
    if (single && r->cq_length > r->sq_length) r->sq_length = r->cq_length;
    r->sq = mmap(NULL, r->sq_length, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, r->fd, IORING_OFF_SQ_RING);
    if (r->sq == MAP_FAILED) return -errno;
    r->cq = single ? r->sq
                   : mmap(NULL, r->cq_length, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, r->fd, IORING_OFF_CQ_RING);
    if (r->cq == MAP_FAILED) return -errno;
    r->sqes_length = p.sq_entries * sizeof(struct io_uring_sqe);
    r->sqes = mmap(NULL, r->sqes_length, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, r->fd, IORING_OFF_SQES);
    if (r->sqes == MAP_FAILED) return -errno;
    char *sq = r->sq, *cq = r->cq;
    r->sq_tail = (unsigned *)(sq + p.sq_off.tail);
    r->sq_mask = (unsigned *)(sq + p.sq_off.ring_mask);
    r->sq_array = (unsigned *)(sq + p.sq_off.array);
    r->cq_head = (unsigned *)(cq + p.cq_off.head);
    r->cq_tail = (unsigned *)(cq + p.cq_off.tail);
    r->cq_mask = (unsigned *)(cq + p.cq_off.ring_mask);
    r->cqes = (struct io_uring_cqe *)(cq + p.cq_off.cqes);
    return 0;
}

static long enter(int fd, unsigned submit) {
    long rc;
    do { rc = syscall(__NR_io_uring_enter, fd, submit, 1, IORING_ENTER_GETEVENTS, NULL, 0); } while (rc < 0 && errno == EINTR);
    return rc < 0 ? -errno : rc;
}

// Submits one operation with its own io_uring_enter(2) and waits for its completion: 0 and its
// result in *result, or -errno of the enter.
static int ring_run(struct ring *r, const struct io_uring_sqe *sqe, int *result) {
    unsigned tail = *r->sq_tail, index = tail & *r->sq_mask;
    r->sqes[index] = *sqe;
    r->sq_array[index] = index;
    __atomic_store_n(r->sq_tail, tail + 1, __ATOMIC_RELEASE);
    long rc = enter(r->fd, 1);
    if (rc < 0) return (int)rc;
    unsigned head = *r->cq_head;
    // An enter whose wait a signal cut short has submitted all the same: wait on, submitting nothing.
    while (head == __atomic_load_n(r->cq_tail, __ATOMIC_ACQUIRE)) {
        rc = enter(r->fd, 0);
        if (rc < 0) return (int)rc;
    }
    *result = r->cqes[head & *r->cq_mask].res;
    __atomic_store_n(r->cq_head, head + 1, __ATOMIC_RELEASE);
    return 0;
}

int as_uring_openat_close(const char *path, int *failed_step) {
    struct ring ring;
    *failed_step = AS_URING_AT_SETUP;
    int rc = ring_open(&ring);
    if (rc == 0) {
        struct io_uring_sqe open;
        memset(&open, 0, sizeof open);
        open.opcode = IORING_OP_OPENAT;
        open.fd = AT_FDCWD;
        open.addr = (unsigned long)path;
        open.open_flags = O_RDONLY;
        int opened = -1;
        *failed_step = AS_URING_AT_ENTER;
        rc = ring_run(&ring, &open, &opened);
        if (rc == 0 && opened < 0) {
            *failed_step = AS_URING_AT_OPENAT;
            rc = opened;
        } else if (rc == 0) {
            struct io_uring_sqe shut;
            memset(&shut, 0, sizeof shut);
            shut.opcode = IORING_OP_CLOSE;
            shut.fd = opened;
            int closed = -1;
            rc = ring_run(&ring, &shut, &closed);
            if (rc == 0 && closed < 0) {
                *failed_step = AS_URING_AT_CLOSE;
                rc = closed;
            }
            // A close the ring did not make is made here, so no descriptor outlives the call.
            if (rc != 0) close(opened);
        }
    }
    ring_close(&ring);
    if (rc == 0) *failed_step = 0;
    return rc;
}

int as_uring_probe(void) {
    struct io_uring_params p;
    memset(&p, 0, sizeof p);
    int fd = (int)syscall(__NR_io_uring_setup, 1, &p);
    if (fd < 0) return -errno;
    close(fd);
    return 0;
}
