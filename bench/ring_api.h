/*
 * ring_api.h: lab 07's ring functions gathered in a table, so that the
 * benchmark can use the same ring.c built twice: as the lab builds it
 * (lab_ring_api), and with RING_MSG_MAX raised to 1 MiB so that a large
 * message takes one slot (big_ring_api). ring_api.c fills the table; the
 * Makefile builds it and ring.c once for each.
 */
#ifndef SHMLABS_RING_API_H
#define SHMLABS_RING_API_H

#include <stddef.h>
#include <sys/types.h>

struct ring;

struct ring_api {
    size_t msg_max;                      /* RING_MSG_MAX of this build */
    struct ring *(*create)(key_t key, unsigned slots);
    int (*put)(struct ring *r, const void *msg, size_t len);
    ssize_t (*get)(struct ring *r, void *buf, size_t cap);
    int (*close)(struct ring *r);
    int (*destroy)(struct ring *r);
};

extern const struct ring_api lab_ring_api, big_ring_api;

#endif
