/* api_handlers.h - every API handler, one group per resource file. The route
 * table (src/http/routes.c) names them. */
#ifndef MC_API_HANDLERS_H
#define MC_API_HANDLERS_H

#include "api.h"
#include "dossier.h"
#include "feedback.h"
#include "surveys.h"
#include "tasks.h"
#include "units.h"

/* api_auth.c */
mc_err api_auth_login(api_req *r, mc_error *err);
mc_err api_auth_logout(api_req *r, mc_error *err);
mc_err api_auth_me(api_req *r, mc_error *err);
mc_err api_auth_register(api_req *r, mc_error *err);
/** Admission of a login (routes_admission): refused at once, before the slow
 * password check is queued, while the login must wait (auth_login_allowed). */
mc_err api_auth_login_admit(api_req *r, mc_error *err);
/** Admission of a registration: counts it per address (auth_register_allowed),
 * refused at once past the limit. */
mc_err api_auth_register_admit(api_req *r, mc_error *err);

/* api_procedures.c */
mc_err api_procedures_search(api_req *r, mc_error *err);
mc_err api_procedures_get(api_req *r, mc_error *err);
mc_err api_procedures_versions(api_req *r, mc_error *err);
mc_err api_procedures_templates(api_req *r, mc_error *err);
mc_err api_fields_list(api_req *r, mc_error *err);
mc_err api_catalog_import(api_req *r, mc_error *err);

/* api_units.c */
mc_err api_units_list(api_req *r, mc_error *err);
mc_err api_units_get(api_req *r, mc_error *err);
mc_err api_units_create(api_req *r, mc_error *err);

/* api_users.c */
mc_err api_users_list(api_req *r, mc_error *err);
mc_err api_users_get(api_req *r, mc_error *err);
mc_err api_users_create(api_req *r, mc_error *err);
mc_err api_users_disable(api_req *r, mc_error *err);
mc_err api_users_enable(api_req *r, mc_error *err);

/* api_nodes.c */
mc_err api_nodes_list(api_req *r, mc_error *err);
mc_err api_nodes_get(api_req *r, mc_error *err);
mc_err api_nodes_create(api_req *r, mc_error *err);
mc_err api_dossiers_take_back(api_req *r, mc_error *err);
mc_err api_nodes_revoke(api_req *r, mc_error *err);
mc_err api_nodes_key_add(api_req *r, mc_error *err);
mc_err api_node_conflicts_list(api_req *r, mc_error *err);
mc_err api_node_conflicts_csv(api_req *r, mc_error *err);
mc_err api_units_connectivity(api_req *r, mc_error *err);
mc_err api_node_conflicts_resolve(api_req *r, mc_error *err);

/* api_node_exchange.c: called by commune nodes (ROUTE_NODE) */
mc_err api_node_state(api_req *r, mc_error *err);
mc_err api_node_reference(api_req *r, mc_error *err);
mc_err api_node_push(api_req *r, mc_error *err);
mc_err api_node_pull(api_req *r, mc_error *err);
mc_err api_node_file_put(api_req *r, mc_error *err);
mc_err api_node_file_get(api_req *r, mc_error *err);

/* api_calendar.c */
mc_err api_calendar_deadline(api_req *r, mc_error *err);
mc_err api_calendar_elapsed(api_req *r, mc_error *err);
mc_err api_calendar_holidays(api_req *r, mc_error *err);
mc_err api_calendar_put_exception(api_req *r, mc_error *err);
mc_err api_calendar_delete_exception(api_req *r, mc_error *err);
mc_err api_calendar_confirm_year(api_req *r, mc_error *err);
mc_err api_calendar_import(api_req *r, mc_error *err);
mc_err api_calendar_schedules(api_req *r, mc_error *err);
mc_err api_calendar_create_schedule(api_req *r, mc_error *err);
mc_err api_calendar_update_schedule(api_req *r, mc_error *err);
mc_err api_calendar_delete_schedule(api_req *r, mc_error *err);

