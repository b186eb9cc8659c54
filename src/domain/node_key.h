/* node_key.h - the key a commune node signs its exchange with the province by (docs/NODE.md §3): an Ed25519
 * key file of its own kind (keyfile.h), made at the commune with `motcua node keygen`; the province keeps only
 * the public key, registered by an administrator. */
#ifndef MC_NODE_KEY_H
#define MC_NODE_KEY_H

#include "keyfile.h"

/** The kind of a commune node's key files. */
extern const keyfile_kind node_key_kind;
/** The kind of the province's exchange key, which signs every answer to a node (serve --node-exchange-key); a node
 *  pins its public key when it is set up. Apart from the journal's anchor key. */
extern const keyfile_kind exchange_key_kind;

#endif
