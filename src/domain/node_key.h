/* node_key.h - the key a commune node signs its exchange with the province by (docs/NODE.md §3): an Ed25519
 * key file of its own kind (keyfile.h), made at the commune with `motcua node keygen`; the province keeps only
 * the public key, registered by an administrator. */
#ifndef MC_NODE_KEY_H
#define MC_NODE_KEY_H

#include "keyfile.h"

/** The kind of a commune node's key files. */
extern const keyfile_kind node_key_kind;

#endif