/* api_dossiers.c */
mc_err api_dossiers_create(api_req *r, mc_error *err);
mc_err api_dossiers_get(api_req *r, mc_error *err);
mc_err api_dossiers_upload(api_req *r, mc_error *err);
mc_err api_dossiers_download(api_req *r, mc_error *err);
mc_err api_dossiers_act(api_req *r, mc_error *err);
mc_err api_dossiers_journal(api_req *r, mc_error *err);
mc_err api_dossiers_control_slip(api_req *r, mc_error *err);
mc_err api_inbox(api_req *r, mc_error *err);
mc_err api_my_dossiers(api_req *r, mc_error *err);
mc_err api_dossiers_find(api_req *r, mc_error *err);
mc_err api_dossiers_form(api_req *r, mc_error *err);
mc_err api_units_account_get(api_req *r, mc_error *err);
/** The VietQR code to pay a dossier's fee (dossier JSON d, as the API gives
 *  it): {payload, bin, bank, account, name, amount, amount_text, note, png (a
 *  data: URL)}; NULL when no fee is due, it is paid, or no account is set. */
json_t *api_vietqr_of(api_req *r, const json_t *d);
/** The same for a dossier as read, without the PNG (for the receipt). */
json_t *api_vietqr_of_dossier(api_req *r, const dossier *d);
mc_err api_payments_import(api_req *r, mc_error *err);
mc_err api_stats_processing_csv(api_req *r, mc_error *err);
mc_err api_stats_processing_xlsx(api_req *r, mc_error *err);
mc_err api_reports_late(api_req *r, mc_error *err);
/** The unit a report is about (?unit=, else the user's own), which the user may read reports of:
 *  401/403, or 400 naming an unknown unit. */
mc_err api_report_unit(api_req *r, org_unit *unit, mc_error *err);
/** The period of a report (?from=&to=, YYYY-MM-DD), by default the current month; 400 when malformed or reversed. */
mc_err api_report_period(api_req *r, mc_day *from, mc_day *to, mc_error *err);
/** api_report_period, then 400 naming "to" when the period spans more than max_days days (the message
 *  says 10 years: the callers' limits, *_MAX_PERIOD_DAYS, are 3660). */
mc_err api_report_period_max(api_req *r, mc_day max_days, mc_day *from, mc_day *to, mc_error *err);
/** The unit ?unit= names, else u's own, as read: 400 naming "unit" when there is neither (Vietnamese
 *  message missing_vi) or the code is unknown. Checks no permission. */
mc_err api_query_unit(api_req *r, const user *u, const char *missing_vi, org_unit *unit, mc_error *err);
mc_err api_reports_tracking_book(api_req *r, mc_error *err);
mc_err api_reports_late_csv(api_req *r, mc_error *err);
mc_err api_reports_late_xlsx(api_req *r, mc_error *err);
mc_err api_units_account_put(api_req *r, mc_error *err);

/** Files of an upload moved into the content-addressed store, to attach;
 *  `created` lists the files this request added (removed again by
 *  api_unstore when what they were for fails). */
typedef struct {
    ds_attachment *v;
    size_t n;
    const char **created;
    size_t ncreated;
} stored_files;
/** Moves every uploaded file of r->upload (parts doc_<seq> or file) into storage. */
mc_err api_store_uploads(api_req *r, stored_files *out, mc_error *err);
/** Removes the files a failed request stored. */
void api_unstore(const stored_files *s);
/** An intake from the API's JSON form of it (body borrowed), with files
 *  already stored: validation and errors as POST /api/v1/dossiers. */
mc_err api_dossier_intake(api_req *r, const user *u, json_t *body, const ds_attachment *files, size_t nfiles,
                          dossier *out, mc_error *err);
mc_err api_track(api_req *r, mc_error *err);
/** The public tracking view of dossier `code` as JSON text (arena memory,
 *  newline-terminated), if `key` opens it: throttled, cached by the
 *  dossier's stamp; an unknown code and a wrong key are the same 404.
 *  *stamp (if not NULL): the dossier's stamp the view was made at (dossier_stamp). */
mc_err api_track_view(api_req *r, const char *code, const char *key, const char **json, size_t *len, int64_t *stamp,
                      mc_error *err);

/** The one answer to a code with a wrong or missing tracking key (as to an unknown code). */
#define API_TRACK_NOT_FOUND_VI                                                                                                                     \
    "Không tìm thấy hồ sơ với mã và mã tra cứu đã nhập. Vui lòng kiểm tra lại giấy tiếp nhận; nếu đã nhập sai " \
    "nhiều lần, hãy dùng mã tra cứu 8 ký tự in trên giấy tiếp nhận."

