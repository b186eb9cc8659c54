/* notify_tmpl.h - the notification templates: versioned data (data/notify/templates-vN.json), one Vietnamese
 * subject and body per event and channel with {{field}} placeholders, loaded and checked whole when a process
 * starts. A message is rendered with the version named on its outbox row (event@version), so a message put
 * before a new version was installed reads as it was written. Format and rules: docs/NOTIFY.md. */
#ifndef MC_NOTIFY_TMPL_H
#define MC_NOTIFY_TMPL_H
#include <stddef.h>

#include "buf.h"
#include "err.h"

typedef struct notify_templates notify_templates;

/** Longest template file read. */
#define NOTIFY_TMPL_FILE_MAX (256 * 1024)
/** Longest subject (characters) and body (bytes) of a template. */
#define NOTIFY_TMPL_SUBJECT_MAX 200
#define NOTIFY_TMPL_BODY_MAX    4000
/** Longest SMS template text outside its placeholders (characters). */
#define NOTIFY_TMPL_SMS_MAX 120

/** An empty set of versions; add with notify_templates_add or notify_templates_load. Free with
 *  notify_templates_free. */
notify_templates *notify_templates_new(void);
/** Parses and checks one version's JSON text (every event of notify.h with each of its channels, only known
 *  placeholders, the code and the link in every message, the limits above) and adds it. MC_ERR_INVALID with a
 *  Vietnamese message naming the event and channel at fault; nothing is added then. */
mc_err notify_templates_add(notify_templates *t, const char *json, size_t len, const char *name, mc_error *err);
/** Adds every templates-v*.json of dir (at least one). */
mc_err notify_templates_load(notify_templates *t, const char *dir, mc_error *err);
/** The highest version added, 0 if none. */
int notify_templates_latest(const notify_templates *t);
/** Renders template tmpl ("event@version") for channel with payload (the outbox row's JSON): subject (may be
 *  NULL for SMS) and body are appended to. link: the public address of the payload's path; unsubscribe: the
 *  opt-out address (e-mail) or NULL. MC_ERR_NOT_FOUND when that version or event is not loaded;
 *  MC_ERR_INVALID when the payload is not a JSON object. */
mc_err notify_templates_render(const notify_templates *t, const char *tmpl, const char *channel, const char *payload,
                               const char *public_url, const char *unsubscribe, buf *subject, buf *body, mc_error *err);
/** The payload's "path" (the page the message points to), malloc'd, or NULL. */
char *notify_payload_path(const char *payload);
/** Frees t; NULL is a no-op. */
void notify_templates_free(notify_templates *t);
#endif
