/* news.h - reform news and announcements on the portal (tin tuyên truyền cải cách hành chính, issue 16:
 * the directive's "tuyên truyền"). An officer with ACT_NEWS_PUBLISH (perm.h) publishes an item for a
 * unit in scope: a title, a summary, a body of plain-text paragraphs (separated by blank lines; shown
 * escaped, never as HTML) and its day. The portal lists the published items and shows each under a
 * random key (public URLs name no internal id). An item is withdrawn, never edited or deleted: the
 * journal (subject "news") keeps what was published and when. */
#ifndef MC_NEWS_H
#define MC_NEWS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "err.h"
#include "store.h"
#include "timeutil.h"
#include "users.h"

#define NEWS_SUBJECT  "news"
#define NEWS_KEY_LEN  10  /**< characters of the public key */
#define NEWS_MAX_LIST 200 /**< items listed at most */

/** One item as read (strings in the arena of the call). */
typedef struct {
    int64_t id;
    const char *tenant, *key;
    const char *unit_code, *unit_name, *unit_path;
    const char *title, *summary, *body, *published_on, *by_name;
    mc_time created_at, withdrawn_at; /**< withdrawn_at 0: published */
} news_item;

typedef struct {
    const char *title, *summary, *body;
    const char *published_on; /**< YYYY-MM-DD; NULL: today */
    const char *unit;         /**< code; NULL: the officer's unit */
} news_new;

/** Publishes an item as `by` (ACT_NEWS_PUBLISH over the unit), journaled. *key in arena a. */
mc_err news_publish(store *s, arena *a, const news_new *in, const user *by, mc_time now, const char **key,
                    mc_error *err);
/** Withdraws a published item (ACT_NEWS_PUBLISH over its unit; 404 for another's unknown key, 409 twice). */
mc_err news_withdraw(store *s, arena *a, const char *key, const user *by, mc_time now, mc_error *err);
/** An item by key (withdrawn ones too: the caller decides who sees them). */
mc_err news_get(store_conn *c, arena *a, const char *key, news_item *out, mc_error *err);
/** Published items of a tenant (NULL: any), newest first, at most `limit`. */
mc_err news_published(store_conn *c, arena *a, const char *tenant, int limit, news_item **out, size_t *n,
                      mc_error *err);
/** Every item of `by`'s province, withdrawn ones too, newest first, with whether `by` may withdraw each
 *  (news_may_manage). */
mc_err news_all(store_conn *c, arena *a, const char *tenant, int limit, news_item **out, size_t *n, mc_error *err);
bool news_may_manage(const user *by, const news_item *it);

#endif