/* api_feedback.c */
mc_err api_feedback_submit(api_req *r, mc_error *err);
mc_err api_feedback_list(api_req *r, mc_error *err);
mc_err api_feedback_get(api_req *r, mc_error *err);
mc_err api_feedback_act(api_req *r, mc_error *err);
mc_err api_feedback_rate(api_req *r, mc_error *err);
mc_err api_track_feedback(api_req *r, mc_error *err);
mc_err api_track_feedback_rate(api_req *r, mc_error *err);
mc_err api_feedback_stats(api_req *r, mc_error *err);
mc_err api_public_feedback(api_req *r, mc_error *err);
/** An item as JSON for its reader: officers (officer = true) also get the journal. */
json_t *api_feedback_json(api_req *r, const feedback *f, bool officer);
/** The figures of feedback_stats_of as JSON (API, pages and reports alike). */
json_t *api_feedback_stats_json(const feedback_stats *s);

/* api_ratings.c */
/** POST /api/v1/dossiers/{code}/rating: the citizen owner (portal) or a receiver of the receiving unit (counter). */
mc_err api_dossiers_rate(api_req *r, mc_error *err);
/** GET /api/v1/dossiers/{code}/rating: the rating and the computed facts, for the owner and the officers who
 *  handled the dossier. */
mc_err api_dossiers_rating(api_req *r, mc_error *err);
/** POST /api/v1/track/{code}/rating: rating with the code and its tracking key ("key" in the body). */
mc_err api_track_rate(api_req *r, mc_error *err);
/** GET /api/v1/track/{code}/rating?key=: the same view for whoever holds the code and key. */
mc_err api_track_rating(api_req *r, mc_error *err);
/** GET /api/v1/ratings/summary?unit=&from=&to=: counts and satisfied share, by competent unit of the subtree. */
mc_err api_ratings_summary(api_req *r, mc_error *err);
/** The view of a dossier's rating (who may see it is the caller's check): code, procedure, state, rated,
 *  rating (or null), can_rate with the questions of the set in force while it may be rated, closed_reason,
 *  parent, and the facts computed from its record (rating_facts.h). New reference. */
json_t *api_rating_view(api_req *r, const dossier *d);
/** Opens dossier `code` with its tracking key as public tracking does (the per-address throttle, the per-code
 *  limit on short keys; a failure counted and answered like an unknown code, 404). */
mc_err api_track_open(api_req *r, const char *code, const char *key, dossier *d, mc_error *err);

/* api_stats.c */
mc_err api_stats_processing(api_req *r, mc_error *err);

/* api_system.c */
mc_err api_index(api_req *r, mc_error *err);
mc_err api_health(api_req *r, mc_error *err);
mc_err api_openapi(api_req *r, mc_error *err);

/* api_surveys.c (SIPAS, issue 14) */
/** GET /api/v1/surveys: the campaigns the user may read. */
mc_err api_surveys_list(api_req *r, mc_error *err);
/** POST /api/v1/surveys: {name, from, to, unit, sample_size[, min_answers, questionnaire]} → 201. */
mc_err api_surveys_create(api_req *r, mc_error *err);
/** GET /api/v1/surveys/{id}: the campaign with its journal (events) and may_manage. */
mc_err api_surveys_get(api_req *r, mc_error *err);
/** POST /api/v1/surveys/{id}/draw: the sample, with each invite's token and link (shown this once). */
mc_err api_surveys_draw(api_req *r, mc_error *err);
/** GET /api/v1/surveys/{id}/invites: the drawn dossiers in draw order, the seed and population (no tokens). */
mc_err api_surveys_invites(api_req *r, mc_error *err);
/** POST /api/v1/surveys/{id}/close. */
mc_err api_surveys_close(api_req *r, mc_error *err);
/** POST /api/v1/surveys/{id}/import: paper answers, text/csv or a multipart CSV/XLSX file; 400 with
 *  error.lines [{line, column, reason}] and nothing stored when a row is bad. */
