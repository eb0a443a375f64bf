/*
 * ring_api.c: the table of ring_api.h for one build of lab 07's ring. The
 * Makefile compiles it twice, with -DRING_API=lab_ring_api and with
 * -DRING_API=big_ring_api (and ring_create ... renamed big_ring_create ...,
 * ring.h's RING_MSG_MAX raised).
 */
#include "ring.h"
#include "ring_api.h"

const struct ring_api RING_API = {
    .msg_max = RING_MSG_MAX,
    .create  = ring_create,
    .put     = ring_put,
    .get     = ring_get,
    .close   = ring_close,
    .destroy = ring_destroy,
};