mc_err api_surveys_import(api_req *r, mc_error *err);
/** GET /api/v1/surveys/{id}/template.csv: the header row of the paper import. */
mc_err api_surveys_template_csv(api_req *r, mc_error *err);
/** GET /api/v1/surveys/{id}/results[?unit=]: survey_results as JSON (numbers rounded to 2 decimals). */
mc_err api_surveys_results(api_req *r, mc_error *err);
/** The same results as CSV (every cell guarded) and as XLSX (every cell a string). */
mc_err api_surveys_results_csv(api_req *r, mc_error *err);
mc_err api_surveys_results_xlsx(api_req *r, mc_error *err);
/** GET /api/v1/questionnaires/{version}: a questionnaire's JSON as loaded (public). */
mc_err api_surveys_questionnaire(api_req *r, mc_error *err);
/** POST /api/v1/survey-answers {token, answers {item: 1..5 | null}, profile {question: option}}: public,
 *  once per token (409 after). */
mc_err api_surveys_answer(api_req *r, mc_error *err);
/** A campaign as JSON. */
json_t *api_survey_json(const survey_campaign *c);
/** Reads the JSON answers and profile of a reply against questionnaire f into *out (arena memory)
 *  and checks it (surveys_reply_check); 400 naming the item or question. */
mc_err api_surveys_reply_parse(api_req *r, const survey_form *f, json_t *profile, json_t *answers, survey_reply *out,
                               mc_error *err);
/* index 766 (api_index766.c) */
mc_err api_index766(api_req *r, mc_error *err);
mc_err api_index766_ranking(api_req *r, mc_error *err);
mc_err api_index766_ranking_csv(api_req *r, mc_error *err);
mc_err api_index766_ranking_xlsx(api_req *r, mc_error *err);
mc_err api_index766_dossiers(api_req *r, mc_error *err);
mc_err api_index766_sets(api_req *r, mc_error *err);
mc_err api_public_board(api_req *r, mc_error *err);

/* CCHC inspections (api_inspections.c) */
mc_err api_inspection_plans_list(api_req *r, mc_error *err);
mc_err api_inspection_plans_create(api_req *r, mc_error *err);
mc_err api_inspection_plans_get(api_req *r, mc_error *err);
mc_err api_inspection_plans_add_target(api_req *r, mc_error *err);
mc_err api_inspections_list(api_req *r, mc_error *err);
mc_err api_inspections_create(api_req *r, mc_error *err);
mc_err api_inspections_get(api_req *r, mc_error *err);
/** The data an inspection draws from motcua: late dossiers and apology letters of the unit's subtree and period. */
mc_err api_inspections_data(api_req *r, mc_error *err);
mc_err api_inspections_journal(api_req *r, mc_error *err);
mc_err api_inspections_add_finding(api_req *r, mc_error *err);
/** A remedy report: JSON {report}, or multipart (field report, files "file" as evidence). */
mc_err api_inspections_remedy(api_req *r, mc_error *err);
mc_err api_inspections_close_finding(api_req *r, mc_error *err);
mc_err api_inspections_conclude(api_req *r, mc_error *err);
mc_err api_inspections_evidence(api_req *r, mc_error *err);
/** Findings per responsible unit of a subtree and period (inspections_stats). */
mc_err api_inspections_stats(api_req *r, mc_error *err);
/** The table of finding areas and the modes. */
mc_err api_inspections_areas(api_req *r, mc_error *err);

/* periodic CCHC reports (api_cchc_reports.c) */
mc_err api_cchc_reports_list(api_req *r, mc_error *err);
mc_err api_cchc_report_get(api_req *r, mc_error *err);
mc_err api_cchc_report_save(api_req *r, mc_error *err);
mc_err api_cchc_report_submit(api_req *r, mc_error *err);
mc_err api_cchc_report_pdf(api_req *r, mc_error *err);
mc_err api_cchc_report_docx(api_req *r, mc_error *err);
mc_err api_cchc_report_xlsx(api_req *r, mc_error *err);
/* The register of legal normative documents (api_legal_docs.c, legal_docs.h) */
/** GET /api/v1/legal-docs: the province's register (officers), filtered (status, type, issuer, year, q) and paged. */
mc_err api_legal_docs_list(api_req *r, mc_error *err);
/** POST /api/v1/legal-docs: a document, JSON or multipart (its fields and one file "file"). */
mc_err api_legal_docs_create(api_req *r, mc_error *err);
/** GET /api/v1/legal-docs/{id}: with its changes, acts, reviews, flags and the procedures that cite it. */
mc_err api_legal_docs_get(api_req *r, mc_error *err);
/** PUT /api/v1/legal-docs/{id}: edit its particulars (JSON), or POST .../edit multipart with a new file. */
mc_err api_legal_docs_update(api_req *r, mc_error *err);
/** GET /api/v1/legal-docs/{id}/file: the document's file (public, as the document). */
mc_err api_legal_docs_file(api_req *r, mc_error *err);
/** POST /api/v1/legal-docs/{id}/changes: a change of validity or a relation; flags the citing procedures. */
mc_err api_legal_docs_change(api_req *r, mc_error *err);
/** POST /api/v1/legal-docs/{id}/reviews: a review or self-check. */
mc_err api_legal_docs_review(api_req *r, mc_error *err);
/** GET /api/v1/legal-docs/{id}/journal: its entries of the hash-chained journal. */
mc_err api_legal_docs_journal(api_req *r, mc_error *err);
/** GET /api/v1/legal-docs/stats: legal_docs_stats for ?unit (default the user's) and ?from&to. */
mc_err api_legal_docs_stats(api_req *r, mc_error *err);
/** GET /api/v1/legal-docs/system: the three lists of a systematisation (?cycle=2024&issuer=04). */
mc_err api_legal_docs_system(api_req *r, mc_error *err);
/** The same lists as one CSV (every cell guarded, UTF-8 with BOM). */
mc_err api_legal_docs_system_csv(api_req *r, mc_error *err);
/** GET /api/v1/legal-docs/tables: types, statuses, actions, relations, review results and bases (public). */
mc_err api_legal_docs_tables(api_req *r, mc_error *err);
/** GET and PUT /api/v1/legal-docs/keepers: the units that keep the province's register ({units: [codes]}). */
mc_err api_legal_docs_keepers(api_req *r, mc_error *err);
mc_err api_legal_docs_keepers_put(api_req *r, mc_error *err);
/** GET /api/v1/legal-flags[?all=1]: procedures flagged for update in the user's province (open ones by default). */
mc_err api_legal_flags_list(api_req *r, mc_error *err);
/** POST /api/v1/legal-flags/{id}/clear {note}: the procedure was updated. */
mc_err api_legal_flags_clear(api_req *r, mc_error *err);
/** GET /api/v1/public/legal-docs: the documents in force of a province (?unit=, no login). */
mc_err api_public_legal_docs(api_req *r, mc_error *err);
/** Adds "legal_update" {needs_update, flags, may_clear} to a procedure's JSON: its open flags in the user's
 *  province (the portal's first province when nobody is logged in). */
void api_legal_docs_procedure_attach(api_req *r, json_t *proc, const char *code);
/* Directives, plans and tasks; reform news (api_tasks.c, issue 16) */
mc_err api_task_docs_list(api_req *r, mc_error *err);
mc_err api_task_docs_create(api_req *r, mc_error *err);
mc_err api_task_docs_get(api_req *r, mc_error *err);
mc_err api_task_docs_add_task(api_req *r, mc_error *err);
/** Tasks in reach: ?view=mine (led or cooperated by my body) | assigned (assigned by my body), &state=, &overdue=1. */
mc_err api_tasks_list(api_req *r, mc_error *err);
mc_err api_tasks_get(api_req *r, mc_error *err);
mc_err api_tasks_report(api_req *r, mc_error *err);
mc_err api_tasks_evidence(api_req *r, mc_error *err);
/** Task figures of a unit's subtree and period, and of each direct sub-unit (tasks_stats_of). */
mc_err api_task_stats(api_req *r, mc_error *err);
/** The figures of tasks_stats_of as JSON (new reference), for any page or report that shows them. */
json_t *api_tasks_stats_json(const tasks_stats *s);
mc_err api_public_task_progress(api_req *r, mc_error *err);
mc_err api_public_news(api_req *r, mc_error *err);
mc_err api_public_news_get(api_req *r, mc_error *err);
mc_err api_news_list(api_req *r, mc_error *err);
mc_err api_news_create(api_req *r, mc_error *err);
mc_err api_news_withdraw(api_req *r, mc_error *err);

/* PAR INDEX of departments and communes (api_parindex.c, issue 17) */
mc_err api_par_sets(api_req *r, mc_error *err);
mc_err api_par_set(api_req *r, mc_error *err);
mc_err api_par_rounds(api_req *r, mc_error *err);
mc_err api_par_round_open(api_req *r, mc_error *err);
/** A round with its set and the units the caller may see (their state; scores for the council and, once final,
 *  for readers), provisional ranks while open. */
mc_err api_par_round(api_req *r, mc_error *err);
mc_err api_par_round_campaign(api_req *r, mc_error *err);
mc_err api_par_round_finalise(api_req *r, mc_error *err);
/** A unit's assessment: every node with its points, a leaf's self-score, appraisal, explanation, value and files. */
mc_err api_par_assessment(api_req *r, mc_error *err);
mc_err api_par_self_score(api_req *r, mc_error *err);
mc_err api_par_evidence_add(api_req *r, mc_error *err);
mc_err api_par_evidence(api_req *r, mc_error *err);
mc_err api_par_submit(api_req *r, mc_error *err);
mc_err api_par_appraise(api_req *r, mc_error *err);
mc_err api_par_send(api_req *r, mc_error *err);
mc_err api_par_explain(api_req *r, mc_error *err);
/** A head of unit's scorecard across years (?from=&to=): the PAR INDEX of the final rounds, on-time rate, 766,
 *  satisfaction, feedback, tasks, findings and reports, each from its one computation. */
mc_err api_par_scorecard(api_req *r, mc_error *err);

/* PAR INDEX exports (api_parindex_export.c) */
/** The whole round as XLSX: the ranking and every unit's leaf scores (TẠM TÍNH while open); the council and, once
 *  final, the province's readers; others the round page's 404. */
mc_err api_par_round_xlsx(api_req *r, mc_error *err);
/** The annex of the ranking decision as PDF (national document style); final rounds only (409 while open). */
mc_err api_par_round_pdf(api_req *r, mc_error *err);

/* The provinces' national PAR INDEX and SIPAS (api_par_national.c, issue 17) */
/** GET /api/v1/par/national?province= (public): the province's value and rank per index and year, the count
 *  ranked, the national average, the best and worst rows known, the change against the year before. */
mc_err api_par_national(api_req *r, mc_error *err);
/** The same report for `province` as JSON (*out owned), for pages. MC_ERR_NOT_FOUND when years are loaded and
 *  none has a row of the province. */
mc_err api_par_national_report(api_req *r, const char *province, json_t **out, mc_error *err);

/* The national portal's reconciliation (api_portal.c, issue 18) */
/** GET /api/v1/portal/reconciliation?unit=&from=&to=: the dossiers of the unit's subtree submitted in the period
 *  whose messages to Cổng DVCQG are not all acknowledged, with the oldest one's status and why (ACT_REPORT_READ). */
mc_err api_portal_reconciliation(api_req *r, mc_error *err);
/** The same as CSV (UTF-8 with BOM, every cell quoted and guarded against formulas). */
mc_err api_portal_reconciliation_csv(api_req *r, mc_error *err);
/* Notifications (api_notify.c, issue 18) */
/** GET /api/v1/notifications?limit= (1..NOTIFY_LIST_MAX): the logged-in user's in-app list, newest first, and
 *  the unread count. */
mc_err api_notifications_list(api_req *r, mc_error *err);
/** POST /api/v1/notifications/{id}/read: marks one of the user's own notifications read (404 for another's). */
mc_err api_notifications_read(api_req *r, mc_error *err);
/** GET /api/v1/me/notify: the user's channels {email, sms, inapp} (all on until set). */
mc_err api_me_notify_get(api_req *r, mc_error *err);
/** PUT /api/v1/me/notify: turns channels on or off (the keys given; booleans). */
mc_err api_me_notify_put(api_req *r, mc_error *err);
/** GET /api/v1/outbox?state=&channel=&limit= (ACT_OUTBOX_MANAGE): the province's messages, newest first,
 *  without their payload. */
mc_err api_outbox_list(api_req *r, mc_error *err);
/** POST /api/v1/outbox/{id}/resend (ACT_OUTBOX_MANAGE): a dead message back to pending, journaled. */
mc_err api_outbox_resend(api_req *r, mc_error *err);

#endif
